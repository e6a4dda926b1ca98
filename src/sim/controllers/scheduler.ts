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
import { keyOf } from './queue.js';
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
/** A binding sets spec.nodeName only: the rest of the spec stays the stored parts (Storage.mutate). */
const STATUS_WRITE = { shallow: ['spec'] } as const;
const RETRY_MS = 60_000;
/** Pods placed per scheduling turn. */
const CHUNK = 1000;

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

/** What the scheduler needs of a node, parsed once per scheduling batch (not once per pod and node). */
interface NodeInfo {
  name: string;
  ready: boolean;
  unschedulable: boolean;
  labels: Record<string, string>;
  /** NoSchedule and NoExecute taints: the ones a pod must tolerate. */
  taints: Taint[];
  pods: number;
  cpu: number;
  memory: number;
  use: Usage;
}

function nodeInfo(node: NodeObject, use: Usage): NodeInfo {
  const alloc = node.status?.allocatable ?? {};
  return {
    name: node.metadata.name ?? '',
    ready: node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True',
    unschedulable: node.spec?.unschedulable === true,
    labels: node.metadata.labels ?? {},
    taints: (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute'),
    pods: parseQuantity(alloc['pods']) || 110,
    cpu: parseQuantity(alloc['cpu']),
    memory: parseQuantity(alloc['memory']),
    use,
  };
}

/** Why a pod does not fit `node` (kube-scheduler's reason strings), empty when it fits. */
function unfit(
  selector: [string, string][],
  tols: readonly Toleration[],
  req: { cpu: number; memory: number },
  node: NodeInfo,
): string[] {
  if (!node.ready) return ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }'];
  if (node.unschedulable) return ['node(s) were unschedulable'];
  const labels = node.labels;
  if (selector.length && selector.some(([k, v]) => labels[k] !== v))
    return ["node(s) didn't match Pod's node affinity/selector"];
  const bad = node.taints.length ? node.taints.find((t) => !tolerates(tols, t)) : undefined;
  if (bad) return [`node(s) had untolerated taint {${bad.key}: ${bad.value ?? ''}}`];
  const used = node.use;
  if (used.pods + 1 <= node.pods && (req.cpu <= 0 || used.cpu + req.cpu <= node.cpu) && (req.memory <= 0 || used.memory + req.memory <= node.memory))
    return NONE;
  const out: string[] = [];
  if (used.pods + 1 > node.pods) out.push('Too many pods');
  if (req.cpu > 0 && used.cpu + req.cpu > node.cpu) out.push('Insufficient cpu');
  if (req.memory > 0 && used.memory + req.memory > node.memory) out.push('Insufficient memory');
  return out;
}
const NONE: string[] = [];

/**
 * How many feasible nodes kube-scheduler looks for before it scores (numFeasibleNodesToFind with the
 * default percentageOfNodesToScore): every node in clusters under 100 nodes, else an adaptive share
 * (50% less 1% per 125 nodes, at least 5%) but never fewer than 100.
 */
