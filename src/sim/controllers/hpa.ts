// kube-controller-manager's horizontal-pod-autoscaler controller, for Resource metrics (cpu, memory) as
// metrics-server reports them (the simulator's own usage, metrics/usage.ts): every 15 s each HPA reads
// its target's pods, computes utilization of requests (or the average value), proposes
// ceil(ready pods × current/target) outside a 10% tolerance, keeps the highest proposal of the last 5
// minutes before scaling down (the default stabilization window), clamps to [minReplicas, maxReplicas]
// and scales the target. Status, conditions and SuccessfulRescale events follow the real controller.
// Not simulated: Pods/Object/External metrics, behavior policies, the not-ready-pod heuristics.

import type { KObject, LabelSelector, Pod } from '../../util/k8s.js';
import { fromLabelSelector, matchesLabels } from '../../util/selector.js';
import { cpuMillis, memoryBytes } from '../../util/quantity.js';
import { podUsage } from '../metrics/usage.js';
import {
  DEPLOYMENTS,
  HORIZONTALPODAUTOSCALERS,
  PODS,
  REPLICASETS,
  REPLICATIONCONTROLLERS,
  STATEFULSETS,
} from '../resources.js';
import type { Scheduler } from '../scheduler.js';
import type { Gvr, Storage } from '../storage/index.js';
import type { EventSink } from './events.js';
import { keyOf, splitKey, WorkQueue } from './queue.js';
import { arr } from '../auth/rbac.js';
import { isPodReady, timestamp } from './util.js';

const SYNC_MS = 15_000;
const STABILIZE_MS = 300_000;
const TOLERANCE = 0.1;
const SOURCE = { component: 'horizontal-pod-autoscaler' };
const TARGETS: Record<string, Gvr> = {
  Deployment: DEPLOYMENTS,
  ReplicaSet: REPLICASETS,
  StatefulSet: STATEFULSETS,
  ReplicationController: REPLICATIONCONTROLLERS,
};

interface MetricSpec {
  type?: string;
  resource?: {
    name?: string;
    target?: { type?: string; averageUtilization?: number; averageValue?: string };
  };
}
type Hpa = KObject & {
  spec?: {
    scaleTargetRef?: { kind?: string; name?: string };
    minReplicas?: number;
    maxReplicas?: number;
    metrics?: MetricSpec[];
  };
  status?: Record<string, unknown>;
};
type Scalable = KObject & {
  spec?: { replicas?: number; selector?: LabelSelector | Record<string, string> };
  status?: { replicas?: number };
};
interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

const amount = (name: string, q: string | undefined): number =>
  name === 'cpu' ? cpuMillis(q) : memoryBytes(q);

export class HpaController {
  private readonly queue: WorkQueue;
  private unsub: (() => void) | undefined;
  private readonly recommendations = new Map<string, { at: number; n: number }[]>();

  constructor(
    private readonly storage: Storage,
    private readonly scheduler: Scheduler,
    private readonly seed: number,
    private readonly events: EventSink,
    onError: (err: unknown) => void = (): void => undefined,
  ) {
    this.queue = new WorkQueue(scheduler, (k) => this.reconcile(k), onError);
  }

  start(): void {
    this.unsub = this.storage.subscribe(HORIZONTALPODAUTOSCALERS, (ev) => {
      if (ev.type !== 'DELETED' && ev.object.metadata.generation !== ev.prev?.metadata.generation)
        this.queue.enqueue(keyOf(ev.object.metadata.namespace, ev.object.metadata.name));
    });
    for (const h of this.storage.list(HORIZONTALPODAUTOSCALERS).items)
      this.queue.enqueue(keyOf(h.metadata.namespace, h.metadata.name));
  }

  stop(): void {
    this.unsub?.();
    this.unsub = undefined;
    this.queue.stop();
  }

  reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const hpa = this.storage.get(HORIZONTALPODAUTOSCALERS, ns, name) as Hpa | undefined;
    if (!hpa) {
      this.recommendations.delete(key);
      return;
    }
    this.queue.enqueue(key, SYNC_MS);
    const now = this.scheduler.now();
    const ref = hpa.spec?.scaleTargetRef;
    const gvr = TARGETS[ref?.kind ?? ''];
    const target = gvr ? (this.storage.get(gvr, ns, ref?.name ?? '') as Scalable | undefined) : undefined;
    if (!gvr || !target) {
      const what = gvr
        ? `${gvr.resource}${gvr.group ? `.${gvr.group}` : ''} "${ref?.name ?? ''}" not found`
        : `unknown kind ${ref?.kind ?? ''}`;
      return this.writeStatus(hpa, now, { currentReplicas: 0, desiredReplicas: 0 }, [
        {
          type: 'AbleToScale',
          status: 'False',
          reason: 'FailedGetScale',
          message: `the HPA controller was unable to get the target's current scale: ${what}`,
        },
      ]);
    }
    const current = target.spec?.replicas ?? 1;
    const min = hpa.spec?.minReplicas ?? 1;
    const max = hpa.spec?.maxReplicas ?? current;
    const { proposal, metrics, error, reason } = this.propose(hpa, target, current, now);
    let desired: number;
    let why: string;
    if (current === 0 && min !== 0) {
      desired = 0;
      why = 'scaling is disabled since the replica count of the target is zero';
    } else if (current > max) {
      desired = max;
      why = 'Current number of replicas above Spec.MaxReplicas';
    } else if (current < min) {
      desired = min;
      why = 'Current number of replicas below Spec.MinReplicas';
    } else {
      desired = proposal ?? current;
      const recs = (this.recommendations.get(key) ?? []).filter((r) => now - r.at < STABILIZE_MS);
      recs.push({ at: now, n: desired });
      this.recommendations.set(key, recs);
      if (desired < current) desired = Math.max(desired, ...recs.map((r) => r.n));
      desired = Math.min(max, Math.max(min, desired));
      why = reason;
    }
    const status: Record<string, unknown> = {
      currentReplicas: target.status?.replicas ?? current,
      desiredReplicas: desired,
      ...(metrics.length ? { currentMetrics: metrics } : {}),
    };
    if (desired !== current && !error) {
      this.storage.mutate(gvr, ns, target.metadata.name ?? '', (d) => {
        ((d as Scalable).spec ??= {}).replicas = desired;
      });
      this.events.emit(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${why}`, SOURCE);
      status['lastScaleTime'] = timestamp(now);
    }
    const limited = proposal !== undefined && (proposal > max || proposal < min);
    this.writeStatus(hpa, now, status, [
      {
        type: 'AbleToScale',
        status: 'True',
        reason: desired !== current ? 'SucceededRescale' : 'ReadyForNewScale',
        message:
          desired !== current
            ? `the HPA controller was able to update the target scale to ${desired}`
            : 'recommended size matches current size',
      },
      error
        ? {
            type: 'ScalingActive',
            status: 'False',
            reason: 'FailedGetResourceMetric',
            message: `the HPA was unable to compute the replica count: ${error}`,
          }
        : {
            type: 'ScalingActive',
            status: 'True',
            reason: 'ValidMetricFound',
            message: `the HPA was able to successfully calculate a replica count from ${reason}`,
          },
      limited
        ? {
            type: 'ScalingLimited',
            status: 'True',
            reason: proposal > max ? 'TooManyReplicas' : 'TooFewReplicas',
            message: `the desired replica count is ${proposal > max ? 'more than the maximum' : 'less than the minimum'} replica count`,
          }
        : {
            type: 'ScalingLimited',
            status: 'False',
            reason: 'DesiredWithinRange',
            message: 'the desired count is within the acceptable range',
          },
    ]);
  }

  private propose(
    hpa: Hpa,
    target: Scalable,
    current: number,
    now: number,
  ): { proposal: number | undefined; metrics: unknown[]; error?: string; reason: string } {
    const raw = target.spec?.selector ?? {};
    const ls: LabelSelector =
      'matchLabels' in raw || 'matchExpressions' in raw
        ? (raw as LabelSelector)
        : { matchLabels: raw as Record<string, string> };
    const sel = fromLabelSelector(ls);
    const pods = sel.ok
      ? (this.storage.list(PODS, hpa.metadata.namespace).items as Pod[]).filter(
          (p) =>
            matchesLabels(sel.selector, p.metadata.labels) &&
            p.status?.phase === 'Running' &&
            !p.metadata.deletionTimestamp,
        )
      : [];
    let proposal: number | undefined;
    let reason = '';
    const metrics: unknown[] = [];
    for (const m of arr(hpa.spec?.metrics)) {
      if (m === null || typeof m !== 'object') continue;
      if (m.type !== 'Resource' || !m.resource?.name) continue;
      const res = m.resource.name;
      let used = 0;
      let requested = 0;
      let counted = 0;
      for (const p of pods) {
        const u = podUsage(this.seed, p, now);
        if (!u) continue;
        counted++;
        for (const c of u) used += res === 'cpu' ? c.usage.cpu / 1e6 : c.usage.memory;
        for (const c of p.spec?.containers ?? []) {
          const r = c.resources?.requests?.[res];
          if (r === undefined && m.resource.target?.type === 'Utilization')
            return {
              proposal: undefined,
              metrics,
              error: `failed to get ${res} utilization: missing request for ${res} in container ${c.name} of Pod ${p.metadata.name ?? ''}`,
              reason: '',
            };
          requested += amount(res, r);
        }
      }
      if (counted === 0)
        return {
          proposal: undefined,
          metrics,
          error: `failed to get ${res} utilization: did not receive metrics for targeted pods (pods might be unready)`,
          reason: '',
        };
      const avg = used / counted;
      const avgText = res === 'cpu' ? `${Math.round(avg)}m` : `${Math.round(avg / 1024)}Ki`;
      let ratio: number;
      if (m.resource.target?.type === 'Utilization') {
        const util = Math.floor((used * 100) / Math.max(1, requested));
        ratio = util / Math.max(1, m.resource.target.averageUtilization ?? 80);
        metrics.push({
          type: 'Resource',
          resource: { name: res, current: { averageUtilization: util, averageValue: avgText } },
        });
      } else {
        ratio = avg / Math.max(1, amount(res, m.resource.target?.averageValue));
        metrics.push({ type: 'Resource', resource: { name: res, current: { averageValue: avgText } } });
      }
      const ready = pods.filter(isPodReady).length || counted;
      const p = Math.abs(ratio - 1) <= TOLERANCE ? current : Math.ceil(ratio * ready);
      if (proposal === undefined || p > proposal) {
        proposal = p;
        const what =
          m.resource.target?.type === 'Utilization'
            ? `${res} resource utilization (percentage of request)`
            : `${res} resource`;
        reason = p > current ? `${what} above target` : p < current ? 'All metrics below target' : what;
      }
    }
    return { proposal, metrics, reason };
  }

  private writeStatus(hpa: Hpa, now: number, status: Record<string, unknown>, conds: Condition[]): void {
    const prev = (hpa.status?.['conditions'] as Condition[] | undefined) ?? [];
    const conditions = conds.map((c) => {
      const p = prev.find((x) => x.type === c.type);
      return { ...c, lastTransitionTime: p?.status === c.status ? p.lastTransitionTime : timestamp(now) };
    });
    const lastScale = status['lastScaleTime'] ?? hpa.status?.['lastScaleTime'];
    const out = {
      observedGeneration: hpa.metadata.generation ?? 1,
      ...(lastScale ? { lastScaleTime: lastScale } : {}),
      ...status,
      conditions,
    };
    if (JSON.stringify(out) === JSON.stringify(hpa.status)) return;
    this.storage.mutate(HORIZONTALPODAUTOSCALERS, hpa.metadata.namespace, hpa.metadata.name ?? '', (d) => {
      (d as Hpa).status = out;
    });
  }
}
