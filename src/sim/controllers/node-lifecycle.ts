// Node loss, as kubelet + node lifecycle controller + taint manager play it: a killed node's kubelet stops
// (no heartbeats, its pods frozen where they are); after the node monitor grace period (40 s) the node's
// conditions go Unknown ("Kubelet stopped posting node status."), it gets the unreachable NoSchedule and
// NoExecute taints and its pods turn NotReady (out of Endpoints); once a pod's toleration of the
// unreachable taint runs out (300 s by default) it is evicted: deleted with status.reason NodeLost, so
// kubectl shows it as Unknown while its ReplicaSet replaces it on another node. A restored node reports
// Ready again, loses the taints, and its kubelet finishes what was left (evicted pods go away).

import type { Condition, KObject, Pod } from '../../util/k8s.js';
import { NODES, PODS } from '../resources.js';
import type { Scheduler, TimerHandle } from '../scheduler.js';
import type { Storage } from '../storage/index.js';
import type { EventSink } from './events.js';
import type { NodeObject, Taint, Toleration } from './scheduler.js';
import { timestamp } from './util.js';

const NODE_MONITOR_GRACE_MS = 40_000;
const DEFAULT_TOLERATION_S = 300;
const UNREACHABLE = 'node.kubernetes.io/unreachable';
const SOURCE = { component: 'node-controller' };

export class NodeLifecycle {
  /** Nodes whose kubelet is down. */
  readonly down = new Set<string>();
  private readonly timers = new Map<string, TimerHandle>();

  constructor(
    private readonly storage: Storage,
    private readonly scheduler: Scheduler,
    private readonly events: EventSink,
    /** Called when a node's kubelet stops or starts, so the stage engine freezes or resumes its pods. */
    private readonly onKubeletChange: (node: string) => void,
    private readonly onError: (err: unknown) => void = (): void => undefined,
  ) {}

  start(): void {}

  stop(): void {
    for (const t of this.timers.values()) this.scheduler.clearTimer(t);
    this.timers.clear();
  }

  /** Stop a node's kubelet (a crashed or disconnected machine). */
  kill(node: string): void {
    if (!this.storage.get(NODES, undefined, node) || this.down.has(node)) return;
    this.down.add(node);
    this.onKubeletChange(node);
    this.later(`monitor/${node}`, NODE_MONITOR_GRACE_MS, () => this.markUnknown(node));
  }

  /** Bring a node's kubelet back: Ready again, taints gone, its pods resume. */
  restore(node: string): void {
    if (!this.down.delete(node)) return;
    for (const [k, t] of this.timers)
      if (k.endsWith(`/${node}`) || k.startsWith(`evict/${node}/`)) {
        this.scheduler.clearTimer(t);
        this.timers.delete(k);
      }
    const ts = timestamp(this.scheduler.now());
    this.storage.mutate(NODES, undefined, node, (d) => {
      const n = d as NodeObject;
      for (const c of n.status?.conditions ?? []) {
        const ready = c.type === 'Ready';
        Object.assign(c, {
          status: ready ? 'True' : 'False',
          lastHeartbeatTime: ts,
          lastTransitionTime: ts,
          reason: READY_REASONS[c.type] ?? c.reason,
          message: READY_MESSAGES[c.type] ?? c.message,
        });
      }
      if (n.spec?.taints) n.spec.taints = n.spec.taints.filter((t) => t.key !== UNREACHABLE);
      if (n.spec?.taints?.length === 0) delete n.spec.taints;
    });
    const obj = this.storage.get(NODES, undefined, node);
    if (obj)
      this.events.emit(obj, 'Normal', 'NodeReady', `Node ${node} status is now: NodeReady`, {
        component: 'kubelet',
        host: node,
      });
    this.onKubeletChange(node);
  }

  private later(key: string, ms: number, fn: () => void): void {
    this.scheduler.clearTimer(this.timers.get(key));
    this.timers.set(
      key,
      this.scheduler.setTimer(ms, () => {
        this.timers.delete(key);
        try {
          fn();
        } catch (err) {
          this.onError(err);
        }
      }),
    );
  }

