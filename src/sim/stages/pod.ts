// The pod lifecycle as data: schedule → ContainerCreating → Running (ready), and, for pods annotated
// `sim.kubedeck.dev/behavior: crashloop`, Running → Error → CrashLoopBackOff with growing restarts and
// kubelet's back-off (10 s doubling to 300 s). Each stage matches only pods that do not yet show its
// result. Golden input → output pairs live in test/sim/stages.test.ts.

import type { Condition, ContainerStatus, Pod } from '../../util/k8s.js';
import type { Stage, StageEnv } from '../kubelet/engine.js';
import type { Ipam } from '../ipam.js';
import type { EventSink } from '../controllers/events.js';
import type { SimNode } from '../scenarios/types.js';

export type { SimNode } from '../scenarios/types.js';

export interface PodEnv extends StageEnv {
  nodes: readonly SimNode[];
  ipam: Ipam;
  events: EventSink;
}

export const BEHAVIOR_ANNOTATION = 'sim.kubedeck.dev/behavior';
export type Behavior = 'normal' | 'crashloop';

export function behaviorOf(p: Pod): Behavior {
  return p.metadata.annotations?.[BEHAVIOR_ANNOTATION] === 'crashloop' ? 'crashloop' : 'normal';
}

const live = (p: Pod): boolean =>
  !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';
const statuses = (p: Pod): ContainerStatus[] => p.status?.containerStatuses ?? [];
const allWaiting = (p: Pod, reasons: string[]): boolean =>
  statuses(p).length > 0 && statuses(p).every((c) => reasons.includes(c.state?.waiting?.reason ?? ''));
const allRunning = (p: Pod): boolean =>
  statuses(p).length > 0 && statuses(p).every((c) => c.state?.running !== undefined);
const allTerminated = (p: Pod): boolean =>
  statuses(p).length > 0 && statuses(p).every((c) => c.state?.terminated !== undefined);

/** Kubelet's crash back-off before restart number `restarts + 1`: 10 s doubling, capped at 300 s. */
export function backoffMs(restarts: number): number {
  return Math.min(300_000, 10_000 * 2 ** Math.max(0, restarts - 1));
}

/** Go's time.Duration String for whole seconds: 10s, 2m40s, 5m0s. */
export function goDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  return m > 0 ? `${m}m${seconds % 60}s` : `${seconds}s`;
}

function hex(env: StageEnv, n: number): string {
  return env.rng.chars(n, '0123456789abcdef');
}

function setCondition(
  p: Pod,
  type: string,
  status: Condition['status'],
  ts: string,
  reason?: string,
  message?: string,
): void {
  const st = (p.status ??= {});
  const conds = (st.conditions ??= []);
  const i = conds.findIndex((c) => c.type === type);
  const prev = conds[i];
  const c: Condition = {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : ts,
  };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  if (i >= 0) conds[i] = c;
  else conds.push(c);
  const order = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];
  conds.sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
}

function setReady(p: Pod, ready: boolean, ts: string): void {
  const names = (p.spec?.containers ?? []).map((c) => c.name).join(' ');
  const msg = ready ? undefined : `containers with unready status: [${names}]`;
  setCondition(p, 'Ready', ready ? 'True' : 'False', ts, ready ? undefined : 'ContainersNotReady', msg);
  setCondition(
    p,
    'ContainersReady',
    ready ? 'True' : 'False',
    ts,
    ready ? undefined : 'ContainersNotReady',
    msg,
  );
}

function nodeOf(p: Pod, env: PodEnv): SimNode | undefined {
  return env.nodes.find((n) => n.name === p.spec?.nodeName);
}

function ensurePodIP(p: Pod, env: PodEnv): void {
  const st = (p.status ??= {});
  if (st.podIP) return;
  const ip = env.ipam.allocatePodIP(nodeOf(p, env)?.index ?? 0);
  st.podIP = ip;
  st.podIPs = [{ ip }];
}

const imageRef = (image: string | undefined): string => {
  const img = image ?? 'unknown';
  const bare = img.replace(/:[^/:]+$/, '');
  return bare.includes('/') ? bare : `docker.io/library/${bare}`;
};

function startContainers(p: Pod, env: PodEnv, ready: boolean): void {
  const ts = env.timestamp();
  for (const cs of statuses(p)) {
    cs.state = { running: { startedAt: ts } };
    cs.ready = ready;
    cs.started = true;
    cs.containerID = `containerd://${hex(env, 64)}`;
    if (!cs.imageID) cs.imageID = `${imageRef(cs.image)}@sha256:${hex(env, 64)}`;
  }
  const st = (p.status ??= {});
  st.phase = 'Running';
  ensurePodIP(p, env);
  setCondition(p, 'PodReadyToStartContainers', 'True', ts);
  setReady(p, ready, ts);
}

