// The pod scheduler (kube-scheduler's default profile, reduced): unbound pods are placed on Ready nodes
// that fit their requests (cpu, memory, pod count), nodeSelector and taints/tolerations, preferring the
// least allocated node. A pod that fits nowhere stays Pending with PodScheduled=False (Unschedulable) and
// a FailedScheduling event; it is retried when nodes change, pods go away, and once a minute.

import type { Condition, KObject, Pod } from '../../util/k8s.js';
import { NODES, PODS } from '../resources.js';
import type { Rng } from '../rng.js';
import type { Scheduler, TimerHandle } from '../scheduler.js';
import type { Storage, StoredEvent } from '../storage/index.js';
import type { EventSink } from './events.js';
import { keyOf, splitKey } from './queue.js';
import { isTerminal, parseQuantity, podRequests, timestamp } from './util.js';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
}
export interface NodeObject extends KObject {
  spec?: { taints?: Taint[]; unschedulable?: boolean };
  status?: { allocatable?: Record<string, string>; conditions?: Condition[] };
}

const SOURCE = { component: 'default-scheduler' };
const RETRY_MS = 60_000;

export function tolerates(tols: readonly Toleration[], t: Taint): boolean {
  return tols.some(
    (x) =>
      (!x.effect || x.effect === t.effect) &&
      (x.operator === 'Exists'
        ? !x.key || x.key === t.key
        : x.key === t.key && (x.value ?? '') === (t.value ?? '')),
  );
}

interface Usage {
  cpu: number;
  memory: number;
  pods: number;
}

/** Why `pod` does not fit `node` (kube-scheduler's reason strings), empty when it fits. */
function unfit(pod: Pod, node: NodeObject, used: Usage): string[] {
  const out: string[] = [];
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  if (!ready) return ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }'];
  if (node.spec?.unschedulable) return ['node(s) were unschedulable'];
  const labels = node.metadata.labels ?? {};
  if (Object.entries(pod.spec?.nodeSelector ?? {}).some(([k, v]) => labels[k] !== v))
    return ["node(s) didn't match Pod's node affinity/selector"];
  const tols = (pod.spec?.tolerations ?? []) as Toleration[];
  const bad = (node.spec?.taints ?? []).find(
    (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tols, t),
  );
  if (bad) return [`node(s) had untolerated taint {${bad.key}: ${bad.value ?? ''}}`];
  const alloc = node.status?.allocatable ?? {};
  const req = podRequests(pod);
  if (used.pods + 1 > (parseQuantity(alloc['pods']) || 110)) out.push('Too many pods');
  if (req.cpu > 0 && used.cpu + req.cpu > parseQuantity(alloc['cpu'])) out.push('Insufficient cpu');
  if (req.memory > 0 && used.memory + req.memory > parseQuantity(alloc['memory']))
    out.push('Insufficient memory');
  return out;
}

/** The FailedScheduling message: counts per reason, sorted, then the preemption summary. */
export function failureMessage(total: number, reasons: Map<string, number>, preemptable: number): string {
  const parts = [...reasons].map(([r, n]) => `${n} ${r}`).sort();
  const pre = [
    ...(total - preemptable > 0 ? [`${total - preemptable} Preemption is not helpful for scheduling`] : []),
    ...(preemptable > 0 ? [`${preemptable} No preemption victims found for incoming pod`] : []),
  ].sort();
  return `0/${total} nodes are available: ${parts.join(', ')}. preemption: 0/${total} nodes are available: ${pre.join(', ')}.`;
}

export class PodScheduler {
  private readonly queue = new Map<string, string>(); // key → uid, FIFO
  private readonly unschedulable = new Map<string, string>();
  private batch: TimerHandle | undefined;
  private retry: TimerHandle | undefined;
  private unsubs: (() => void)[] = [];

  constructor(
    private readonly storage: Storage,
    private readonly scheduler: Scheduler,
    private readonly rng: Rng,
    private readonly events: EventSink,
    private readonly onError: (err: unknown) => void = (): void => undefined,
  ) {}

  start(): void {
    this.unsubs.push(this.storage.subscribe(PODS, (ev) => this.onPod(ev)));
    this.unsubs.push(this.storage.subscribe(NODES, () => this.retryUnschedulable()));
    for (const p of this.storage.list(PODS).items) this.consider(p as Pod);
  }

  stop(): void {
    for (const u of this.unsubs) u();
    this.unsubs = [];
    this.scheduler.clearTimer(this.batch);
    this.scheduler.clearTimer(this.retry);
    this.batch = this.retry = undefined;
  }

  private onPod(ev: StoredEvent): void {
    const p = ev.object as Pod;
    const key = keyOf(p.metadata.namespace, p.metadata.name);
    if (ev.type === 'DELETED' || isTerminal(p) || p.metadata.deletionTimestamp) {
      this.queue.delete(key);
      this.unschedulable.delete(key);
      // resources freed on a node: give waiting pods another chance
      if (p.spec?.nodeName) this.retryUnschedulable();
      return;
    }
    this.consider(p);
  }

