// kube-controller-manager's disruption controller: each PodDisruptionBudget's status from the pods its
// selector matches (pkg/controller/disruption). expectedPods is the pods' controllers' scale (a
// ReplicaSet's, StatefulSet's or ReplicationController's spec.replicas) when the budget is a percentage
// or maxUnavailable, else the number of pods; desiredHealthy follows minAvailable (rounded up) or
// expectedPods − maxUnavailable (rounded up); disruptionsAllowed = currentHealthy − desiredHealthy.
// Evictions (policy/eviction.ts) spend an allowed disruption at once and list the pod in disruptedPods
// until it is gone (or two minutes passed), so that it does not count as healthy meanwhile.

import type { KObject, LabelSelector, Pod } from '../../util/k8s.js';
import { fromLabelSelector, matchesLabels } from '../../util/selector.js';
import {
  PODDISRUPTIONBUDGETS,
  PODS,
  REPLICASETS,
  REPLICATIONCONTROLLERS,
  STATEFULSETS,
} from '../resources.js';
import type { Scheduler } from '../scheduler.js';
import type { Gvr, Storage } from '../storage/index.js';
import { keyOf, splitKey, WorkQueue } from './queue.js';
import { controllerRef, isPodReady, parseTime, scaledValue, timestamp } from './util.js';

export type Pdb = KObject & {
  spec?: {
    selector?: LabelSelector | null;
    minAvailable?: number | string;
    maxUnavailable?: number | string;
    unhealthyPodEvictionPolicy?: string;
  };
  status?: PdbStatus;
};

export interface PdbStatus {
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  expectedPods?: number;
  conditions?: {
    type: string;
    status: string;
    reason: string;
    message: string;
    lastTransitionTime: string;
    observedGeneration?: number;
  }[];
}

const DISRUPTED_TTL_MS = 120_000;
const SCALES: Record<string, Gvr> = {
  ReplicaSet: REPLICASETS,
  StatefulSet: STATEFULSETS,
  ReplicationController: REPLICATIONCONTROLLERS,
};

/** The pods a budget covers (policy/v1: an empty selector matches every pod of the namespace). */
function pdbPods(storage: Storage, pdb: Pdb): Pod[] {
  const sel = fromLabelSelector(pdb.spec?.selector ?? {});
  if (!sel.ok) return [];
  return (storage.list(PODS, pdb.metadata.namespace).items as Pod[]).filter((p) =>
    matchesLabels(sel.selector, p.metadata.labels),
  );
}

export function pdbCovers(pdb: Pdb, pod: Pod): boolean {
  const sel = fromLabelSelector(pdb.spec?.selector ?? {});
  return sel.ok && matchesLabels(sel.selector, pod.metadata.labels);
}

export function computePdbStatus(storage: Storage, pdb: Pdb, now: number): PdbStatus {
  const pods = pdbPods(storage, pdb);
  const names = new Set(pods.map((p) => p.metadata.name ?? ''));
  const disrupted: Record<string, string> = {};
  for (const [pod, at] of Object.entries(pdb.status?.disruptedPods ?? {}))
    if (names.has(pod) && now - parseTime(at) < DISRUPTED_TTL_MS) disrupted[pod] = at;
  const healthy = pods.filter(
    (p) => !p.metadata.deletionTimestamp && isPodReady(p) && !disrupted[p.metadata.name ?? ''],
  ).length;
  const spec = pdb.spec ?? {};
  const intMin = typeof spec.minAvailable === 'number';
  let expected = pods.length;
  if (!intMin) {
    const seen = new Map<string, number>();
    for (const p of pods) {
      const ref = controllerRef(p);
      const gvr = ref ? SCALES[ref.kind] : undefined;
      if (!ref || !gvr || seen.has(ref.uid)) continue;
      const owner = storage.get(gvr, p.metadata.namespace, ref.name) as
        (KObject & { spec?: { replicas?: number } }) | undefined;
      if (owner?.metadata.uid === ref.uid) seen.set(ref.uid, owner.spec?.replicas ?? 1);
    }
    if (seen.size > 0) expected = [...seen.values()].reduce((a, b) => a + b, 0);
  }
  let desired: number;
  if (spec.maxUnavailable !== undefined)
    desired = Math.max(0, expected - scaledValue(spec.maxUnavailable, expected, true, '0'));
  else desired = scaledValue(spec.minAvailable ?? 1, expected, true, '1');
  const allowed = Math.max(0, healthy - desired);
  const prev = pdb.status?.conditions?.find((c) => c.type === 'DisruptionAllowed');
  const status = allowed > 0 ? 'True' : 'False';
  return {
    observedGeneration: pdb.metadata.generation ?? 1,
    ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
    disruptionsAllowed: allowed,
    currentHealthy: healthy,
    desiredHealthy: desired,
    expectedPods: expected,
    conditions: [
      {
        type: 'DisruptionAllowed',
        status,
        reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
        message: '',
        lastTransitionTime: prev?.status === status ? prev.lastTransitionTime : timestamp(now),
        observedGeneration: pdb.metadata.generation ?? 1,
      },
    ],
  };
}

export class DisruptionController {
  private readonly queue: WorkQueue;
  private unsubs: (() => void)[] = [];

  constructor(
    private readonly storage: Storage,
    private readonly scheduler: Scheduler,
    onError: (err: unknown) => void = (): void => undefined,
  ) {
    this.queue = new WorkQueue(scheduler, (k) => this.reconcile(k), onError);
  }

  start(): void {
    this.unsubs = [
      this.storage.subscribe(PODDISRUPTIONBUDGETS, (ev) => {
        if (ev.type !== 'DELETED')
          this.queue.enqueue(keyOf(ev.object.metadata.namespace, ev.object.metadata.name));
      }),
      this.storage.subscribe(PODS, (ev) => {
        const pod = ev.object as Pod;
        for (const pdb of this.storage.list(PODDISRUPTIONBUDGETS, pod.metadata.namespace).items)
          if (pdbCovers(pdb as Pdb, pod) || (ev.prev && pdbCovers(pdb as Pdb, ev.prev as Pod)))
            this.queue.enqueue(keyOf(pdb.metadata.namespace, pdb.metadata.name));
      }),
    ];
    for (const pdb of this.storage.list(PODDISRUPTIONBUDGETS).items)
      this.queue.enqueue(keyOf(pdb.metadata.namespace, pdb.metadata.name));
  }

  stop(): void {
    for (const u of this.unsubs) u();
    this.unsubs = [];
    this.queue.stop();
  }

  reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const pdb = this.storage.get(PODDISRUPTIONBUDGETS, ns, name) as Pdb | undefined;
    if (!pdb) return;
    const now = this.scheduler.now();
    const status = computePdbStatus(this.storage, pdb, now);
    if (JSON.stringify(status) !== JSON.stringify(pdb.status))
      this.storage.mutate(PODDISRUPTIONBUDGETS, ns, name, (d) => {
        (d as Pdb).status = status;
      });
    if (status.disruptedPods) this.queue.enqueue(key, DISRUPTED_TTL_MS);
  }
}
