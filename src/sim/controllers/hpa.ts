// kube-controller-manager's horizontal-pod-autoscaler controller, for Resource metrics (cpu, memory) as
// metrics-server reports them (the simulator's own usage, metrics/usage.ts): every 15 s each HPA reads
// its target's pods, computes utilization of requests (or the average value), proposes
// ceil(ready pods × current/target) outside a 10% tolerance, keeps the highest proposal of the last 5
// minutes before scaling down (the default stabilization window), clamps to [minReplicas, maxReplicas]
// and scales the target. Status, conditions and SuccessfulRescale events follow the real controller.
// ContainerResource metrics are computed the same way for one container. Pods, Object and External metrics
// fail as on a cluster with no metrics adapter (FailedGetPodsMetric …: no custom metrics API registered);
// as upstream, the HPA stops when every metric failed or when some failed and the others would scale down.
// Not simulated: behavior policies, the not-ready-pod heuristics.

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

interface MetricTarget {
  type?: string;
  averageUtilization?: number;
  averageValue?: string;
}
interface MetricIdentifier {
  name?: string;
  selector?: LabelSelector | null;
}
interface MetricSpec {
  type?: string;
  resource?: { name?: string; target?: MetricTarget };
  containerResource?: { name?: string; container?: string; target?: MetricTarget };
  pods?: { metric?: MetricIdentifier };
  object?: { metric?: MetricIdentifier; describedObject?: { kind?: string; name?: string } };
  external?: { metric?: MetricIdentifier };
}
/** Why a metric gave no proposal: the condition's reason and the error the controller reports. */
interface Failure {
  reason: string;
  message: string;
}

/** Go's %+v of a *metav1.LabelSelector, as the controller prints it in an external metric's error. */
function goSelector(s: LabelSelector | null | undefined): string {
  if (!s) return 'nil';
  const labels = Object.entries(s.matchLabels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}: ${v},`)
    .join('');
  const exprs = (s.matchExpressions ?? [])
    .map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],}`)
    .join(',');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

/**
 * Pods, Object and External metrics come from custom.metrics.k8s.io and external.metrics.k8s.io, which an
 * adapter (prometheus-adapter, KEDA …) serves; the simulator has none, so the controller fails on them as
 * on a real cluster without one.
 */
