// Timing helpers of the pod stages: which containers start next, when a container becomes ready or exits,
// how long its crash back-off has left.

import type { Pod } from '../../util/k8s.js';
import { memKey, refs, since, isSidecar, startContainer } from '../kubelet/pod-status.js';
import type { PodEnv, Ref } from '../kubelet/pod-status.js';

export const live = (p: Pod): boolean =>
  !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';
export const waiting = (r: Ref, ...reasons: string[]): boolean =>
  reasons.includes(r.cs.state?.waiting?.reason ?? '');
const INITIAL = ['ContainerCreating', 'PodInitializing'];

/** Containers the kubelet starts next: the first unfinished init container, else every new main one. */
export function startable(p: Pod): Ref[] {
  if (!live(p)) return [];
  const { init, main } = refs(p);
  for (const r of init) {
    if (isSidecar(r) ? r.cs.started : r.cs.state?.terminated?.exitCode === 0) continue;
    return waiting(r, ...INITIAL) ? [r] : [];
  }
  return main.filter((r) => waiting(r, ...INITIAL));
}

/**
 * all() and running() of the refs of the last stored (frozen) pod asked about, as refs() keeps them:
 * every stage's match() asks for them in turn on each pod event. A write draft's (unfrozen) refs are
 * worked out afresh each time, since the stage changes them.
 */
let cachedFor: { init: Ref[]; main: Ref[] } | undefined;
let cachedAll: Ref[] = [];
let cachedRunning: Ref[] = [];

function cache(r: { init: Ref[]; main: Ref[] }): void {
  if (r === cachedFor) return;
  cachedAll = Object.freeze([...r.init, ...r.main]) as Ref[];
  cachedRunning = Object.freeze(cachedAll.filter((x) => x.cs.state?.running)) as Ref[];
  cachedFor = r;
}

export const all = (p: Pod): Ref[] => {
  const r = refs(p);
  if (!Object.isFrozen(r)) return [...r.init, ...r.main];
  cache(r);
  return cachedAll;
};
export const running = (p: Pod): Ref[] => {
  const r = refs(p);
  if (!Object.isFrozen(r)) return [...r.init, ...r.main].filter((x) => x.cs.state?.running);
  cache(r);
  return cachedRunning;
};

/** ms until `r` becomes started/ready per its probes, or undefined when nothing is pending. */
export function readyDue(r: Ref, now: number): number | undefined {
  const up = since(r.cs.state?.running?.startedAt, now);
  if (!r.cs.started) return r.plan.startupMs - up;
  if (!r.init && !r.cs.ready && r.plan.readyMs !== undefined) return r.plan.readyMs - up;
  return undefined;
}

/** ms until `r` exits on its own or fails its liveness probe. */
export function exitDue(r: Ref, now: number): number | undefined {
  const up = since(r.cs.state?.running?.startedAt, now);
  const t = Math.min(r.plan.runMs ?? Infinity, r.plan.livenessFailMs ?? Infinity);
  return Number.isFinite(t) ? t - up : undefined;
}

export const minDue = (rs: Ref[], f: (r: Ref) => number | undefined): number =>
  Math.min(...rs.map((r) => f(r) ?? Infinity));

export const backoffLeft = (p: Pod, r: Ref, env: PodEnv): number => {
  const fin = Date.parse(r.cs.state?.terminated?.finishedAt ?? r.cs.lastState?.terminated?.finishedAt ?? '');
  return env.kubelet.remaining(memKey(p, r), Number.isNaN(fin) ? env.now() : fin, env.now());
};

export function restart(p: Pod, r: Ref, env: PodEnv): void {
  startContainer(p, r, env, true);
  env.kubelet.raise(memKey(p, r), env.now());
}