export function feasibleToFind(nodes: number): number {
  if (nodes < 100) return nodes;
  const percent = Math.max(5, 50 - Math.floor(nodes / 125));
  return Math.max(100, Math.floor((nodes * percent) / 100));
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

/**
 * A bound pod's node and requests. A class, not an object literal: at 100,000 entries one stable shape
 * matters, and the literal's objects were seen in V8's dictionary mode (a ~450-byte property table each,
 * 55 MB at 100,000 pods) in some builds of the same code.
 */
class BoundPod {
  constructor(
    readonly node: string,
    readonly uid: string,
    readonly cpu: number,
    readonly memory: number,
  ) {}
}

export class PodScheduler {
  private readonly queue = new Map<string, string>(); // key → uid, FIFO
  private readonly unschedulable = new Map<string, string>();
  /** Requests of the pods bound to each node, kept up to date from pod events (not re-listed per batch). */
  private readonly bound = new Map<string, BoundPod>();
  private batch: TimerHandle | undefined;
  /** When the pending batch was due (its continuations keep it: see realScheduler). */
  private batchDue = 0;
  /** Where the next pod's search for nodes starts (kube-scheduler's nextStartNodeIndex). */
  private nextStart = 0;
  /** place()'s list of tied best nodes, reused from pod to pod. */
  private readonly best: NodeInfo[] = [];
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
    for (const p of this.storage.list(PODS).items) {
      this.account(p as Pod, false);
      this.consider(p as Pod);
    }
  }

  stop(): void {
    for (const u of this.unsubs) u();
    this.unsubs = [];
    this.scheduler.clearTimer(this.batch);
    this.scheduler.clearTimer(this.retry);
    this.batch = this.retry = undefined;
    this.bound.clear();
  }

  /** Keeps `bound` in step with a pod's node and phase. */
  private account(p: Pod, gone: boolean): void {
    const key = keyOf(p.metadata.namespace, p.metadata.name);
    const node = p.spec?.nodeName;
    if (gone || !node || isTerminal(p)) {
      this.bound.delete(key);
      return;
    }
    const uid = p.metadata.uid ?? '';
    const had = this.bound.get(key);
    if (had && had.node === node && had.uid === uid) return;
    const r = podRequests(p);
    this.bound.set(key, new BoundPod(node, uid, r.cpu, r.memory));
  }

  private onPod(ev: StoredEvent): void {
    const p = ev.object as Pod;
    const prev = ev.prev as Pod | undefined;
    // a status write of a bound, live pod (the kubelet's: the spec is the stored one, nothing ended or
    // deleted): account() and consider() did all there is to do for the version before, so nothing here
    if (
      ev.type === 'MODIFIED' &&
      prev !== undefined &&
      prev.spec === p.spec &&
      p.spec?.nodeName &&
      prev.metadata.uid === p.metadata.uid &&
      !p.metadata.deletionTimestamp &&
      !prev.metadata.deletionTimestamp &&
      !isTerminal(p) &&
      !isTerminal(prev)
    )
      return;
    this.account(p, ev.type === 'DELETED');
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
    this.startBatch();
  }

  private retryUnschedulable(): void {
    if (this.unschedulable.size === 0) return;
    for (const [k, uid] of this.unschedulable) this.queue.set(k, uid);
    this.unschedulable.clear();
    this.startBatch();
  }

  private startBatch(): void {
    if (this.batch) return;
    const delay = 100 + this.rng.int(300);
    this.batchDue = this.scheduler.now() + delay;
    this.batch = this.scheduler.setTimer(delay, () => this.run());
  }

  private nodeInfos(): NodeInfo[] {
    const nodes = this.storage.list(NODES).items as NodeObject[];
    const use = new Map<string, Usage>(nodes.map((n) => [n.metadata.name ?? '', { cpu: 0, memory: 0, pods: 0 }]));
    for (const b of this.bound.values()) {
      const u = use.get(b.node);
      if (!u) continue;
      u.cpu += b.cpu;
      u.memory += b.memory;
      u.pods++;
    }
    return nodes.map((n) => nodeInfo(n, use.get(n.metadata.name ?? '') ?? { cpu: 0, memory: 0, pods: 0 }));
  }

  private run(): void {
    this.batch = undefined;
    const nodes = this.nodeInfos();
    // at most CHUNK pods a turn, the rest on the next tick: 100k pending pods bound in one synchronous batch
    // held the API server (same thread) for 30-60 s, and no pod could start until it ended
    const work: [string, string][] = [];
    for (const entry of this.queue) {
      if (work.length >= CHUNK) break;
      work.push(entry);
    }
    for (const [key] of work) this.queue.delete(key);
    // the rest is as overdue as this batch: due when it was (a negative delay), not behind everything that
    // fell due while this one ran
    if (this.queue.size > 0) this.batch = this.scheduler.setTimer(Math.min(0, this.batchDue - this.scheduler.now()), () => this.run());
    for (const [key, uid] of work) {
      const p = this.storage.getByKey(PODS, key) as Pod | undefined;
      if (!p || p.metadata.uid !== uid || p.spec?.nodeName || p.metadata.deletionTimestamp) continue;
      try {
        this.place(p, nodes);
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

  private place(p: Pod, nodes: NodeInfo[]): void {
    const reasons = new Map<string, number>();
    let preemptable = 0;
    // the best-scoring nodes so far (ties within 1e-9 of the first's score), in a list kept across pods:
    // with many nodes alike, hundreds tie for every pod
    const best = this.best;
    let nBest = 0;
    let bestScore = 0;
    const req = podRequests(p);
    const cpu = req.cpu || 0.1;
    const mem = req.memory || 200 * 1024 * 1024;
    const selector = Object.entries(p.spec?.nodeSelector ?? {});
    const tols = (p.spec?.tolerations ?? []) as Toleration[];
    // as kube-scheduler: look at nodes from where the last pod stopped, until enough fit
    const enough = feasibleToFind(nodes.length);
    // (with every node looked at, in their order, so that ties break as they always did for a seed)
    const start = enough < nodes.length ? this.nextStart % nodes.length : 0;
    let feasible = 0;
    let looked = 0;
    for (; looked < nodes.length && feasible < enough; looked++) {
      const n = nodes[(start + looked) % nodes.length] as NodeInfo;
      const why = unfit(selector, tols, req, n);
      if (why.length) {
        for (const r of why) reasons.set(r, (reasons.get(r) ?? 0) + 1);
        if (why.every((r) => r.startsWith('Insufficient') || r === 'Too many pods')) preemptable++;
        continue;
      }
      feasible++;
      const u = n.use;
      const score = 1 - (u.cpu + cpu) / (n.cpu || 1) + (1 - (u.memory + mem) / (n.memory || 1));
      if (nBest === 0 || score > bestScore + 1e-9) {
        best[0] = n;
        nBest = 1;
        bestScore = score;
      } else if (Math.abs(score - bestScore) <= 1e-9) best[nBest++] = n;
    }
    this.nextStart = start + looked;
    const chosen = nBest > 0 ? best[this.rng.int(nBest)] : undefined;
    best.fill(undefined as unknown as NodeInfo, 0, nBest); // holds no node past this pod
    const key = keyOf(p.metadata.namespace, p.metadata.name);
    const ts = timestamp(this.scheduler.now());
    if (!chosen) {
      const message = failureMessage(nodes.length, reasons, preemptable);
      this.unschedulable.set(key, p.metadata.uid ?? '');
      this.storage.mutate(
        PODS,
        p.metadata.namespace,
        p.metadata.name ?? '',
        (d) => setScheduled(d as Pod, 'False', ts, 'Unschedulable', message),
        STATUS_WRITE,
      );
      this.events.emit(p, 'Warning', 'FailedScheduling', message, SOURCE);
      return;
    }
    const nodeName = chosen.name;
    const bound = this.storage.mutate(
      PODS,
      p.metadata.namespace,
      p.metadata.name ?? '',
      (d) => {
        const pod = d as Pod;
        if (pod.spec) pod.spec.nodeName = nodeName;
        setScheduled(pod, 'True', ts);
      },
      STATUS_WRITE,
    );
    // the binding's own pod event has already updated `bound`; this batch's view of the node follows
    const u = chosen.use;
    u.cpu += req.cpu;
    u.memory += req.memory;
    u.pods++;
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