  private markUnknown(node: string): void {
    const now = this.scheduler.now();
    const ts = timestamp(now);
    const updated = this.storage.mutate(NODES, undefined, node, (d) => {
      const n = d as NodeObject & { spec: { taints?: Taint[] } };
      for (const c of n.status?.conditions ?? [])
        Object.assign(c, {
          status: 'Unknown',
          lastTransitionTime: ts,
          reason: 'NodeStatusUnknown',
          message: 'Kubelet stopped posting node status.',
        } satisfies Partial<Condition>);
      n.spec ??= {};
      const taints = (n.spec.taints ?? []).filter((t) => t.key !== UNREACHABLE);
      taints.push(
        { key: UNREACHABLE, effect: 'NoSchedule', timeAdded: ts },
        { key: UNREACHABLE, effect: 'NoExecute', timeAdded: ts },
      );
      n.spec.taints = taints;
    });
    if (updated)
      this.events.emit(updated, 'Normal', 'NodeNotReady', `Node ${node} status is now: NodeNotReady`, SOURCE);
    for (const p of this.storage.list(PODS).items as Pod[]) {
      if (p.spec?.nodeName !== node) continue;
      this.storage.mutate(PODS, p.metadata.namespace, p.metadata.name ?? '', (d) => {
        for (const c of (d as Pod).status?.conditions ?? [])
          if (c.type === 'Ready' && c.status !== 'False')
            Object.assign(c, { status: 'False', lastTransitionTime: ts });
      });
      const tol = ((p.spec.tolerations ?? []) as (Toleration & { tolerationSeconds?: number })[]).find(
        (t) =>
          (t.key === UNREACHABLE || (!t.key && t.operator === 'Exists')) &&
          (!t.effect || t.effect === 'NoExecute'),
      );
      if (tol && tol.tolerationSeconds === undefined) continue; // tolerates forever
      const wait = (tol?.tolerationSeconds ?? DEFAULT_TOLERATION_S) * 1000;
      const key = `${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`;
      this.later(`evict/${node}/${key}`, wait, () => this.evict(p, node));
    }
  }

  private evict(p: Pod, node: string): void {
    const cur = this.storage.get(PODS, p.metadata.namespace, p.metadata.name ?? '') as Pod | undefined;
    if (!cur || cur.metadata.uid !== p.metadata.uid || cur.metadata.deletionTimestamp) return;
    const now = this.scheduler.now();
    const grace = cur.spec?.terminationGracePeriodSeconds ?? 30;
    const out = this.storage.mutate(PODS, cur.metadata.namespace, cur.metadata.name ?? '', (d: KObject) => {
      d.metadata.deletionTimestamp = timestamp(now + grace * 1000);
      d.metadata.deletionGracePeriodSeconds = grace;
      const st = ((d as Pod).status ??= {});
      st.reason = 'NodeLost';
      st.message = `Node ${node} which was running pod ${cur.metadata.name ?? ''} is unresponsive`;
    });
    if (out)
      this.events.emit(
        out,
        'Normal',
        'TaintManagerEviction',
        `Marking for deletion Pod ${cur.metadata.namespace ?? ''}/${cur.metadata.name ?? ''}`,
        { component: 'taint-eviction-controller' },
      );
  }
}

const READY_REASONS: Record<string, string> = {
  MemoryPressure: 'KubeletHasSufficientMemory',
  DiskPressure: 'KubeletHasNoDiskPressure',
  PIDPressure: 'KubeletHasSufficientPID',
  Ready: 'KubeletReady',
};
const READY_MESSAGES: Record<string, string> = {
  MemoryPressure: 'kubelet has sufficient memory available',
  DiskPressure: 'kubelet has no disk pressure',
  PIDPressure: 'kubelet has sufficient PID available',
  Ready: 'kubelet is posting ready status',
};
