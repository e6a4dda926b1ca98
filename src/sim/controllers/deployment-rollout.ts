// The Deployment controller's replica arithmetic (pkg/controller/deployment/rolling.go, recreate.go,
// sync.go scale): how far the new ReplicaSet may grow and the old ones shrink under maxSurge and
// maxUnavailable, proportional scaling during a rollout, and Recreate's scale-down. Writes go through
// `scale`, which records the ScalingReplicaSet event.

import type { Deployment } from '../../util/k8s.js';
import { byCreation, DESIRED_REPLICAS, maxSurge, maxUnavailable, replicasOf } from './deployment-util.js';
import type { ReplicaSet } from './replicaset.js';

export interface RolloutOps {
  d: Deployment;
  /** Set rs.spec.replicas (and the desired/max annotations); returns the stored result. */
  scale(rs: ReplicaSet, replicas: number): ReplicaSet;
}

const total = (rss: readonly (ReplicaSet | undefined)[]): number =>
  rss.reduce((n, rs) => n + replicasOf(rs), 0);
const available = (rss: readonly (ReplicaSet | undefined)[]): number =>
  rss.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);
const desired = (d: Deployment): number => d.spec?.replicas ?? 1;

/** NewRSNewReplicas: the new RS's size after one rolling step. */
export function newRSReplicas(
  d: Deployment,
  all: readonly ReplicaSet[],
  newRS: ReplicaSet | undefined,
): number {
  if (!d.spec?.strategy || d.spec.strategy.type === 'Recreate') return desired(d);
  const cur = replicasOf(newRS);
  const maxTotal = desired(d) + maxSurge(d);
  const count = total(all);
  if (count >= maxTotal) return cur;
  return cur + Math.max(0, Math.min(maxTotal - count, desired(d) - cur));
}

/** reconcileNewReplicaSet: true when the new RS was scaled. */
export function reconcileNewRS(o: RolloutOps, all: readonly ReplicaSet[], newRS: ReplicaSet): boolean {
  const want = desired(o.d);
  if (replicasOf(newRS) === want) return false;
  if (replicasOf(newRS) > want) {
    o.scale(newRS, want);
    return true;
  }
  const n = newRSReplicas(o.d, all, newRS);
  if (n === replicasOf(newRS)) return false;
  o.scale(newRS, n);
  return true;
}

/** reconcileOldReplicaSets: scale old RSs down as far as availability allows; unhealthy ones first. */
export function reconcileOldRSs(o: RolloutOps, oldRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
  if (total(oldRSs) === 0) return false;
  const all = [...oldRSs, newRS];
  const minAvailable = desired(o.d) - maxUnavailable(o.d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = total(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  // cleanupUnhealthyReplicas
  let cleaned = 0;
  const olds = [...oldRSs].sort(byCreation);
  for (let i = 0; i < olds.length && cleaned < maxScaledDown; i++) {
    const rs = olds[i];
    if (!rs || replicasOf(rs) === 0) continue;
    const unhealthy = replicasOf(rs) - (rs.status?.availableReplicas ?? 0);
    if (unhealthy <= 0) continue;
    const n = Math.min(maxScaledDown - cleaned, unhealthy);
    olds[i] = o.scale(rs, replicasOf(rs) - n);
    cleaned += n;
  }
  // scaleDownOldReplicaSetsForRollingUpdate
  const availableNow = available([...olds, newRS]);
  let scaled = 0;
  if (availableNow > minAvailable) {
    const budget = availableNow - minAvailable;
    for (const rs of olds) {
      if (scaled >= budget) break;
      if (replicasOf(rs) === 0) continue;
      const n = Math.min(replicasOf(rs), budget - scaled);
      o.scale(rs, replicasOf(rs) - n);
      scaled += n;
    }
  }
  return cleaned + scaled > 0;
}

/** Recreate: every old RS to zero at once; true when anything changed. */
export function scaleDownForRecreate(o: RolloutOps, oldRSs: readonly ReplicaSet[]): boolean {
  let changed = false;
  for (const rs of oldRSs)
    if (replicasOf(rs) !== 0) {
      o.scale(rs, 0);
      changed = true;
    }
  return changed;
}

/** A scaling event: an active RS was sized for another spec.replicas (isScalingEvent). */
export function isScalingEvent(d: Deployment, all: readonly ReplicaSet[]): boolean {
  return all.some(
    (rs) =>
      replicasOf(rs) > 0 &&
      rs.metadata.annotations?.[DESIRED_REPLICAS] !== undefined &&
      rs.metadata.annotations[DESIRED_REPLICAS] !== String(desired(d)),
  );
}

/**
 * scale(): a single active RS follows spec.replicas; a saturated new RS lets the old ones go to zero;
 * otherwise, during a rolling update, spread the difference proportionally over the active RSs.
 */
export function proportionalScale(
  o: RolloutOps,
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
): void {
  const want = desired(o.d);
  const active = [...(newRS ? [newRS] : []), ...oldRSs].filter((rs) => replicasOf(rs) > 0);
  if (active.length <= 1) {
    const only = active[0] ?? newRS ?? [...oldRSs].sort(byCreation).pop();
    if (only && replicasOf(only) !== want) o.scale(only, want);
    return;
  }
  if (
    newRS &&
    replicasOf(newRS) === want &&
    newRS.metadata.annotations?.[DESIRED_REPLICAS] === String(want) &&
    (newRS.status?.availableReplicas ?? 0) === want
  ) {
    for (const rs of oldRSs) if (replicasOf(rs) !== 0) o.scale(rs, 0);
    return;
  }
  if (o.d.spec?.strategy?.type === 'Recreate') return;
  const allowed = want + maxSurge(o.d);
  const current = total(active);
  const toAdd = allowed - current;
  if (toAdd === 0) return;
  // biggest first when growing, smallest first when shrinking; newer before older on ties
  const order = [...active].sort((a, b) =>
    toAdd > 0
      ? replicasOf(b) - replicasOf(a) || byCreation(b, a)
      : replicasOf(a) - replicasOf(b) || byCreation(b, a),
  );
  const sizes = new Map(order.map((rs) => [rs, replicasOf(rs)]));
  let left = toAdd;
  for (const rs of order) {
    const share = Math.trunc((replicasOf(rs) * toAdd) / current);
    const step = toAdd > 0 ? Math.min(share, left) : Math.max(share, left);
    sizes.set(rs, Math.max(0, replicasOf(rs) + step));
    left -= step;
  }
  const first = order[0];
  if (first && left !== 0) sizes.set(first, Math.max(0, (sizes.get(first) ?? 0) + left));
  for (const [rs, n] of sizes)
    if (n !== replicasOf(rs) || rs.metadata.annotations?.[DESIRED_REPLICAS] !== String(want)) o.scale(rs, n);
}
