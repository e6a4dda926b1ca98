// The ReplicaSet controller: keeps spec.replicas active pods of the template (named `<rs>-<5 chars>`, with
// a controller ownerReference), deletes surplus pods in kubectl's order (unscheduled, pending, not ready,
// newest first) through graceful deletion, and writes status (replicas, fullyLabeledReplicas,
// readyReplicas, availableReplicas honouring minReadySeconds, observedGeneration). Driven by RS and pod
// watch events through a coalescing queue; every reconcile is idempotent.

import type { KObject, Pod } from '../../util/k8s.js';
import { PODS, REPLICASETS, REPLICATIONCONTROLLERS } from '../resources.js';
import { StorageError } from '../storage/index.js';
import type { Gvr } from '../storage/index.js';

import type { Rng } from '../rng.js';
import type { Scheduler } from '../scheduler.js';
import type { Storage } from '../storage/index.js';
import type { EventSink } from './events.js';
import { adoptOrphans, releaseUnmatched, selectorOf, selects } from './adoption.js';
import { canonicalEqual } from './deployment-util.js';
import { OwnerIndex } from './owner-index.js';
import { WorkQueue, keyOf, splitKey } from './queue.js';
import { conditionOf, controllerRef, deletePodGracefully, isPodActive, isPodAvailable, isPodReady, parseTime, podFromTemplate, writeStatus } from './util.js';
import { enqueueControllerOwner } from './owned-work.js';

export type { ReplicaSet } from './replicaset-type.js';
import type { ReplicaSet } from './replicaset-type.js';
import { REPLICASET_COUNTS, usableSpec } from './usable.js';

/** How long a ReplicaSet waits after the API refused one of its pods (upstream backs off similarly). */
const CREATE_RETRY_MS = 10_000;

/** What the controller manages: ReplicaSets, or ReplicationControllers (the same controller upstream). */
export interface ReplicaTarget {
  gvr: Gvr;
  kind: string;
  component: string;
}
const RS_TARGET: ReplicaTarget = { gvr: REPLICASETS, kind: 'ReplicaSet', component: 'replicaset-controller' };
export const RC_TARGET: ReplicaTarget = {
  gvr: REPLICATIONCONTROLLERS,
  kind: 'ReplicationController',
  component: 'replication-controller',
};

/** A ReplicationController's equality-based selector map as a LabelSelector (memoised per stored object). */
const asLabelSelector = new WeakMap<KObject, ReplicaSet>();
function normalize(o: KObject, target: ReplicaTarget): ReplicaSet {
  if (target.kind !== 'ReplicationController') return o as ReplicaSet;
  let rs = asLabelSelector.get(o);
  if (!rs) {
    const spec = (o as KObject & { spec?: Record<string, unknown> }).spec ?? {};
    const sel = spec['selector'] as Record<string, string> | undefined;
    rs = { ...o, spec: { ...spec, selector: { matchLabels: { ...sel } } } } as ReplicaSet;
    asLabelSelector.set(o, rs);
  }
  return rs;
}

const phaseRank = (p: Pod): number =>
  p.status?.phase === 'Pending'
    ? 0
    : p.status?.phase === 'Unknown'
      ? 1
      : p.status?.phase === 'Running'
        ? 2
        : 3;
const restarts = (p: Pod): number =>
  (p.status?.containerStatuses ?? []).reduce((n, c) => Math.max(n, c.restartCount ?? 0), 0);

