// What the kinds declare for the verbs that need to know them (src/resources), so the kube/actions tests
// run the verbs exactly as the UI does: revision strategies, the drain plan, what a trigger creates.
import { resolveResource } from '../../src/resources/registry.js';
import type { Effect, SlimBase } from '../../src/resources/types.js';
import type { RevisionStrategy } from '../../src/kube/actions/catalog.js';
import type { DrainPlan } from '../../src/kube/actions/nodes.js';
import type { Instantiates } from '../../src/kube/actions/cronjob.js';
import type { ReleaseStorage } from '../../src/kube/actions/helm-records.js';

function effect(plural: string, cmd: string): Effect<SlimBase> {
  const c = resolveResource(plural)?.can?.find((x) => x.cmd === cmd);
  if (!c) throw new Error(`${plural} declares no ${cmd}`);
  return c.effect;
}
const rollback = (plural: string): RevisionStrategy => {
  const e = effect(plural, 'rollback');
  if (e.type !== 'rollback') throw new Error(`${plural}: rollback is not a rollback`);
  return e.revisions;
};
const args = <T>(plural: string, cmd: string): T => {
  const e = effect(plural, cmd);
  if (e.type !== 'action' || !e.args) throw new Error(`${plural}: ${cmd} has no args`);
  return e.args as T;
};

/** Deployments' revisions: their ReplicaSets. */
export const RS_REVISIONS = rollback('deployments');
/** StatefulSets' and DaemonSets' revisions: ControllerRevisions. */
export const CR_REVISIONS = rollback('statefulsets');
export const DRAIN_PLAN = args<DrainPlan>('nodes', 'drain');
export const JOB_CREATES = args<{ creates: Instantiates }>('cronjobs', 'trigger').creates;
/** Where helm release records live (Secrets and ConfigMaps), as `:helm`'s uninstall declares it. */
export const HELM_STORAGE = args<{ storage: readonly ReleaseStorage[] }>('helm', 'delete').storage;
