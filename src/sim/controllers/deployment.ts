// The Deployment controller on ReplicaSets (pkg/controller/deployment): one RS per pod template, named
// `<deploy>-<pod-template-hash>` with the hash on its selector, template and pods; revisions in
// `deployment.kubernetes.io/revision` (max + 1; a re-adopted old RS records its old number in
// revision-history); RollingUpdate within maxSurge/maxUnavailable, Recreate, paused (scaling only),
// proportional scaling, revisionHistoryLimit clean-up, status and conditions, ScalingReplicaSet events.
// Reconciles are driven by Deployment, ReplicaSet and pod-deletion events through a coalescing queue.

import type { Deployment, Pod } from '../../util/k8s.js';
import { DEPLOYMENTS, PODS, REPLICASETS } from '../resources.js';
import type { Scheduler } from '../scheduler.js';
import { StorageError } from '../storage/index.js';
import type { Storage } from '../storage/index.js';
import type { EventSink } from './events.js';
import {
  isScalingEvent,
  newRSReplicas,
  proportionalScale,
  reconcileNewRS,
  reconcileOldRSs,
  scaleDownForRecreate,
} from './deployment-rollout.js';
import type { RolloutOps } from './deployment-rollout.js';
import {
  calculateStatus,
  compactStatus,
  deploymentComplete,
  newCondition,
  pausedConditions,
  rolloutConditions,
  setCondition,
  condition,
  PROGRESSING,
} from './deployment-status.js';
import {
  byCreation,
  byRevision,
  canonical,
  equalIgnoreHash,
  HASH_LABEL,
  maxRevision,
  maxSurge,
  REVISION,
  replicasOf,
  revisionOf,
  setNewRSAnnotations,
  setReplicasAnnotations,
  templateHash,
  templateKey,
} from './deployment-util.js';
import type { TemplateKeyCache } from './deployment-util.js';
import { adoptOrphans, releaseUnmatched, selectorOf, selects } from './adoption.js';
import { OwnerIndex } from './owner-index.js';
import type { ReplicaSet } from './replicaset.js';
import { WorkQueue, keyOf, splitKey } from './queue.js';
import { controllerRef, isTerminal, ownerRefTo } from './util.js';

export { templateHash } from './deployment-util.js';

