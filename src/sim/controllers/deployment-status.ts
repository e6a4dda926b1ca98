// Deployment status and conditions (pkg/controller/deployment/sync.go calculateStatus, progress.go
// syncRolloutStatus): replica counts from the ReplicaSets, Available by maxUnavailable, Progressing with
// NewReplicaSetCreated / FoundNewReplicaSet / ReplicaSetUpdated / NewReplicaSetAvailable /
// ProgressDeadlineExceeded, DeploymentPaused / DeploymentResumed.

import type { Condition, Deployment, DeploymentStatus } from '../../util/k8s.js';
import { copyJson } from '../storage/index.js';
import { maxUnavailable } from './deployment-util.js';
import type { ReplicaSet } from './replicaset.js';
import { parseTime, timestamp } from './util.js';

export const PROGRESSING = 'Progressing';
const AVAILABLE = 'Available';
const NEW_RS_AVAILABLE = 'NewReplicaSetAvailable';
const TIMED_OUT = 'ProgressDeadlineExceeded';
const PAUSED = 'DeploymentPaused';
const RESUMED = 'DeploymentResumed';

export function condition(status: DeploymentStatus, type: string): Condition | undefined {
  return status.conditions?.find((c) => c.type === type);
}

export function newCondition(
  type: string,
  status: Condition['status'],
  reason: string,
  message: string,
  now: number,
): Condition {
  const ts = timestamp(now);
  return { type, status, lastUpdateTime: ts, lastTransitionTime: ts, reason, message };
}

/** SetDeploymentCondition: same status and reason → keep the old one; same status → keep its transition time. */
export function setCondition(status: DeploymentStatus, c: Condition): void {
  const conds = (status.conditions ??= []);
  const i = conds.findIndex((x) => x.type === c.type);
  const cur = conds[i];
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  if (cur && cur.status === c.status) c.lastTransitionTime = cur.lastTransitionTime;
  if (i >= 0) conds.splice(i, 1);
  conds.push(c);
}

const sum = (rss: readonly ReplicaSet[], f: (rs: ReplicaSet) => number | undefined): number =>
  rss.reduce((n, rs) => n + (f(rs) ?? 0), 0);

/** calculateStatus: counts from all ReplicaSets, the Available condition. */
export function calculateStatus(
  all: readonly ReplicaSet[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
  now: number,
): DeploymentStatus {
  const available = sum(all, (rs) => rs.status?.availableReplicas);
  const total = sum(all, (rs) => rs.spec?.replicas);
  const st: DeploymentStatus & { collisionCount?: number } = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas: sum(all, (rs) => rs.status?.replicas),
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: sum(all, (rs) => rs.status?.readyReplicas),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    conditions: copyJson(d.status?.conditions ?? []),
  };
  const cc = (d.status as { collisionCount?: number } | undefined)?.collisionCount;
  if (cc) st.collisionCount = cc;
  const desired = d.spec?.replicas ?? 1;
  if (available >= desired - maxUnavailable(d))
    setCondition(
      st,
      newCondition(
        AVAILABLE,
        'True',
        'MinimumReplicasAvailable',
        'Deployment has minimum availability.',
        now,
      ),
    );
  else
    setCondition(
      st,
      newCondition(
        AVAILABLE,
        'False',
        'MinimumReplicasUnavailable',
        'Deployment does not have minimum availability.',
        now,
      ),
    );
  return st;
}

export function deploymentComplete(d: Deployment, st: DeploymentStatus): boolean {
  const desired = d.spec?.replicas ?? 1;
  return (
    (st.updatedReplicas ?? 0) === desired &&
    (st.replicas ?? 0) === desired &&
    (st.availableReplicas ?? 0) === desired &&
    (st.observedGeneration ?? 0) >= (d.metadata.generation ?? 1)
  );
}

function progressing(d: Deployment, st: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (st.replicas ?? 0) - (st.updatedReplicas ?? 0);
  return (
    (st.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (st.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (st.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/**
 * syncRolloutStatus: the Progressing condition for `st` (mutated). Returns ms after which the deployment
 * must be looked at again to notice a missed progress deadline, or undefined.
 */
export function rolloutConditions(
  d: Deployment,
  st: DeploymentStatus,
  newRS: ReplicaSet | undefined,
  now: number,
): number | undefined {
  const deadline = d.spec?.progressDeadlineSeconds;
  const cur = condition(st, PROGRESSING);
  const complete = st.replicas === st.updatedReplicas && cur?.reason === NEW_RS_AVAILABLE;
  const what = newRS ? `ReplicaSet "${newRS.metadata.name ?? ''}"` : `Deployment "${d.metadata.name ?? ''}"`;
  if (deadline === undefined || complete || d.spec?.paused) return undefined;
  if (deploymentComplete(d, st)) {
    setCondition(
      st,
      newCondition(PROGRESSING, 'True', NEW_RS_AVAILABLE, `${what} has successfully progressed.`, now),
    );
    return undefined;
  }
  if (progressing(d, st)) {
    const c = newCondition(PROGRESSING, 'True', 'ReplicaSetUpdated', `${what} is progressing.`, now);
    if (cur) {
      if (cur.status === 'True') c.lastTransitionTime = cur.lastTransitionTime;
      st.conditions = (st.conditions ?? []).filter((x) => x.type !== PROGRESSING);
    }
    (st.conditions ??= []).push(c);
    return deadline * 1000;
  }
  if (!cur || cur.reason === TIMED_OUT) return undefined;
  const from = parseTime(cur.lastUpdateTime);
  if (Number.isNaN(from)) return undefined;
  const due = from + deadline * 1000;
  if (now >= due) {
    setCondition(
      st,
      newCondition(PROGRESSING, 'False', TIMED_OUT, `${what} has timed out progressing.`, now),
    );
    return undefined;
  }
  return due - now;
}

/** checkPausedConditions: Progressing Unknown while paused, DeploymentResumed once resumed. */
export function pausedConditions(d: Deployment, st: DeploymentStatus, now: number): void {
  if (d.spec?.progressDeadlineSeconds === undefined) return;
  const cur = condition(st, PROGRESSING);
  if (cur?.reason === TIMED_OUT) return;
  const pausedCond = cur?.reason === PAUSED;
  if (d.spec.paused && !pausedCond)
    setCondition(st, newCondition(PROGRESSING, 'Unknown', PAUSED, 'Deployment is paused', now));
  else if (!d.spec.paused && pausedCond)
    setCondition(st, newCondition(PROGRESSING, 'Unknown', RESUMED, 'Deployment is resumed', now));
}

/** Drop zero counts, as the API's omitempty does. */
export function compactStatus(st: DeploymentStatus): DeploymentStatus {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(st)) if (v !== 0 && v !== undefined) out[k] = v;
  return out as DeploymentStatus;
}
