// The pod lifecycle as data (kwok's stages, plus what kwok leaves out), played by the stage engine on the
// kubelet's side once the scheduler has bound a pod: ContainerCreating → init containers one by one →
// image pull (ErrImagePull → ImagePullBackOff for a `does-not-exist` tag) → Running, readiness after the
// probes say so, containers that exit (Completed / Error / OOMKilled), liveness failures, restarts with
// CrashLoopBackOff's real back-off, Succeeded / Failed for pods that run to an end, and graceful
// termination. How each container behaves comes from kubelet/behaviour.ts. Each stage matches only pods
// that do not yet show its result; golden input → output pairs live in test/sim/stages*.test.ts.

import type { Pod } from '../../util/k8s.js';
import type { Stage } from '../kubelet/engine.js';
import {
  emit,
  memKey,
  nodeNamed,
  refresh,
  restarts,
  since,
  setCondition,
  startContainer,
  terminate,
} from '../kubelet/pod-status.js';
import type { PodEnv } from '../kubelet/pod-status.js';
import { ephemeralStages } from './pod-ephemeral.js';
import { terminationStages } from './pod-termination.js';
import {
  all,
  backoffLeft,
  exitDue,
  live,
  minDue,
  readyDue,
  restart,
  running,
  startable,
  waiting,
} from './pod-timing.js';

export type { PodEnv } from '../kubelet/pod-status.js';
export { BEHAVIOR_ANNOTATION } from '../kubelet/behaviour.js';

/** Go's time.Duration String for whole seconds: 10s, 2m40s, 5m0s. */
export function goDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  return m > 0 ? `${m}m${seconds % 60}s` : `${seconds}s`;
}