const SOURCE = { component: 'deployment-controller' };

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

  constructor(private readonly o: DeploymentControllerOptions) {
    this.queue = new WorkQueue(o.scheduler, (k) => this.sync(k), o.onError);
    this.rss = new OwnerIndex<ReplicaSet>(o.storage, REPLICASETS, (ev) => {
      for (const x of [ev.prev, ev.object]) {
        const ref = x ? controllerRef(x) : undefined;
        if (x && ref?.kind === 'Deployment') this.queue.enqueue(keyOf(x.metadata.namespace, ref.name));
      }
      if (ev.type !== 'DELETED' && !controllerRef(ev.object))
        for (const d of o.storage.list(DEPLOYMENTS, ev.object.metadata.namespace).items)
          if (selects(selectorOf(d as Deployment), ev.object))
            this.queue.enqueue(keyOf(d.metadata.namespace, d.metadata.name));
    });
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
    d.status = structuredClone(stored.status ?? {});
    const rsList = this.rss.owned(d.metadata.uid);
    const ops: RolloutOps = { d, scale: (rs, n) => this.scale(d, rs, n) };
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
        const synced = newRS ? this.syncNewRS(d, newRS, old, now) : undefined;
        proportionalScale(ops, synced, old);
        if (d.spec?.paused) this.cleanup(d, find().old);
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
    newRS = newRS ? this.syncNewRS(d, newRS, old, now) : this.createNewRS(d, old, now);
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
    if (deploymentComplete(d, calculateStatus([newRS, ...old], newRS, d, now))) this.cleanup(d, old);
  }

  private recreate(
    d: Deployment,
    ops: RolloutOps,
    now: number,
    find: () => { newRS?: ReplicaSet; old: ReplicaSet[] },
  ): void {
    const found = find();
    const old = found.old;
    let newRS = found.newRS ? this.syncNewRS(d, found.newRS, old, now) : undefined;
    if (scaleDownForRecreate(ops, old)) return;
    const running = old.some((rs) => this.o.podsOf(rs.metadata.uid).some((p) => !isTerminal(p)));
    if (running) return;
    newRS ??= this.createNewRS(d, old, now);
    if (!newRS) return;
    if (replicasOf(newRS) !== (d.spec?.replicas ?? 1)) newRS = ops.scale(newRS, d.spec?.replicas ?? 1);
    if (deploymentComplete(d, calculateStatus([newRS, ...old], newRS, d, now))) this.cleanup(d, old);
  }

  /** An existing RS for the current template: raise its revision (re-adoption), mirror it on `d`. */
  private syncNewRS(d: Deployment, rs: ReplicaSet, old: ReplicaSet[], now: number): ReplicaSet {
    const copy = shallowRS(rs);
    let changed = setNewRSAnnotations(d, copy, maxRevision(old) + 1, true);
    if ((copy.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0) && copy.spec) {
      copy.spec.minReadySeconds = d.spec?.minReadySeconds ?? 0;
      changed = true;
    }
    const out = changed ? (this.o.storage.update(REPLICASETS, copy) as ReplicaSet) : rs;
    (d.metadata.annotations ??= {})[REVISION] = String(revisionOf(out));
    if (!condition(d.status ?? {}, PROGRESSING))
      setCondition(
        (d.status ??= {}),
        newCondition(
          PROGRESSING,
          'True',
          'FoundNewReplicaSet',
          `Found new replica set "${out.metadata.name ?? ''}"`,
          now,
        ),
      );
    return out;
  }

  private createNewRS(d: Deployment, old: ReplicaSet[], now: number): ReplicaSet | undefined {
    const st = (d.status ??= {}) as { collisionCount?: number };
    const hash = templateHash(d.spec?.template, st.collisionCount ?? 0);
    const template = structuredClone(d.spec?.template ?? { spec: { containers: [] } });
    const labels = { ...template.metadata?.labels, [HASH_LABEL]: hash };
    template.metadata = { ...template.metadata, labels };
    const selector = structuredClone(d.spec?.selector ?? {});
    selector.matchLabels = { ...selector.matchLabels, [HASH_LABEL]: hash };
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name ?? ''}-${hash}`,
        namespace: d.metadata.namespace,
        labels: { ...labels },
        ownerReferences: [ownerRefTo(d)],
      },
      spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
    };
    const revision = maxRevision(old) + 1;
    if (rs.spec) rs.spec.replicas = newRSReplicas(d, [...old, rs], rs);
    setNewRSAnnotations(d, rs, revision, false);
    let created: ReplicaSet;
    try {
      created = this.o.storage.create(REPLICASETS, rs) as ReplicaSet;
    } catch (err) {
      if (!(err instanceof StorageError && err.reason === 'AlreadyExists')) throw err;
      const existing = this.o.storage.get(REPLICASETS, rs.metadata.namespace, rs.metadata.name ?? '') as
        ReplicaSet | undefined;
      if (
        existing &&
        controllerRef(existing)?.uid === d.metadata.uid &&
        equalIgnoreHash(existing.spec?.template, d.spec?.template)
      )
        return existing;
      st.collisionCount = (st.collisionCount ?? 0) + 1; // next sync picks another name
      this.queue.enqueue(keyOf(d.metadata.namespace, d.metadata.name));
      return undefined;
    }
    if (replicasOf(created) > 0)
      this.o.events.emit(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${created.metadata.name ?? ''} from 0 to ${replicasOf(created)}`,
        SOURCE,
      );
    (d.metadata.annotations ??= {})[REVISION] = String(revision);
    setCondition(
      d.status,
      newCondition(
        PROGRESSING,
        'True',
        'NewReplicaSetCreated',
        `Created new replica set "${created.metadata.name ?? ''}"`,
        now,
      ),
    );
    return created;
  }

  private scale(d: Deployment, rs: ReplicaSet, n: number): ReplicaSet {
    const copy = shallowRS(rs);
    const sized = replicasOf(rs) !== n;
    if (copy.spec) copy.spec.replicas = n;
    const annotated = setReplicasAnnotations(
      copy,
      d.spec?.replicas ?? 1,
      (d.spec?.replicas ?? 1) + maxSurge(d),
    );
    if (!sized && !annotated) return rs;
    const out = this.o.storage.update(REPLICASETS, copy) as ReplicaSet;
    if (sized) {
      const dir = n > replicasOf(rs) ? 'up' : 'down';
      this.o.events.emit(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${dir} replica set ${rs.metadata.name ?? ''} from ${replicasOf(rs)} to ${n}`,
        SOURCE,
      );
    }
    return out;
  }

  /** Keep revisionHistoryLimit old, empty ReplicaSets; delete the oldest revisions beyond it. */
  private cleanup(d: Deployment, old: ReplicaSet[]): void {
    const limit = d.spec?.revisionHistoryLimit;
    if (limit === undefined) return;
    const cleanable = old
      .filter(
        (rs) => replicasOf(rs) === 0 && (rs.status?.replicas ?? 0) === 0 && !rs.metadata.deletionTimestamp,
      )
      .filter((rs) => (rs.status?.observedGeneration ?? 0) >= (rs.metadata.generation ?? 1))
      .sort(byRevision);
    for (const rs of cleanable.slice(0, Math.max(0, cleanable.length - limit)))
      this.o.storage.delete(REPLICASETS, rs.metadata.namespace, rs.metadata.name ?? '');
  }

  private write(stored: Deployment, d: Deployment, status: Deployment['status']): void {
    const ann = d.metadata.annotations;
    if (
      canonical(ann) === canonical(stored.metadata.annotations) &&
      canonical(status) === canonical(stored.status)
    )
      return;
    this.o.storage.mutate(DEPLOYMENTS, stored.metadata.namespace, stored.metadata.name ?? '', (draft) => {
      if (ann) draft.metadata.annotations = ann;
      draft.status = status;
    });
  }
}

/** A copy of a stored ReplicaSet whose annotations and spec fields may be changed. */
function shallowRS(rs: ReplicaSet): ReplicaSet {
  return {
    ...rs,
    metadata: { ...rs.metadata, annotations: { ...rs.metadata.annotations } },
    ...(rs.spec ? { spec: { ...rs.spec } } : {}),
  };
}
