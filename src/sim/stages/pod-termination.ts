// Graceful termination as data: a pod with a deletionTimestamp is killed (Killing events), its running
// containers stop when they handle SIGTERM (a moment) or when the grace period runs out (exit 137), and
// then the kubelet removes the object. Pods with finalizers keep their object until those are removed.

import type { Pod } from '../../util/k8s.js';
import type { Stage } from '../kubelet/engine.js';
import { emit, refs, terminate } from '../kubelet/pod-status.js';
import type { PodEnv, Ref } from '../kubelet/pod-status.js';

const deleting = (p: Pod): boolean => !!p.metadata.deletionTimestamp;
const running = (p: Pod): Ref[] => {
  const r = refs(p);
  return [...r.init, ...r.main].filter((x) => x.cs.state?.running);
};
const hasStatuses = (p: Pod): boolean =>
  (p.status?.containerStatuses ?? []).length + (p.status?.initContainerStatuses ?? []).length > 0;
const graceLeft = (p: Pod, now: number): number => {
  const at = Date.parse(p.metadata.deletionTimestamp ?? '');
  return Number.isNaN(at) ? 0 : at - now;
};

export const terminationStages: readonly Stage<Pod, PodEnv>[] = [
  {
    name: 'pod-killing',
    kind: 'Pod',
    match: (p, env) => deleting(p) && hasStatuses(p) && !env.kubelet.killing.has(p.metadata.uid ?? ''),
    delayMs: 0,
    jitterMs: 300,
    next(p, env) {
      for (const r of running(p)) emit(env, p, 'Normal', 'Killing', `Stopping container ${r.spec.name}`, r);
      env.kubelet.killing.set(p.metadata.uid ?? '', env.now());
      return 'noop';
    },
  },
  {
    name: 'pod-containers-stopped',
    kind: 'Pod',
    match: (p, env) => deleting(p) && env.kubelet.killing.has(p.metadata.uid ?? '') && running(p).length > 0,
    delayMs: (p, env) => {
      const since = env.now() - (env.kubelet.killing.get(p.metadata.uid ?? '') ?? env.now());
      const stop = Math.max(...running(p).map((r) => r.plan.shutdownMs)) - since;
      return Math.min(stop, graceLeft(p, env.now()));
    },
    jitterMs: 500,
    next(p, env) {
      const ts = env.timestamp();
      const killed = graceLeft(p, env.now()) <= 0;
      for (const r of running(p)) {
        if (killed || r.plan.shutdownMs === Infinity) terminate(r, 137, 'Error', ts);
        else terminate(r, 0, 'Completed', ts);
      }
      // replaced, not changed in place: a status draft's conditions are the stored (frozen) items
      const conds = p.status?.conditions;
      for (const type of ['Ready', 'ContainersReady']) {
        const i = conds?.findIndex((x) => x.type === type) ?? -1;
        const c = conds?.[i];
        if (conds && c && c.status !== 'False')
          conds[i] = { ...c, status: 'False', lastTransitionTime: ts, reason: 'ContainersNotReady' };
      }
      return p;
    },
  },
  {
    name: 'pod-deleted',
    kind: 'Pod',
    match: (p, env) =>
      deleting(p) &&
      (p.metadata.finalizers ?? []).length === 0 &&
      (!hasStatuses(p) || (env.kubelet.killing.has(p.metadata.uid ?? '') && running(p).length === 0)),
    delayMs: 100,
    jitterMs: 300,
    next: () => 'delete',
  },
];
