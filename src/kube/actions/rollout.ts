// rollout restart, pause and resume. restart is kubectl's strategic-merge patch of the pod template's
// `kubectl.kubernetes.io/restartedAt` annotation; pause/resume are merge patches of spec.paused
// (resume sends `null`, which is what kubectl's two-way diff of `paused: false` produces).
import type { KObject } from '../../util/k8s.js';
import { KubeError } from '../errors.js';
import { MERGE_PATCH, STRATEGIC_PATCH, displayName, getObject, mutatingAction, ok, patch } from './core.js';
import type { ActionContext, ActionResult, ActionTarget } from './types.js';

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/** RFC 3339 in UTC without fractions, as Go's time.RFC3339 prints it: 2026-01-02T03:04:05Z. */
function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}

interface Pausable extends KObject {
  spec?: { paused?: boolean };
}

export function restart(ctx: ActionContext, target: ActionTarget): Promise<ActionResult<{ restartedAt: string }>> {
  return mutatingAction(ctx, 'rollout restart', async () => {
    // a workload that can be paused (spec.paused) refuses while it is, as kubectl does
    const obj = await getObject<Pausable>(ctx, target);
    if (obj.spec?.paused) throw new KubeError('BadRequest', `${displayName(target)}: can't restart paused ${displayName(target).split(/[./]/)[0] ?? 'object'} (run rollout resume first)`);
    const at = rfc3339(ctx.now?.() ?? new Date());
    await patch(ctx, target, STRATEGIC_PATCH, { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: at } } } } });
    return ok(`${displayName(target)} restarted`, { restartedAt: at });
  });
}

function setPaused(ctx: ActionContext, target: ActionTarget, paused: boolean): Promise<ActionResult<{ changed: boolean }>> {
  const verb = paused ? 'rollout pause' : 'rollout resume';
  return mutatingAction<{ changed: boolean }>(ctx, verb, async () => {
    const d = await getObject<Pausable>(ctx, target);
    if ((d.spec?.paused === true) === paused) {
      return ok(`${displayName(target)} ${paused ? 'already paused' : 'is not paused'}`, { changed: false });
    }
    await patch(ctx, target, MERGE_PATCH, { spec: { paused: paused ? true : null } });
    return ok(`${displayName(target)} ${paused ? 'paused' : 'resumed'}`, { changed: true });
  });
}

export function pause(ctx: ActionContext, target: ActionTarget): Promise<ActionResult<{ changed: boolean }>> {
  return setPaused(ctx, target, true);
}

export function resume(ctx: ActionContext, target: ActionTarget): Promise<ActionResult<{ changed: boolean }>> {
  return setPaused(ctx, target, false);
}