export const podStages: readonly Stage<Pod, PodEnv>[] = [
  {
    name: 'pod-container-creating',
    kind: 'Pod',
    match: (p) => live(p) && !!p.spec?.nodeName && statuses(p).length === 0,
    delayMs: 300,
    jitterMs: 700,
    next(p, env) {
      const ts = env.timestamp();
      const st = (p.status ??= {});
      const node = nodeOf(p, env);
      st.phase = 'Pending';
      if (node) {
        st.hostIP = node.hostIP;
        (st as Record<string, unknown>)['hostIPs'] = [{ ip: node.hostIP }];
      }
      st.startTime = ts;
      st.containerStatuses = (p.spec?.containers ?? []).map((c) => ({
        name: c.name,
        image: c.image ?? '',
        imageID: '',
        ready: false,
        started: false,
        restartCount: 0,
        state: { waiting: { reason: 'ContainerCreating' } },
        lastState: {},
      }));
      setCondition(p, 'PodReadyToStartContainers', 'False', ts);
      setCondition(p, 'Initialized', 'True', ts);
      setReady(p, false, ts);
      setCondition(p, 'PodScheduled', 'True', ts);
      return p;
    },
  },
  {
    name: 'pod-running',
    kind: 'Pod',
    match: (p) => live(p) && behaviorOf(p) === 'normal' && allWaiting(p, ['ContainerCreating']),
    delayMs: 1200,
    jitterMs: 2300,
    next(p, env) {
      startContainers(p, env, true);
      return p;
    },
  },
  {
    name: 'crashloop-start',
    kind: 'Pod',
    match: (p) =>
      live(p) && behaviorOf(p) === 'crashloop' && allWaiting(p, ['ContainerCreating', 'CrashLoopBackOff']),
    delayMs: (p) =>
      allWaiting(p, ['ContainerCreating']) ? 1500 : backoffMs(statuses(p)[0]?.restartCount ?? 1),
    jitterMs: 500,
    next(p, env) {
      // no readiness probe: a running container counts as ready until it dies (READY flaps 1/1 ↔ 0/1)
      startContainers(p, env, true);
      return p;
    },
  },
  {
    name: 'crashloop-exit',
    kind: 'Pod',
    match: (p) => live(p) && behaviorOf(p) === 'crashloop' && allRunning(p),
    delayMs: 2500,
    jitterMs: 1500,
    next(p, env) {
      const ts = env.timestamp();
      for (const cs of statuses(p)) {
        const startedAt = cs.state?.running?.startedAt ?? ts;
        cs.state = {
          terminated: {
            exitCode: 1,
            reason: 'Error',
            startedAt,
            finishedAt: ts,
            ...(cs.containerID ? { containerID: cs.containerID } : {}),
          },
        };
        cs.ready = false;
        cs.started = false;
      }
      setReady(p, false, ts);
      return p;
    },
  },
  {
    name: 'crashloop-backoff',
    kind: 'Pod',
    match: (p) => live(p) && behaviorOf(p) === 'crashloop' && allTerminated(p),
    delayMs: 200,
    jitterMs: 600,
    next(p) {
      for (const cs of statuses(p)) {
        cs.lastState = { terminated: cs.state?.terminated ?? { exitCode: 1, reason: 'Error' } };
        cs.restartCount = (cs.restartCount ?? 0) + 1;
        const wait = goDuration(backoffMs(cs.restartCount) / 1000);
        cs.state = {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: `back-off ${wait} restarting failed container=${cs.name} pod=${p.metadata.name ?? ''}_${p.metadata.namespace ?? ''}(${p.metadata.uid ?? ''})`,
          },
        };
      }
      return p;
    },
  },
  {
    name: 'pod-terminating',
    kind: 'Pod',
    match: (p) => !!p.metadata.deletionTimestamp && statuses(p).some((c) => !c.state?.terminated),
    delayMs: 500,
    jitterMs: 1000,
    next(p, env) {
      const ts = env.timestamp();
      for (const cs of statuses(p)) {
        if (cs.state?.terminated) continue;
        const startedAt = cs.state?.running?.startedAt;
        cs.state = {
          terminated: {
            exitCode: startedAt ? 0 : 137,
            reason: startedAt ? 'Completed' : 'Error',
            ...(startedAt ? { startedAt } : {}),
            finishedAt: ts,
            ...(cs.containerID ? { containerID: cs.containerID } : {}),
          },
        };
        cs.ready = false;
        cs.started = false;
      }
      setReady(p, false, ts);
      return p;
    },
  },
  {
    name: 'pod-deleted',
    kind: 'Pod',
    match: (p) => !!p.metadata.deletionTimestamp && statuses(p).every((c) => !!c.state?.terminated),
    delayMs: 100,
    jitterMs: 200,
    next: () => 'delete',
  },
];
