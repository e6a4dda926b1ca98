// The Deployment controller on ReplicaSets (pkg/controller/deployment): one RS per pod template, named
// `<deploy>-<pod-template-hash>` with the hash on its selector, template and pods; revisions in
// `deployment.kubernetes.io/revision` (max + 1; a re-adopted old RS records its old number in
// revision-history); RollingUpdate within maxSurge/maxUnavailable, Recreate, paused (scaling only),
// proportional scaling, revisionHistoryLimit clean-up, status and conditions, ScalingReplicaSet events.
// Reconciles are driven by Deployment, ReplicaSet and pod-deletion events through a coalescing queue.

import type { Deployment, Pod } from '../../util/k8s.js';
import { DEPLOYMENTS, PODS, REPLICASETS } from '../resources.js';
import type { Scheduler } from '../scheduler.js';
import { copyJson } from '../storage/index.js';
import type { Storage } from '../storage/index.js';
import { adoptOrphans, releaseUnmatched, selectorOf, selects } from './adoption.js';
import {
  isScalingEvent,
  proportionalScale,
  reconcileNewRS,
  reconcileOldRSs,
  scaleDownForRecreate,
} from './deployment-rollout.js';
import type { RolloutOps } from './deployment-rollout.js';
import { ReplicaSetWriter } from './deployment-rs.js';
import {
  calculateStatus,
  compactStatus,
  deploymentComplete,
  pausedConditions,
  rolloutConditions,
} from './deployment-status.js';
import { byCreation, canonicalEqual, replicasOf, templateKey } from './deployment-util.js';
import type { TemplateKeyCache } from './deployment-util.js';
import { DEPLOYMENT_COUNTS, DEPLOYMENT_FENCEPOSTS, usableSpec } from './usable.js';
import type { EventSink } from './events.js';
import { OwnerIndex } from './owner-index.js';
import { WorkQueue, keyOf, splitKey } from './queue.js';
import type { ReplicaSet } from './replicaset.js';
import { controllerRef, isTerminal } from './util.js';

export interface DeploymentControllerOptions {
  storage: Storage;
  scheduler: Scheduler;
  events: EventSink;
  /** Pods controlled by a ReplicaSet (the ReplicaSet controller's index). */
  podsOf: (rsUid: string | undefined) => Pod[];
  onError?: (err: unknown) => void;
}

export class DeploymentController {
  private readonly rss: OwnerIndex<ReplicaSet>;
  private readonly queue: WorkQueue;
  private unsubs: (() => void)[] = [];
  private readonly templateKeys: TemplateKeyCache = new Map();
  private readonly rs: ReplicaSetWriter;

  constructor(private readonly o: DeploymentControllerOptions) {
    this.queue = new WorkQueue(o.scheduler, (k) => this.sync(k), o.onError);
    this.rs = new ReplicaSetWriter(o.storage, o.events, (d) =>
      this.queue.enqueue(keyOf(d.metadata.namespace, d.metadata.name)),
    );
    this.rss = new OwnerIndex<ReplicaSet>(o.storage, REPLICASETS, (ev) => {
      for (const x of [ev.prev, ev.object]) {
        const ref = x ? controllerRef(x) : undefined;
        if (x && ref?.kind === 'Deployment') this.queue.enqueue(keyOf(x.metadata.namespace, ref.name));
      }
      if (ev.type !== 'DELETED' && !controllerRef(ev.object))
        for (const d of o.storage.list(DEPLOYMENTS, ev.object.metadata.namespace).items)
          if (selects(selectorOf(d as Deployment), ev.object))
            this.queue.enqueue(keyOf(d.metadata.namespace, d.metadata.name));
    }, 'Deployment');
  }

  start(): void {
    const { storage } = this.o;
    this.rss.start();
    this.unsubs.push(
      storage.subscribe(DEPLOYMENTS, (ev) => {
        if (ev.type !== 'DELETED')
          this.queue.enqueue(keyOf(ev.object.metadata.namespace, ev.object.metadata.name));
      }),
      // Recreate waits for old pods to be gone
      storage.subscribe(PODS, (ev) => {
        if (ev.type !== 'DELETED') return;
        const ref = controllerRef(ev.object);
        if (ref?.kind !== 'ReplicaSet') return;
        const rs = storage.get(REPLICASETS, ev.object.metadata.namespace, ref.name);
        const dref = rs ? controllerRef(rs) : undefined;
        if (rs && dref?.kind === 'Deployment') this.queue.enqueue(keyOf(rs.metadata.namespace, dref.name));
      }),
    );
    for (const d of storage.list(DEPLOYMENTS).items)
      this.queue.enqueue(keyOf(d.metadata.namespace, d.metadata.name));
  }

  stop(): void {
    for (const u of this.unsubs) u();
    this.unsubs = [];
    this.queue.stop();
    this.rss.stop();
  }