  private consider(p: Pod): void {
    const key = keyOf(p.metadata.namespace, p.metadata.name);
    if (p.spec?.nodeName || p.metadata.deletionTimestamp || isTerminal(p)) {
      this.queue.delete(key);
      this.unschedulable.delete(key);
      return;
    }
    const sched = (p.spec as { schedulerName?: string } | undefined)?.schedulerName;
    if (sched && sched !== 'default-scheduler') return;
    if (this.unschedulable.has(key) || this.queue.has(key)) return;
    this.queue.set(key, p.metadata.uid ?? '');
    this.batch ??= this.scheduler.setTimer(100 + this.rng.int(300), () => this.run());
  }

  private retryUnschedulable(): void {
    if (this.unschedulable.size === 0) return;
    for (const [k, uid] of this.unschedulable) this.queue.set(k, uid);
    this.unschedulable.clear();
    this.batch ??= this.scheduler.setTimer(100 + this.rng.int(300), () => this.run());
  }

  private usage(nodes: NodeObject[]): Map<string, Usage> {
    const use = new Map<string, Usage>(
      nodes.map((n) => [n.metadata.name ?? '', { cpu: 0, memory: 0, pods: 0 }]),
    );
    for (const p of this.storage.list(PODS).items as Pod[]) {
      const u = use.get(p.spec?.nodeName ?? '');
      if (!u || isTerminal(p)) continue;
      const r = podRequests(p);
      u.cpu += r.cpu;
      u.memory += r.memory;
      u.pods++;
    }
    return use;
  }

  private run(): void {
    this.batch = undefined;
    const nodes = this.storage.list(NODES).items as NodeObject[];
    const use = this.usage(nodes);
    const work = [...this.queue];
    this.queue.clear();
    for (const [key, uid] of work) {
      const [ns, name] = splitKey(key);
      const p = this.storage.get(PODS, ns, name) as Pod | undefined;
      if (!p || p.metadata.uid !== uid || p.spec?.nodeName || p.metadata.deletionTimestamp) continue;
      try {
        this.place(p, nodes, use);
      } catch (err) {
        this.onError(err);
      }
    }
    if (this.unschedulable.size > 0 && !this.retry)
      this.retry = this.scheduler.setTimer(RETRY_MS, () => {
        this.retry = undefined;
        this.retryUnschedulable();
      });
  }

  private place(p: Pod, nodes: NodeObject[], use: Map<string, Usage>): void {
    const reasons = new Map<string, number>();
    let preemptable = 0;
    let best: { node: NodeObject; score: number }[] = [];
    const req = podRequests(p);
    const cpu = req.cpu || 0.1;
    const mem = req.memory || 200 * 1024 * 1024;
    for (const n of nodes) {
      const u = use.get(n.metadata.name ?? '') ?? { cpu: 0, memory: 0, pods: 0 };
      const why = unfit(p, n, u);
      if (why.length) {
        for (const r of why) reasons.set(r, (reasons.get(r) ?? 0) + 1);
        if (why.every((r) => r.startsWith('Insufficient') || r === 'Too many pods')) preemptable++;
        continue;
      }
      const alloc = n.status?.allocatable ?? {};
      const score =
        1 -
        (u.cpu + cpu) / (parseQuantity(alloc['cpu']) || 1) +
        (1 - (u.memory + mem) / (parseQuantity(alloc['memory']) || 1));
      if (!best.length || score > (best[0]?.score ?? 0) + 1e-9) best = [{ node: n, score }];
      else if (Math.abs(score - (best[0]?.score ?? 0)) <= 1e-9) best.push({ node: n, score });
    }
    const chosen = this.rng.pick(best)?.node;
    const key = keyOf(p.metadata.namespace, p.metadata.name);
    const ts = timestamp(this.scheduler.now());
    if (!chosen) {
      const message = failureMessage(nodes.length, reasons, preemptable);
      this.unschedulable.set(key, p.metadata.uid ?? '');
      this.storage.mutate(PODS, p.metadata.namespace, p.metadata.name ?? '', (d) => {
        setScheduled(d as Pod, 'False', ts, 'Unschedulable', message);
      });
      this.events.emit(p, 'Warning', 'FailedScheduling', message, SOURCE);
      return;
    }
    const nodeName = chosen.metadata.name ?? '';
    const bound = this.storage.mutate(PODS, p.metadata.namespace, p.metadata.name ?? '', (d) => {
      const pod = d as Pod;
      if (pod.spec) pod.spec.nodeName = nodeName;
      setScheduled(pod, 'True', ts);
    });
    const u = use.get(nodeName);
    if (u) {
      u.cpu += req.cpu;
      u.memory += req.memory;
      u.pods++;
    }
    this.events.emit(
      bound ?? p,
      'Normal',
      'Scheduled',
      `Successfully assigned ${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''} to ${nodeName}`,
      SOURCE,
    );
  }
}

function setScheduled(
  p: Pod,
  status: Condition['status'],
  ts: string,
  reason?: string,
  message?: string,
): void {
  const st = (p.status ??= {});
  st.phase ??= 'Pending';
  const conds = (st.conditions ??= []);
  const i = conds.findIndex((c) => c.type === 'PodScheduled');
  const prev = conds[i];
  const c: Condition = {
    type: 'PodScheduled',
    status,
    lastProbeTime: null,
    lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : ts,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
  if (i >= 0) conds[i] = c;
  else conds.push(c);
}
