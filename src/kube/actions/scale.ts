// scale: a merge patch of the scale subresource, `{"spec":{"replicas":N}}`, exactly as kubectl sends it.
import { KubeError } from '../errors.js';
import { MERGE_PATCH, displayName, mutatingAction, ok, patch } from './core.js';
import type { ActionContext, ActionResult, ActionTarget } from './types.js';

const MAX_REPLICAS = 10_000;

/** The replica count typed by the user, or a KubeError (Invalid) explaining why it is not one. */
function parseReplicas(input: number | string): number | KubeError {
  const text = typeof input === 'number' ? String(input) : input.trim();
  if (!/^\d+$/.test(text)) return new KubeError('Invalid', `replicas must be a whole number from 0 to ${MAX_REPLICAS}, not "${text}"`);
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n > MAX_REPLICAS) return new KubeError('Invalid', `replicas must be at most ${MAX_REPLICAS}, not ${text}`);
  return n;
}

interface Scale {
  spec?: { replicas?: number };
  status?: { replicas?: number };
}

export function scale(ctx: ActionContext, target: ActionTarget, replicas: number | string): Promise<ActionResult<{ replicas: number }>> {
  return mutatingAction(ctx, 'scale', async () => {
    const n = parseReplicas(replicas);
    if (n instanceof KubeError) throw n;
    const res = await patch<Scale>(ctx, target, MERGE_PATCH, { spec: { replicas: n } }, 'scale');
    return ok(`${displayName(target)} scaled`, { replicas: res?.spec?.replicas ?? n });
  });
}
