// The Deployment controller's ReplicaSet writes: finding/raising the revision of the RS for the current
// template (re-adoption on rollback), creating a new RS `<deploy>-<hash>`, scaling with the
// desired/max-replicas annotations and ScalingReplicaSet events, and pruning old revisions.

import type { Deployment } from '../../util/k8s.js';
import { REPLICASETS } from '../resources.js';
import { copyJson, StorageError } from '../storage/index.js';
import type { Storage } from '../storage/index.js';
import { newRSReplicas } from './deployment-rollout.js';
import { condition, newCondition, PROGRESSING, setCondition } from './deployment-status.js';
import {
  byRevision,
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
} from './deployment-util.js';
import type { EventSink } from './events.js';
import type { ReplicaSet } from './replicaset.js';
import { controllerRef, ownerRefTo } from './util.js';

const SOURCE = { component: 'deployment-controller' };

export class ReplicaSetWriter {
  constructor(
    private readonly storage: Storage,
    private readonly events: EventSink,
    /** Look at the deployment again soon (after a hash collision). */
    private readonly requeue: (d: Deployment) => void,
  ) {}

  /** An existing RS for the current template: raise its revision (re-adoption), mirror it on `d`. */
  syncNewRS(d: Deployment, rs: ReplicaSet, old: ReplicaSet[], now: number): ReplicaSet {
    const copy = shallowRS(rs);
    let changed = setNewRSAnnotations(d, copy, maxRevision(old) + 1, true);
    if ((copy.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0) && copy.spec) {
      copy.spec.minReadySeconds = d.spec?.minReadySeconds ?? 0;
      changed = true;
    }
    const out = changed ? (this.storage.update(REPLICASETS, copy) as ReplicaSet) : rs;
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

  createNewRS(d: Deployment, old: ReplicaSet[], now: number): ReplicaSet | undefined {
    const st = (d.status ??= {}) as { collisionCount?: number };
    const hash = templateHash(d.spec?.template, st.collisionCount ?? 0);
    const template = copyJson(d.spec?.template ?? { spec: { containers: [] } });
    const labels = { ...template.metadata?.labels, [HASH_LABEL]: hash };
    template.metadata = { ...template.metadata, labels };
    const selector = copyJson(d.spec?.selector ?? {});
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
      created = this.storage.create(REPLICASETS, rs) as ReplicaSet;
    } catch (err) {
      if (!(err instanceof StorageError && err.reason === 'AlreadyExists')) throw err;
      const existing = this.storage.get(REPLICASETS, rs.metadata.namespace, rs.metadata.name ?? '') as
        ReplicaSet | undefined;
      if (
        existing &&
        controllerRef(existing)?.uid === d.metadata.uid &&
        equalIgnoreHash(existing.spec?.template, d.spec?.template)
      )
        return existing;
      st.collisionCount = (st.collisionCount ?? 0) + 1; // next sync picks another name
      this.requeue(d);
      return undefined;
    }
    if (replicasOf(created) > 0)
      this.events.emit(
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

  scale(d: Deployment, rs: ReplicaSet, n: number): ReplicaSet {
    const copy = shallowRS(rs);
    const sized = replicasOf(rs) !== n;
    if (copy.spec) copy.spec.replicas = n;
    const annotated = setReplicasAnnotations(
      copy,
      d.spec?.replicas ?? 1,
      (d.spec?.replicas ?? 1) + maxSurge(d),
    );
    if (!sized && !annotated) return rs;
    const out = this.storage.update(REPLICASETS, copy) as ReplicaSet;
    if (sized) {
      const dir = n > replicasOf(rs) ? 'up' : 'down';
      this.events.emit(
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
  cleanup(d: Deployment, old: ReplicaSet[]): void {
    const limit = d.spec?.revisionHistoryLimit;
    if (limit === undefined) return;
    const cleanable = old
      .filter(
        (rs) => replicasOf(rs) === 0 && (rs.status?.replicas ?? 0) === 0 && !rs.metadata.deletionTimestamp,
      )
      .filter((rs) => (rs.status?.observedGeneration ?? 0) >= (rs.metadata.generation ?? 1))
      .sort(byRevision);
    for (const rs of cleanable.slice(0, Math.max(0, cleanable.length - limit)))
      this.storage.delete(REPLICASETS, rs.metadata.namespace, rs.metadata.name ?? '');
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
