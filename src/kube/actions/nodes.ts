// cordon, uncordon and drain. cordon/uncordon are merge patches of spec.unschedulable (uncordon sends
// `null`, as kubectl's two-way diff of `false` does). drain = cordon, then evict (or, where the server has
// no eviction subresource, delete) every pod on the node except DaemonSet-owned and mirror pods, refusing
// like kubectl when unmanaged or emptyDir pods would be lost without `force` / `deleteEmptyDirData`.
import type { KObject, Pod } from '../../util/k8s.js';
import { KubeError, toKubeError } from '../errors.js';
import { objectPath } from '../resource-path.js';
import { MERGE_PATCH, displayName, getObject, mutatingAction, ok, patch, write } from './core.js';
import type { ActionContext, ActionResult, ActionTarget, DrainResult } from './types.js';
import { collectionPath } from '../resource-path.js';
import type { Collection } from './catalog.js';

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

interface NodeObj extends KObject {
  spec?: { unschedulable?: boolean };
}

async function setUnschedulable(ctx: ActionContext, target: ActionTarget, on: boolean): Promise<boolean> {
  const node = await getObject<NodeObj>(ctx, target);
  if ((node.spec?.unschedulable === true) === on) return false;
  await patch(ctx, target, MERGE_PATCH, { spec: { unschedulable: on ? true : null } });
  return true;
}

export function cordon(ctx: ActionContext, target: ActionTarget): Promise<ActionResult<{ changed: boolean }>> {
  return mutatingAction(ctx, 'cordon', async () => {
    const changed = await setUnschedulable(ctx, target, true);
    return ok(`${displayName(target)} ${changed ? 'cordoned' : 'already cordoned'}`, { changed });
  });
}

export function uncordon(ctx: ActionContext, target: ActionTarget): Promise<ActionResult<{ changed: boolean }>> {
  return mutatingAction(ctx, 'uncordon', async () => {
    const changed = await setUnschedulable(ctx, target, false);
    return ok(`${displayName(target)} ${changed ? 'uncordoned' : 'already uncordoned'}`, { changed });
  });
}

/** What the node's kind declares about draining it: where its pods are, and whose pods stay (DaemonSets'). */
export interface DrainPlan {
  pods: Collection;
  /** Controller kinds whose pods are left in place, as kubectl's --ignore-daemonsets does. */
  keepOwnedBy: readonly string[];
}

export interface DrainOptions extends DrainPlan {
  /** Also remove pods no controller manages (they are gone for good). kubectl --force. */
  force?: boolean;
  /** Also remove pods with emptyDir volumes (their data is lost). kubectl --delete-emptydir-data. */
  deleteEmptyDirData?: boolean;
  gracePeriodSeconds?: number;
  /** Evict through the eviction subresource (default true; honours PodDisruptionBudgets). */
  useEviction?: boolean;
}

type Verdict = { remove: true } | { remove: false; skip?: string; refuse?: string };

function verdict(p: Pod, o: DrainOptions): Verdict {
  const ctl = (p.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  if (p.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined) return { remove: false, skip: 'mirror pod' };
  if (ctl && o.keepOwnedBy.includes(ctl.kind)) return { remove: false, skip: `${ctl.kind}-managed` };
  if (p.metadata.deletionTimestamp) return { remove: false, skip: 'already terminating' };
  const finished = p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
  if (!finished && !ctl && !o.force) return { remove: false, refuse: 'declares no controller (drain with force to delete it)' };
  const vols = ((p.spec as { volumes?: { emptyDir?: unknown }[] } | undefined)?.volumes ?? []).filter((v) => v.emptyDir !== undefined);
  if (!finished && vols.length > 0 && !o.deleteEmptyDirData) return { remove: false, refuse: 'uses emptyDir local storage (drain with deleteEmptyDirData to delete it)' };
  return { remove: true };
}

const podKey = (p: Pod): string => `${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`;

async function removePod(ctx: ActionContext, p: Pod, o: DrainOptions): Promise<'removed' | 'gone'> {
  const t = { ...o.pods, namespace: p.metadata.namespace ?? '', name: p.metadata.name ?? '' };
  const deleteOptions = o.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: o.gracePeriodSeconds } : undefined;
  if (o.useEviction !== false) {
    const body = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: t.name, namespace: t.namespace }, ...(deleteOptions ? { deleteOptions } : {}) };
    try {
      await ctx.transport.request(objectPath(t, t.name, 'eviction'), { method: 'POST', body });
      return 'removed';
    } catch (e) {
      const k = toKubeError(e);
      // 404 (the pod is gone, or no eviction subresource) or 405 (not served): fall back to a plain delete;
      // anything else, such as 429 for a disruption budget, is this pod's failure
      if (k.reason !== 'NotFound' && k.code !== 405) throw k;
    }
  }
  try {
    await write(ctx, objectPath(t, t.name), { method: 'DELETE', body: { ...deleteOptions, propagationPolicy: 'Background' } });
    return 'removed';
  } catch (e) {
    if (toKubeError(e).reason === 'NotFound') return 'gone';
    throw e;
  }
}

export function drain(ctx: ActionContext, target: ActionTarget, opts: DrainOptions): Promise<ActionResult<DrainResult>> {
  return mutatingAction(ctx, 'drain', async () => {
    const list = await ctx.transport.request<{ items?: Pod[] }>(collectionPath(opts.pods), { query: { fieldSelector: `spec.nodeName=${target.name}` } });
    const pods = (list?.items ?? []).filter((p) => p.spec?.nodeName === target.name);
    const result: DrainResult = { cordoned: false, removed: [], skipped: [], failed: [] };
    const toRemove: Pod[] = [];
    const refused: string[] = [];
    for (const p of pods) {
      const v = verdict(p, opts);
      if (v.remove) toRemove.push(p);
      else if (v.refuse) refused.push(`${podKey(p)} ${v.refuse}`);
      else result.skipped.push(`${podKey(p)} (${v.skip ?? ''})`);
    }
    if (refused.length > 0) throw new KubeError('BadRequest', `cannot drain ${displayName(target)}: ${refused.join('; ')}`);
    result.cordoned = await setUnschedulable(ctx, target, true);
    for (const p of toRemove) {
      try {
        if ((await removePod(ctx, p, opts)) === 'removed') result.removed.push(podKey(p));
        else result.skipped.push(`${podKey(p)} (already gone)`);
      } catch (e) {
        result.failed.push(`${podKey(p)}: ${toKubeError(e).message}`);
      }
    }
    const parts = [`${result.removed.length} evicted`, `${result.skipped.length} skipped`];
    if (result.failed.length > 0) parts.push(`${result.failed.length} failed`);
    return ok(`${displayName(target)} drained (${parts.join(', ')})`, result);
  });
}