function noMetricsApi(m: MetricSpec, ns: string): Failure {
  const custom = 'unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered';
  if (m.type === 'Pods')
    return { reason: 'FailedGetPodsMetric', message: `unable to get metric ${m.pods?.metric?.name ?? ''}: ${custom}` };
  if (m.type === 'Object') {
    const o = m.object?.describedObject;
    return {
      reason: 'FailedGetObjectMetric',
      message: `unable to get metric ${m.object?.metric?.name ?? ''}: ${o?.kind ?? ''} on ${ns} ${o?.name ?? ''}/${custom}`,
    };
  }
  const name = m.external?.metric?.name ?? '';
  return {
    reason: 'FailedGetExternalMetric',
    message: `unable to get external metric ${ns}/${name}/${goSelector(m.external?.metric?.selector)}: unable to fetch metrics from external metrics API: the server could not find the requested resource (get ${name}.external.metrics.k8s.io)`,
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
    const { proposal, metrics, error, reason, metric } = this.propose(hpa, target, current, now);
    if (error) this.events.emit(hpa, 'Warning', error.reason, error.message, SOURCE);
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
            reason: error.reason,
            message: `the HPA was unable to compute the replica count: ${error.message}`,
          }
        : {
            type: 'ScalingActive',
            status: 'True',
            reason: 'ValidMetricFound',
            message: `the HPA was able to successfully calculate a replica count from ${metric}`,
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
  ): { proposal: number | undefined; metrics: unknown[]; error?: Failure; reason: string; metric: string } {
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
    let metric = '';
    const metrics: unknown[] = [];
    const specs = arr(hpa.spec?.metrics).filter((m): m is MetricSpec => m !== null && typeof m === 'object');
    let invalid: Failure | undefined;
    let invalidCount = 0;
    for (const m of specs) {
      const r = this.metricProposal(m, hpa.metadata.namespace ?? '', pods, current, now);
      if ('failure' in r) {
        invalidCount++;
        invalid ??= r.failure;
        continue;
      }
      metrics.push(r.status);
      if (proposal === undefined || r.proposal > proposal) {
        proposal = r.proposal;
        metric = r.what;
        reason = r.proposal > current ? `${r.what} above target` : r.proposal < current ? 'All metrics below target' : r.what;
      }
    }
    // the real controller: every metric failed, or some failed and the others would scale down
    if (invalid && (invalidCount >= specs.length || (proposal !== undefined && proposal < current)))
      return { proposal: undefined, metrics, error: invalid, reason: '', metric };
    return { proposal, metrics, reason, metric };
  }

  /** One metric's proposal and its status, or why it could not be computed (the controller's words). */
  private metricProposal(
    m: MetricSpec,
    ns: string,
    pods: Pod[],
    current: number,
    now: number,
  ): { proposal: number; status: unknown; what: string } | { failure: Failure } {
    if (m.type === 'Pods' || m.type === 'Object' || m.type === 'External') return { failure: noMetricsApi(m, ns) };
    const spec = m.type === 'Resource' ? m.resource : m.type === 'ContainerResource' ? m.containerResource : undefined;
    const res = spec?.name;
    const failed = m.type === 'ContainerResource' ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
    if (!spec || !res)
      return { failure: { reason: 'InvalidMetricSourceType', message: `invalid metric source type "${m.type ?? ''}"` } };
    const only = m.type === 'ContainerResource' ? (spec as { container?: string }).container : undefined;
    let used = 0;
    let requested = 0;
    let counted = 0;
    for (const p of pods) {
      const u = podUsage(this.seed, p, now);
      if (!u) continue;
      counted++;
      for (const c of u) if (only === undefined || c.name === only) used += res === 'cpu' ? c.usage.cpu / 1e6 : c.usage.memory;
      for (const c of p.spec?.containers ?? []) {
        if (only !== undefined && c.name !== only) continue;
        const r = c.resources?.requests?.[res];
        if (r === undefined && spec.target?.type === 'Utilization')
          return {
            failure: {
              reason: failed,
              message: `failed to get ${res} utilization: missing request for ${res} in container ${c.name} of Pod ${p.metadata.name ?? ''}`,
            },
          };
        requested += amount(res, r);
      }
    }
    if (counted === 0)
      return {
        failure: {
          reason: failed,
          message: `failed to get ${res} utilization: did not receive metrics for targeted pods (pods might be unready)`,
        },
      };
    const avg = used / counted;
    const avgText = res === 'cpu' ? `${Math.round(avg)}m` : `${Math.round(avg / 1024)}Ki`;
    const key = m.type === 'ContainerResource' ? 'containerResource' : 'resource';
    const ident = only === undefined ? { name: res } : { name: res, container: only };
    let ratio: number;
    let status: unknown;
    if (spec.target?.type === 'Utilization') {
      const util = Math.floor((used * 100) / Math.max(1, requested));
      ratio = util / Math.max(1, spec.target.averageUtilization ?? 80);
      status = { type: m.type, [key]: { ...ident, current: { averageUtilization: util, averageValue: avgText } } };
    } else {
      ratio = avg / Math.max(1, amount(res, spec.target?.averageValue));
      status = { type: m.type, [key]: { ...ident, current: { averageValue: avgText } } };
    }
    const ready = pods.filter(isPodReady).length || counted;
    const proposal = Math.abs(ratio - 1) <= TOLERANCE ? current : Math.ceil(ratio * ready);
    const what =
      spec.target?.type === 'Utilization'
        ? `${res} ${only === undefined ? '' : 'container '}resource utilization (percentage of request)`
        : `${res} ${only === undefined ? '' : 'container '}resource`;
    return { proposal, status, what };
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
