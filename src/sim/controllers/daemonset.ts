// The DaemonSet controller: one pod per eligible node (nodeSelector, taints the template does not tolerate
// keep a node out; not-ready/unreachable are tolerated as the controller adds those tolerations), named
// `<ds>-<5 chars>`, bound to its node, labelled with controller-revision-hash; a template change is a new
// ControllerRevision and RollingUpdate replaces at most maxUnavailable pods at a time (OnDelete waits for
// pods to be deleted). Status as kubectl's DESIRED/CURRENT/READY/UP-TO-DATE/AVAILABLE columns read it.

import type { Pod, PodTemplateSpec } from '../../util/k8s.js';
import { DAEMONSETS, NODES, PODS } from '../resources.js';
import type { Rng } from '../rng.js';
import type { Scheduler } from '../scheduler.js';
import type { Storage } from '../storage/index.js';
import type { EventSink } from './events.js';
import { OwnerIndex } from './owner-index.js';
import { WorkQueue, keyOf, splitKey } from './queue.js';
import { pruneRevisions, REVISION_HASH, syncRevision } from './revisions.js';
import type { RevisionOwner } from './revisions.js';
import { tolerates } from './scheduler.js';
import type { NodeObject, Toleration } from './scheduler.js';
import { deletePodGracefully, isPodActive, isPodAvailable, isPodReady, podFromTemplate, scaledValue, writeStatus } from './util.js';
import { enqueueControllerOwner } from './owned-work.js';

export interface DaemonSet extends RevisionOwner {
  spec?: RevisionOwner['spec'] & {
    template?: PodTemplateSpec;
    minReadySeconds?: number;
    updateStrategy?: {
      type?: 'RollingUpdate' | 'OnDelete';
      rollingUpdate?: { maxUnavailable?: number | string };
    };
  };
  status?: Record<string, number>;
}

const SOURCE = { component: 'daemonset-controller' };
const AUTO_TOLERATED = new Set([
  'node.kubernetes.io/not-ready',
  'node.kubernetes.io/unreachable',
  'node.kubernetes.io/unschedulable',
]);

function eligible(ds: DaemonSet, node: NodeObject): boolean {
  const sel = ds.spec?.template?.spec.nodeSelector ?? {};
  if (Object.entries(sel).some(([k, v]) => node.metadata.labels?.[k] !== v)) return false;
  const tols = (ds.spec?.template?.spec.tolerations ?? []) as Toleration[];
  return (node.spec?.taints ?? []).every(
    (t) => t.effect === 'PreferNoSchedule' || AUTO_TOLERATED.has(t.key) || tolerates(tols, t),
  );
}

export class DaemonSetController {
  private readonly pods: OwnerIndex<Pod>;
  private readonly queue: WorkQueue;
  private unsubs: (() => void)[] = [];

  constructor(
    private readonly storage: Storage,
    private readonly scheduler: Scheduler,
    private readonly rng: Rng,
    private readonly events: EventSink,
    onError: (err: unknown) => void = (): void => undefined,
  ) {
    this.queue = new WorkQueue(scheduler, (k) => this.reconcile(k), onError);
    this.pods = new OwnerIndex<Pod>(storage, PODS, enqueueControllerOwner(this.queue, 'DaemonSet'), 'DaemonSet');
  }

  start(): void {
    this.pods.start();
    const all = (): void => {
      for (const ds of this.storage.list(DAEMONSETS).items)
        this.queue.enqueue(keyOf(ds.metadata.namespace, ds.metadata.name));
    };
    this.unsubs.push(
      this.storage.subscribe(DAEMONSETS, (ev) => {
        if (ev.type !== 'DELETED')
          this.queue.enqueue(keyOf(ev.object.metadata.namespace, ev.object.metadata.name));
      }),
      // nodes joining, leaving or changing labels and taints (heartbeats change neither)
      this.storage.subscribe(NODES, (ev) => {
        const a = ev.prev as NodeObject | undefined;
        const b = ev.object as NodeObject;
        if (
          ev.type !== 'MODIFIED' ||
          JSON.stringify([a?.metadata.labels, a?.spec]) !== JSON.stringify([b.metadata.labels, b.spec])
        )
          all();
      }),
    );
    all();
  }

  stop(): void {
    for (const u of this.unsubs) u();
    this.unsubs = [];
    this.queue.stop();
    this.pods.stop();
  }

  reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const ds = this.storage.get(DAEMONSETS, ns, name) as DaemonSet | undefined;
    if (!ds?.spec?.template || ds.metadata.deletionTimestamp) return;
    const now = this.scheduler.now();
    const { label: hash } = syncRevision(this.storage, ds, 'DaemonSet');
    const nodes = this.storage.list(NODES).items as NodeObject[];
    const wanted = new Set(nodes.filter((n) => eligible(ds, n)).map((n) => n.metadata.name ?? ''));
    const active = this.pods.owned(ds.metadata.uid).filter(isPodActive);
    const byNode = new Map<string, Pod[]>();
    for (const p of active)
      byNode.set(p.spec?.nodeName ?? '', [...(byNode.get(p.spec?.nodeName ?? '') ?? []), p]);
    for (const [node, pods] of byNode) {
      const extra = wanted.has(node) ? pods.slice(1) : pods;
      for (const p of extra) this.remove(ds, p, now);
    }
    for (const node of wanted) if (!byNode.has(node)) this.create(ds, node, hash);
    // rolling update: replace old pods while few enough are unavailable
    if ((ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      const maxUnavailable = Math.max(
        1,
        scaledValue(ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable, wanted.size, false, '1'),
      );
      const current = this.pods
        .owned(ds.metadata.uid)
        .filter((p) => isPodActive(p) && wanted.has(p.spec?.nodeName ?? ''));
      let unavailable =
        wanted.size - current.filter((p) => isPodAvailable(p, ds.spec?.minReadySeconds ?? 0, now)).length;
      const old = current
        .filter((p) => p.metadata.labels?.[REVISION_HASH] !== hash)
        .sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)));
      for (const p of old) {
        const counts = isPodAvailable(p, ds.spec.minReadySeconds ?? 0, now);
        if (counts && unavailable >= maxUnavailable) break;
        this.remove(ds, p, now);
        if (counts) unavailable++;
      }
    }
    const mine = this.pods.owned(ds.metadata.uid);
    pruneRevisions(this.storage, ds, 'DaemonSet', new Set(mine.map((p) => p.metadata.labels?.[REVISION_HASH] ?? '')));
    this.writeStatus(ds, wanted, mine.filter(isPodActive), hash, now);
  }

  private create(ds: DaemonSet, node: string, hash: string): void {
    const pod = podFromTemplate(this.storage, this.rng, ds, ds.spec?.template, {
      labels: { [REVISION_HASH]: hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) },
    });
    const name = pod.metadata.name ?? '';
    if (pod.spec) pod.spec.nodeName = node;
    const tols = (pod.spec?.tolerations ?? []) as Toleration[];
    for (const key of AUTO_TOLERATED)
      if (!tols.some((t) => t.key === key))
        tols.push({
          key,
          operator: 'Exists',
          effect: key.endsWith('unschedulable') ? 'NoSchedule' : 'NoExecute',
        });
    if (pod.spec) pod.spec.tolerations = tols;
    this.storage.create(PODS, pod);
    this.events.emit(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`, SOURCE);
  }

  private remove(ds: DaemonSet, p: Pod, now: number): void {
    deletePodGracefully(this.storage, p, now);
    this.events.emit(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name ?? ''}`, SOURCE);
  }

  private writeStatus(ds: DaemonSet, wanted: Set<string>, active: Pod[], hash: string, now: number): void {
    const on = active.filter((p) => wanted.has(p.spec?.nodeName ?? ''));
    const available = on.filter((p) => isPodAvailable(p, ds.spec?.minReadySeconds ?? 0, now)).length;
    const status: Record<string, number> = {
      currentNumberScheduled: on.length,
      numberMisscheduled: active.length - on.length,
      desiredNumberScheduled: wanted.size,
      numberReady: on.filter(isPodReady).length,
      observedGeneration: ds.metadata.generation ?? 1,
      updatedNumberScheduled: on.filter((p) => p.metadata.labels?.[REVISION_HASH] === hash).length,
      numberAvailable: available,
      numberUnavailable: wanted.size - available,
    };
    for (const k of ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable'])
      if (status[k] === 0) delete status[k];
    if (JSON.stringify(status) !== JSON.stringify(ds.status))
      writeStatus(this.storage, DAEMONSETS, ds, status);
  }
}
