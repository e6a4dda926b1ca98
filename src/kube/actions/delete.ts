// delete and force kill: DELETE with DeleteOptions in the body, as kubectl sends them
// (`{"propagationPolicy":"Background"}`, plus `gracePeriodSeconds` when given; kill = grace 0).
import { KubeError } from '../errors.js';
import { objectPath } from '../resource-path.js';
import { mutatingAction, ok, quotedName, write } from './core.js';
import type { ActionContext, ActionResult, ActionTarget } from './types.js';

type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions {
  /** Seconds; default: the object's own. 0 deletes at once (force). */
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
}

const POLICIES: readonly string[] = ['Background', 'Foreground', 'Orphan'];

function deleteBody(opts: DeleteOptions): Record<string, unknown> {
  const g = opts.gracePeriodSeconds;
  if (g !== undefined && (!Number.isSafeInteger(g) || g < 0)) {
    throw new KubeError('Invalid', `grace period must be a whole number of seconds ≥ 0, not ${g}`);
  }
  const p = opts.propagationPolicy ?? 'Background';
  if (!POLICIES.includes(p)) throw new KubeError('Invalid', `propagation policy must be Background, Foreground or Orphan, not "${p}"`);
  return { ...(g !== undefined ? { gracePeriodSeconds: g } : {}), propagationPolicy: p };
}

export function deleteObject(ctx: ActionContext, target: ActionTarget, opts: DeleteOptions = {}): Promise<ActionResult> {
  return mutatingAction(ctx, 'delete', async () => {
    const body = deleteBody(opts);
    await write(ctx, objectPath(target, target.name), { method: 'DELETE', body });
    return ok(`${quotedName(target)} deleted`, undefined);
  });
}

/** Force kill a pod: delete with gracePeriodSeconds 0 (kubectl delete --grace-period=0 --force). */
export function killPod(ctx: ActionContext, target: ActionTarget): Promise<ActionResult> {
  return mutatingAction(ctx, 'kill', async () => {
    await write(ctx, objectPath(target, target.name), { method: 'DELETE', body: deleteBody({ gracePeriodSeconds: 0 }) });
    return ok(`${quotedName(target)} force deleted`, undefined);
  });
}
