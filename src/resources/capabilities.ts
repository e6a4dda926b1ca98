// What can be done with a kind's rows, declared in the kind's own file (`can: [...]`). Each capability is
// bound to one keymap command; the header hints, `?` help, read-only notices, the dialogs and the key
// router are all derived from these declarations, and a test checks that no kind binds one key twice.
// Nothing outside src/resources lists which kind can do what.
import type { RevisionStrategy } from '../kube/actions/catalog.js';
import type { Capability, SlimBase } from './types.js';

export type { Capability, Effect, ForwardSpec, LogTargetSpec, ShellSpec } from './types.js';
export type { RevisionStrategy };

/** Declares a capability with the record type of the kind it belongs to. */
export const capability = <R extends SlimBase>(c: Capability<R>): Capability<R> => c;

const terminating = (r: SlimBase): string | undefined => (r.deleting ? 'terminating' : undefined);

const describeCap: Capability = { cmd: 'describe', label: 'Describe', effect: { type: 'describe' }, mutating: false, hint: true };
const yamlCap: Capability = { cmd: 'yaml', label: 'YAML', effect: { type: 'yaml' }, mutating: false, hint: true };
const editCap: Capability = { cmd: 'edit', label: 'Edit', effect: { type: 'edit' }, mutating: true, hint: true, when: terminating };
const deleteCap: Capability = {
  cmd: 'delete',
  label: 'Delete',
  effect: { type: 'action', action: 'delete', confirm: (who) => [`Delete ${who}?`, 'Pods are stopped gracefully; owned objects are deleted in the background.'] },
  mutating: true,
  hint: true,
  when: (r) => (r.deleting ? 'already terminating' : undefined),
};

/** What every kind the cluster serves offers: describe, YAML, edit and delete. */
export const served: readonly Capability[] = [describeCap, yamlCap, editCap, deleteCap];

/** `l`: the logs of the pods the row drills down to (workloads, services), merged. */
export const logsOfPods: Capability = { cmd: 'logs', label: 'Logs', effect: { type: 'logs', targets: 'drill' }, mutating: false, hint: true };

/** `s` on a workload with a scale subresource. */
export function scaleCap<R extends SlimBase>(replicas: (rec: R) => number): Capability<R> {
  return { cmd: 'scale', label: 'Scale', effect: { type: 'scale', replicas }, mutating: true, hint: true, when: terminating };
}

/** StatefulSets and DaemonSets keep their revisions as apps/v1 ControllerRevisions. */
export const CONTROLLER_REVISIONS: RevisionStrategy = { via: 'controller-revisions', from: { group: 'apps', version: 'v1', plural: 'controllerrevisions' } };

/** `u`: rollout history and undo through the kind's revisions. */
export function rollbackCap<R extends SlimBase & { paused?: boolean }>(revisions: RevisionStrategy): Capability<R> {
  return {
    cmd: 'rollback',
    label: 'Rollback',
    effect: { type: 'rollback', revisions },
    mutating: true,
    hint: true,
    when: (r) => terminating(r) ?? (r.paused ? 'paused: resume it first' : undefined),
  };
}

/** `r`: rollout restart (a new pod template annotation). */
export function restartCap<R extends SlimBase & { paused?: boolean }>(): Capability<R> {
  return {
    cmd: 'restart',
    label: 'Restart',
    effect: { type: 'action', action: 'restart', confirm: (who) => [`Restart ${who}?`, 'Its pods are replaced one by one, as a rollout does.'] },
    mutating: true,
    hint: true,
    when: (r) => terminating(r) ?? (r.paused ? 'paused: resume it first' : undefined),
  };
}