/** controller.ActivePodsWithRanks order: the pods to delete first come first. */
export function deletionOrder(a: Pod, b: Pod): number {
  const unassigned = Number(!!a.spec?.nodeName) - Number(!!b.spec?.nodeName);
  if (unassigned) return unassigned;
  const phase = phaseRank(a) - phaseRank(b);
  if (phase) return phase;
  const ready = Number(isPodReady(a)) - Number(isPodReady(b));
  if (ready) return ready;
  if (isPodReady(a) && isPodReady(b)) {
    const ra = parseTime(conditionOf(a, 'Ready')?.lastTransitionTime);
    const rb = parseTime(conditionOf(b, 'Ready')?.lastTransitionTime);
    if (ra !== rb) return rb - ra; // ready for less time first
  }
  const r = restarts(b) - restarts(a);
  if (r) return r;
  return (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') || 0;
}

/** Whether the pod carries every label of `labels` with its value. */
function hasLabels(p: Pod, labels: Readonly<Record<string, string>>): boolean {
  const own = p.metadata.labels;
  for (const k in labels) if (own?.[k] !== labels[k]) return false;
  return true;
}

export class ReplicaSetController {
  readonly pods: OwnerIndex<Pod>;
  private readonly queue: WorkQueue;
  private unsub: (() => void) | undefined;
  private readonly adoptCheck = new Set<string>();
  /**
   * Active pods without a controller, by namespace: the candidates a ReplicaSet looks at for adoption
   * (FilterActivePods before ClaimPods upstream). Kept from pod events, so a new ReplicaSet does not list
   * its namespace's pods (at 100,000 pods, one sorted merge of the namespace's keys per ReplicaSet).
   */
  private readonly orphans = new Map<string, Set<string>>();

  constructor(
    private readonly storage: Storage,
    private readonly scheduler: Scheduler,
    private readonly rng: Rng,
    private readonly events: EventSink,
    onError: (err: unknown) => void = (): void => undefined,
    private readonly target: ReplicaTarget = RS_TARGET,
  ) {
    this.queue = new WorkQueue(scheduler, (k) => this.reconcile(k), onError);
    const enqueueOwner = enqueueControllerOwner(this.queue, target.kind);
    this.pods = new OwnerIndex<Pod>(storage, PODS, (ev) => {
      enqueueOwner(ev);
      if (this.track(ev.object, ev.type === 'DELETED')) this.orphan(ev.object);
    }, target.kind);
  }

  /** Keeps `orphans` in step with one pod; whether it is an orphan now. */
  private track(p: KObject, gone: boolean): boolean {
    const ns = p.metadata.namespace ?? '';
    const key = keyOf(p.metadata.namespace, p.metadata.name);
    if (!gone && !controllerRef(p) && isPodActive(p as Pod)) {
      let keys = this.orphans.get(ns);
      if (!keys) this.orphans.set(ns, (keys = new Set()));
      keys.add(key);
      return true;
    }
    const keys = this.orphans.get(ns);
    if (keys?.delete(key) && keys.size === 0) this.orphans.delete(ns);
    return false;
  }

  /** The namespace's orphans, stored objects in key order (as a list of the namespace gives them). */
  private orphansIn(ns: string): KObject[] {
    const keys = this.orphans.get(ns);
    if (!keys) return [];
    const out: KObject[] = [];
    for (const k of [...keys].sort()) {
      const p = this.storage.getByKey(PODS, k);
      if (p) out.push(p);
    }
    return out;
  }

  /** An orphan pod appeared or changed: the ReplicaSets selecting it look for orphans. */
  private orphan(p: KObject): void {
    for (const rs of this.storage.list(this.target.gvr, p.metadata.namespace).items)
      if (selects(selectorOf(normalize(rs, this.target)), p)) {
        const key = keyOf(rs.metadata.namespace, rs.metadata.name);
        this.adoptCheck.add(key);
        this.queue.enqueue(key);
      }
  }

  start(): void {
    this.pods.start();
    for (const p of this.storage.list(PODS).items) this.track(p, false);
    this.unsub = this.storage.subscribe(this.target.gvr, (ev) => {
      if (ev.type === 'DELETED') return;
      const key = keyOf(ev.object.metadata.namespace, ev.object.metadata.name);
      if (ev.object.metadata.generation !== ev.prev?.metadata.generation) this.adoptCheck.add(key);
      this.queue.enqueue(key);
    });
    for (const rs of this.storage.list(this.target.gvr).items) {
      const key = keyOf(rs.metadata.namespace, rs.metadata.name);
      this.adoptCheck.add(key);
      this.queue.enqueue(key);
    }
  }

  stop(): void {
    this.unsub?.();
    this.unsub = undefined;
    this.queue.stop();
    this.pods.stop();
    this.orphans.clear();
  }

  reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const stored = this.storage.get(this.target.gvr, ns, name);
    if (!stored || !usableSpec(stored.spec, REPLICASET_COUNTS)) return;
    const rs = normalize(stored, this.target);
    releaseUnmatched(this.storage, PODS, rs, this.pods.owned(rs.metadata.uid));
    if (this.adoptCheck.delete(key)) adoptOrphans(this.storage, PODS, rs, this.orphansIn(ns ?? ''));
    const owned = this.pods.owned(rs.metadata.uid);
    const active = owned.filter(isPodActive);
    if (!rs.metadata.deletionTimestamp) {
      const want = rs.spec?.replicas ?? 1;
      if (active.length < want)
        for (let i = active.length; i < want; i++) {
          const pod = this.tryCreatePod(rs, key);
          if (!pod) break;
          active.push(pod);
        }
      else if (active.length > want) {
        const victims = [...active].sort(deletionOrder).slice(0, active.length - want);
        const now = this.scheduler.now();
        for (const p of victims) {
          deletePodGracefully(this.storage, p, now);
          this.events.emit(
            rs,
            'Normal',
            'SuccessfulDelete',
            `Deleted pod: ${p.metadata.name ?? ''}`,
            this.source(),
          );
        }
        const gone = new Set(victims);
        active.splice(0, active.length, ...active.filter((p) => !gone.has(p)));
      }
    }
    this.writeStatus(rs, active);
  }

  private source(): { component: string } {
    return { component: this.target.component };
  }

  /** A create the API refuses (a quota, a LimitRange, a missing PriorityClass): FailedCreate, retry later. */
  private tryCreatePod(rs: ReplicaSet, key: string): Pod | undefined {
    try {
      return this.createPod(rs);
    } catch (e) {
      if (!(e instanceof StorageError) || e.code === 409) throw e;
      this.events.emit(rs, 'Warning', 'FailedCreate', `Error creating: ${e.message}`, this.source());
      this.queue.enqueue(key, CREATE_RETRY_MS);
      return undefined;
    }
  }

  private createPod(rs: ReplicaSet): Pod {
    const pod = podFromTemplate(this.storage, this.rng, rs, rs.spec?.template);
    const name = pod.metadata.name ?? '';
    // podFromTemplate's pod is a fresh object nobody else holds: stored as it is, not copied again
    const created = this.storage.create(PODS, pod, { owned: true }) as Pod;
    this.events.emit(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`, this.source());
    return created;
  }

  private writeStatus(rs: ReplicaSet, active: Pod[]): void {
    const now = this.scheduler.now();
    const minReady = rs.spec?.minReadySeconds ?? 0;
    const tplLabels = rs.spec?.template?.metadata?.labels ?? {};
    // counted, not filtered into arrays: this runs on every change of any of the ReplicaSet's pods
    let ready = 0;
    let available = 0;
    let labelled = 0;
    let next = Infinity; // when the next ready pod becomes available (minReadySeconds)
    for (const p of active) {
      if (hasLabels(p, tplLabels)) labelled++;
      if (!isPodReady(p)) continue;
      ready++;
      if (isPodAvailable(p, minReady, now)) available++;
      else next = Math.min(next, parseTime(conditionOf(p, 'Ready')?.lastTransitionTime) + minReady * 1000 - now);
    }
    const status: NonNullable<ReplicaSet['status']> = { replicas: active.length };
    if (labelled) status.fullyLabeledReplicas = labelled;
    if (ready) status.readyReplicas = ready;
    if (available) status.availableReplicas = available;
    status.observedGeneration = rs.metadata.generation ?? 1;
    if (!canonicalEqual(status, rs.status))
      writeStatus(this.storage, this.target.gvr, rs, status);
    // a ready pod becomes available minReadySeconds later: look again then
    if (minReady > 0 && ready > available)
      this.queue.enqueue(keyOf(rs.metadata.namespace, rs.metadata.name), Math.max(1, next));
  }
}
