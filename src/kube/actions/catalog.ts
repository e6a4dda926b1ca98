// Actions as data (ARCHITECTURE.md convention 4): what each action is called, whether it mutates or
// needs a confirmation, which kinds (plurals) it applies to, and why it is disabled for a given row.
// The UI maps ids to keys and dialogs; runAction (runner.ts) runs them by id.

/** The fields of a slim record that `when` looks at; every field is optional so any record fits. */
export interface ActionSubject {
  /** metadata.deletionTimestamp is set. */
  deleting?: boolean;
  /** Deployment spec.paused. */
  paused?: boolean;
  /** Node spec.unschedulable. */
  unschedulable?: boolean;
}

export type ActionId =
  | 'scale'
  | 'history'
  | 'undo'
  | 'restart'
  | 'pause'
  | 'resume'
  | 'delete'
  | 'kill'
  | 'label'
  | 'annotate'
  | 'cordon'
  | 'uncordon'
  | 'drain'
  | 'trigger'
  | 'edit';

export interface ActionSpec {
  id: ActionId;
  label: string;
  /** The word in `read-only mode: <verb> refused`. */
  verb: string;
  /** Ask for confirmation first. */
  dangerous: boolean;
  /** Sends a write; hidden and refused in read-only mode. */
  mutating: boolean;
  /** Plurals it applies to; `*` = every kind. */
  kinds: readonly string[];
  /** Why the action is disabled for this row, or undefined when it is enabled. */
  when?: (rec: ActionSubject) => string | undefined;
}

export const ANY_KIND = '*';

const terminating = (r: ActionSubject): string | undefined => (r.deleting ? 'terminating' : undefined);

export const ACTIONS: readonly ActionSpec[] = [
  { id: 'scale', label: 'Scale', verb: 'scale', dangerous: false, mutating: true, kinds: ['deployments', 'replicasets', 'statefulsets'], when: terminating },
  { id: 'history', label: 'Rollout history', verb: 'rollout history', dangerous: false, mutating: false, kinds: ['deployments'] },
  {
    id: 'undo',
    label: 'Rollback',
    verb: 'rollout undo',
    dangerous: true,
    mutating: true,
    kinds: ['deployments'],
    when: (r) => terminating(r) ?? (r.paused ? 'paused: resume it first' : undefined),
  },
  {
    id: 'restart',
    label: 'Restart',
    verb: 'rollout restart',
    dangerous: true,
    mutating: true,
    kinds: ['deployments', 'statefulsets', 'daemonsets'],
    when: (r) => terminating(r) ?? (r.paused ? 'paused: resume it first' : undefined),
  },
  { id: 'pause', label: 'Pause rollout', verb: 'rollout pause', dangerous: false, mutating: true, kinds: ['deployments'], when: (r) => (r.paused ? 'already paused' : undefined) },
  { id: 'resume', label: 'Resume rollout', verb: 'rollout resume', dangerous: false, mutating: true, kinds: ['deployments'], when: (r) => (r.paused ? undefined : 'not paused') },
  { id: 'delete', label: 'Delete', verb: 'delete', dangerous: true, mutating: true, kinds: [ANY_KIND], when: (r) => (r.deleting ? 'already terminating' : undefined) },
  { id: 'kill', label: 'Kill', verb: 'kill', dangerous: true, mutating: true, kinds: ['pods'] },
  { id: 'label', label: 'Label', verb: 'label', dangerous: false, mutating: true, kinds: [ANY_KIND] },
  { id: 'annotate', label: 'Annotate', verb: 'annotate', dangerous: false, mutating: true, kinds: [ANY_KIND] },
  { id: 'cordon', label: 'Cordon', verb: 'cordon', dangerous: false, mutating: true, kinds: ['nodes'], when: (r) => (r.unschedulable ? 'already cordoned' : undefined) },
  { id: 'uncordon', label: 'Uncordon', verb: 'uncordon', dangerous: false, mutating: true, kinds: ['nodes'], when: (r) => (r.unschedulable ? undefined : 'not cordoned') },
  { id: 'drain', label: 'Drain', verb: 'drain', dangerous: true, mutating: true, kinds: ['nodes'] },
  { id: 'trigger', label: 'Trigger', verb: 'trigger', dangerous: true, mutating: true, kinds: ['cronjobs'] },
  { id: 'edit', label: 'Edit', verb: 'apply', dangerous: false, mutating: true, kinds: [ANY_KIND], when: terminating },
];

const BY_ID = new Map<string, ActionSpec>(ACTIONS.map((a) => [a.id, a]));

export function actionSpec(id: string): ActionSpec | undefined {
  return BY_ID.get(id);
}

/** The actions offered for a kind; without the mutating ones in read-only mode. */
export function actionsFor(plural: string, opts: { readOnly?: boolean } = {}): ActionSpec[] {
  return ACTIONS.filter((a) => (a.kinds.includes(ANY_KIND) || a.kinds.includes(plural)) && !(opts.readOnly && a.mutating));
}

/** Why `id` cannot run on this row (wrong kind, read-only, or its own `when`), or undefined. */
export function disabledReason(id: ActionId, plural: string, rec: ActionSubject, opts: { readOnly?: boolean } = {}): string | undefined {
  const spec = BY_ID.get(id);
  if (!spec) return `unknown action ${id}`;
  if (!(spec.kinds.includes(ANY_KIND) || spec.kinds.includes(plural))) return `not available for ${plural}`;
  if (opts.readOnly && spec.mutating) return 'read-only mode';
  return spec.when?.(rec);
}