  sync(key: string): void {
    const [ns, name] = splitKey(key);
    const stored = this.o.storage.get(DEPLOYMENTS, ns, name) as Deployment | undefined;
    if (!stored?.spec?.template) return;
    if (!usableSpec(stored.spec, DEPLOYMENT_COUNTS, DEPLOYMENT_FENCEPOSTS)) return;
    if (!stored.metadata.deletionTimestamp) {
      releaseUnmatched(this.o.storage, REPLICASETS, stored, this.rss.owned(stored.metadata.uid));
      adoptOrphans(this.o.storage, REPLICASETS, stored, this.o.storage.list(REPLICASETS, ns).items);
    }
    // shallow: the controller reads spec and writes only annotations and status
    const d: Deployment = {
      ...stored,
      metadata: { ...stored.metadata, annotations: { ...stored.metadata.annotations } },
    };
    const now = this.o.scheduler.now();
    d.status = copyJson(stored.status ?? {});
    const rsList = this.rss.owned(d.metadata.uid);
    const ops: RolloutOps = { d, scale: (rs, n) => this.rs.scale(d, rs, n) };
    const find = (): { newRS: ReplicaSet | undefined; old: ReplicaSet[] } => {
      const sorted = this.rss.owned(d.metadata.uid).sort(byCreation);
      const want = templateKey(this.templateKeys, stored);
      const newRS = sorted.find((rs) => templateKey(this.templateKeys, rs) === want);
      return { newRS, old: sorted.filter((rs) => rs !== newRS) };
    };
    if (!d.metadata.deletionTimestamp) {
      pausedConditions(d, d.status, now);
      const scaling = d.spec?.paused || isScalingEvent(d, rsList);
      if (scaling) {
        const { newRS, old } = find();
        const synced = newRS ? this.rs.syncNewRS(d, newRS, old, now) : undefined;
        proportionalScale(ops, synced, old);
        if (d.spec?.paused) this.rs.cleanup(d, find().old);
      } else if (d.spec?.strategy?.type === 'Recreate') this.recreate(d, ops, now, find);
      else this.rolling(d, ops, now, find);
    }
    const { newRS, old } = find();
    const st = calculateStatus([...(newRS ? [newRS] : []), ...old], newRS, d, now);
    const requeue = rolloutConditions(d, st, newRS, now);
    if (requeue !== undefined) this.queue.enqueue(key, requeue + 1);
    this.write(stored, d, compactStatus(st));
  }

  private rolling(
    d: Deployment,
    ops: RolloutOps,
    now: number,
    find: () => { newRS?: ReplicaSet; old: ReplicaSet[] },
  ): void {
    let { newRS, old } = find();
    newRS = newRS ? this.rs.syncNewRS(d, newRS, old, now) : this.rs.createNewRS(d, old, now);
    if (!newRS) return;
    if (reconcileNewRS(ops, [...old, newRS], newRS)) return;
    ({ newRS, old } = find());
    if (
      !newRS ||
      reconcileOldRSs(
        ops,
        old.filter((rs) => replicasOf(rs) > 0),
        newRS,
      )
    )
      return;
    if (deploymentComplete(d, calculateStatus([newRS, ...old], newRS, d, now))) this.rs.cleanup(d, old);
  }

  private recreate(
    d: Deployment,
    ops: RolloutOps,
    now: number,
    find: () => { newRS?: ReplicaSet; old: ReplicaSet[] },
  ): void {
    const found = find();
    const old = found.old;
    let newRS = found.newRS ? this.rs.syncNewRS(d, found.newRS, old, now) : undefined;
    if (scaleDownForRecreate(ops, old)) return;
    const running = old.some((rs) => this.o.podsOf(rs.metadata.uid).some((p) => !isTerminal(p)));
    if (running) return;
    newRS ??= this.rs.createNewRS(d, old, now);
    if (!newRS) return;
    if (replicasOf(newRS) !== (d.spec?.replicas ?? 1)) newRS = ops.scale(newRS, d.spec?.replicas ?? 1);
    if (deploymentComplete(d, calculateStatus([newRS, ...old], newRS, d, now))) this.rs.cleanup(d, old);
  }

  private write(stored: Deployment, d: Deployment, status: Deployment['status']): void {
    const ann = d.metadata.annotations;
    if (
      canonicalEqual(ann, stored.metadata.annotations) &&
      canonicalEqual(status, stored.status)
    )
      return;
    this.o.storage.mutate(
      DEPLOYMENTS,
      stored.metadata.namespace,
      stored.metadata.name ?? '',
      (draft) => {
        if (ann) draft.metadata.annotations = ann;
        draft.status = status;
      },
      { shallow: ['spec'] }, // annotations and status only: the spec (and its template) stays the stored one
    );
  }
}