export const podStages: readonly Stage<Pod, PodEnv>[] = [
  {
    name: 'pod-container-creating',
    kind: 'Pod',
    match: (p) => live(p) && !!p.spec?.nodeName && !p.status?.containerStatuses,
    delayMs: 300,
    jitterMs: 700,
    next(p, env) {
      const ts = env.timestamp();
      const st = (p.status ??= {});
      const node = nodeNamed(env, p.spec?.nodeName);
      st.phase = 'Pending';
      if (node) {
        st.hostIP = node.hostIP;
        (st as Record<string, unknown>)['hostIPs'] = [{ ip: node.hostIP }];
      }
      st.startTime = ts;
      const hasInit = (p.spec?.initContainers ?? []).length > 0;
      const fresh = (reason: string) => (c: { name: string; image?: string }) => ({
        name: c.name,
        image: c.image ?? '',
        imageID: '',
        ready: false,
        started: false,
        restartCount: 0,
        state: { waiting: { reason } },
        lastState: {},
      });
      if (hasInit) st.initContainerStatuses = (p.spec?.initContainers ?? []).map(fresh('PodInitializing'));
      st.containerStatuses = (p.spec?.containers ?? []).map(
        fresh(hasInit ? 'PodInitializing' : 'ContainerCreating'),
      );
      setCondition(p, 'PodReadyToStartContainers', 'False', ts);
      refresh(p, ts);
      setCondition(p, 'PodScheduled', 'True', ts);
      return p;
    },
  },
  {
    name: 'container-start',
    kind: 'Pod',
    match: (p) => startable(p).length > 0,
    delayMs: 1200,
    jitterMs: 2300,
    next(p, env) {
      for (const r of startable(p)) startContainer(p, r, env, false);
      refresh(p, env.timestamp());
      return p;
    },
  },
  {
    name: 'image-pull-backoff',
    kind: 'Pod',
    match: (p) => live(p) && all(p).some((r) => waiting(r, 'ErrImagePull')),
    delayMs: 400,
    jitterMs: 600,
    next(p, env) {
      for (const r of all(p).filter((x) => waiting(x, 'ErrImagePull'))) {
        const image = r.spec.image ?? '';
        const k = memKey(p, r);
        const prev = env.kubelet.pullBackoff.get(k);
        env.kubelet.pullBackoff.set(k, { ms: prev ? Math.min(300_000, prev.ms * 2) : 10_000, at: env.now() });
        emit(env, p, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, r);
        emit(env, p, 'Warning', 'Failed', 'Error: ImagePullBackOff', r);
        r.cs.state = {
          waiting: {
            reason: 'ImagePullBackOff',
            message: `Back-off pulling image "${image}": ErrImagePull: ${r.plan.pullError ?? 'pull failed'}`,
          },
        };
      }
      return p;
    },
  },
  {
    name: 'image-pull-retry',
    kind: 'Pod',
    match: (p) => live(p) && all(p).some((r) => waiting(r, 'ImagePullBackOff')),
    delayMs: (p, env) =>
      minDue(
        all(p).filter((r) => waiting(r, 'ImagePullBackOff')),
        (r) => {
          const b = env.kubelet.pullBackoff.get(memKey(p, r));
          return b ? b.at + b.ms - env.now() : 0;
        },
      ),
    jitterMs: 500,
    next(p, env) {
      for (const r of all(p).filter((x) => waiting(x, 'ImagePullBackOff'))) startContainer(p, r, env, false);
      refresh(p, env.timestamp());
      return p;
    },
  },
  {
    name: 'container-ready',
    kind: 'Pod',
    match: (p) => live(p) && running(p).some((r) => readyDue(r, 0) !== undefined),
    delayMs: (p, env) => minDue(running(p), (r) => readyDue(r, env.now())),
    jitterMs: 300,
    next(p, env) {
      for (const r of running(p)) {
        const due = readyDue(r, env.now());
        if (due === undefined || due > 0) continue;
        if (!r.cs.started) {
          r.cs.started = true;
          if (!r.init && r.plan.readyMs !== undefined && r.plan.readyMs <= r.plan.startupMs)
            r.cs.ready = true;
        } else r.cs.ready = true;
      }
      refresh(p, env.timestamp());
      return p;
    },
  },
  {
    name: 'readiness-failing',
    kind: 'Pod',
    match: (p) => live(p) && running(p).some((r) => r.cs.started && !r.init && r.plan.readyMs === undefined),
    delayMs: (p) => {
      const probe = running(p).find((r) => r.plan.readyMs === undefined)?.spec.readinessProbe as
        { periodSeconds?: number } | undefined;
      return (probe?.periodSeconds ?? 10) * 1000;
    },
    jitterMs: 200,
    next(p, env) {
      for (const r of running(p).filter((x) => x.plan.readyMs === undefined && !x.init))
        emit(
          env,
          p,
          'Warning',
          'Unhealthy',
          'Readiness probe failed: HTTP probe failed with statuscode: 503',
          r,
        );
      return 'noop';
    },
  },
  {
    name: 'container-exit',
    kind: 'Pod',
    match: (p) => live(p) && running(p).some((r) => exitDue(r, 0) !== undefined),
    delayMs: (p, env) => minDue(running(p), (r) => exitDue(r, env.now())),
    jitterMs: 500,
    next(p, env) {
      const ts = env.timestamp();
      for (const r of running(p)) {
        const due = exitDue(r, env.now());
        if (due === undefined || due > 0) continue;
        const up = since(r.cs.state?.running?.startedAt, env.now());
        if (
          r.plan.livenessFailMs !== undefined &&
          up >= r.plan.livenessFailMs &&
          (r.plan.runMs ?? Infinity) > r.plan.livenessFailMs
        ) {
          emit(
            env,
            p,
            'Warning',
            'Unhealthy',
            'Liveness probe failed: HTTP probe failed with statuscode: 500',
            r,
          );
          emit(
            env,
            p,
            'Normal',
            'Killing',
            `Container ${r.spec.name} failed liveness probe, will be restarted`,
            r,
          );
          terminate(r, 137, 'Error', ts);
        } else terminate(r, r.plan.exitCode, r.plan.reason, ts);
      }
      refresh(p, ts);
      return p;
    },
  },
  {
    name: 'container-exited',
    kind: 'Pod',
    match: (p) => live(p) && all(p).some((r) => r.cs.state?.terminated && restarts(p, r)),
    delayMs: 800,
    jitterMs: 700,
    next(p, env) {
      for (const r of all(p).filter((x) => x.cs.state?.terminated && restarts(p, x))) {
        const left = backoffLeft(p, r, env);
        if (left <= 0) {
          restart(p, r, env);
          continue;
        }
        const wait = goDuration(Math.round(env.kubelet.current(memKey(p, r)) / 1000));
        const pod = `${p.metadata.name ?? ''}_${p.metadata.namespace ?? ''}(${p.metadata.uid ?? ''})`;
        emit(
          env,
          p,
          'Warning',
          'BackOff',
          `Back-off restarting failed container ${r.spec.name} in pod ${pod}`,
          r,
        );
        const last = r.cs.state?.terminated;
        if (last) r.cs.lastState = { terminated: last };
        r.cs.state = {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: `back-off ${wait} restarting failed container=${r.spec.name} pod=${pod}`,
          },
        };
      }
      refresh(p, env.timestamp());
      return p;
    },
  },
  {
    name: 'container-restart',
    kind: 'Pod',
    match: (p) => live(p) && all(p).some((r) => waiting(r, 'CrashLoopBackOff')),
    delayMs: (p, env) =>
      minDue(
        all(p).filter((r) => waiting(r, 'CrashLoopBackOff')),
        (r) => backoffLeft(p, r, env),
      ),
    jitterMs: 500,
    next(p, env) {
      for (const r of all(p).filter((x) => waiting(x, 'CrashLoopBackOff')))
        if (backoffLeft(p, r, env) <= 0) restart(p, r, env);
      refresh(p, env.timestamp());
      return p;
    },
  },
  ...ephemeralStages,
  ...terminationStages,
];
