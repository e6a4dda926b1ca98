// The StatefulSet controller: stable pod names `<sts>-<ordinal>` with hostname/subdomain, one
// PersistentVolumeClaim `<claim>-<sts>-<ordinal>` per volumeClaimTemplate (kept when pods go), OrderedReady
// (create 0..n-1 one at a time once the previous is Running and Ready; scale down from the highest
// ordinal) or Parallel, RollingUpdate from the highest ordinal down honouring partition, OnDelete;
// ControllerRevisions for rollout history/undo; status with currentRevision/updateRevision.

import type { KObject, Pod, PodTemplateSpec } from '../../util/k8s.js';
import { PERSISTENTVOLUMECLAIMS, PODS, STATEFULSETS } from '../resources.js';
import type { Scheduler } from '../scheduler.js';
import { copyJson } from '../storage/index.js';
import type { Storage } from '../storage/index.js';
import type { EventSink } from './events.js';
import { splitKey } from './queue.js';
import { pruneRevisions, REVISION_HASH, syncRevision } from './revisions.js';
import type { RevisionOwner } from './revisions.js';
import { deletePodGracefully, isPodAvailable, isPodReady, ownerRefTo, writeStatus } from './util.js';
import { OwnedController } from './owned-work.js';
import { STATEFULSET_COUNTS, usableSpec } from './usable.js';

export interface StatefulSet extends RevisionOwner {
  spec?: RevisionOwner['spec'] & {
    replicas?: number;
    serviceName?: string;
    template?: PodTemplateSpec;
    minReadySeconds?: number;
    podManagementPolicy?: 'OrderedReady' | 'Parallel';
    updateStrategy?: { type?: 'RollingUpdate' | 'OnDelete'; rollingUpdate?: { partition?: number } };
    volumeClaimTemplates?: {
      metadata?: { name?: string; labels?: Record<string, string> };
      spec?: unknown;
    }[];
  };
  status?: Record<string, unknown>;
}

const SOURCE = { component: 'statefulset-controller' };
const ordinalOf = (sts: StatefulSet, p: Pod): number => {
  const m = new RegExp(`^${sts.metadata.name ?? ''}-(\\d+)$`).exec(p.metadata.name ?? '');
  return m ? Number(m[1]) : -1;
};
const runningReady = (p: Pod): boolean =>
  p.status?.phase === 'Running' && isPodReady(p) && !p.metadata.deletionTimestamp;

export class StatefulSetController extends OwnedController<Pod> {
  constructor(
    private readonly storage: Storage,
    private readonly scheduler: Scheduler,
    private readonly events: EventSink,
    onError: (err: unknown) => void = (): void => undefined,
  ) {
    super(storage, scheduler, { owners: STATEFULSETS, ownerKind: 'StatefulSet', children: PODS }, onError);
  }

  reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const sts = this.storage.get(STATEFULSETS, ns, name) as StatefulSet | undefined;
    if (!sts?.spec?.template || sts.metadata.deletionTimestamp) return;
    if (!usableSpec(sts.spec, STATEFULSET_COUNTS)) return;
    const now = this.scheduler.now();
    // pods carry the update revision's name (`<sts>-<hash>`) in controller-revision-hash
    const { label: update } = syncRevision(this.storage, sts, 'StatefulSet');
    const replicas = sts.spec.replicas ?? 1;
    const ordered = (sts.spec.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
    const pods = this.work.children
      .owned(sts.metadata.uid)
      .sort((a, b) => ordinalOf(sts, a) - ordinalOf(sts, b));
    const byOrdinal = new Map(pods.map((p) => [ordinalOf(sts, p), p]));
    // finished pods are replaced (a StatefulSet's pods are meant to run)
    for (const p of pods)
      if ((p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded') && !p.metadata.deletionTimestamp)
        this.storage.delete(PODS, p.metadata.namespace, p.metadata.name ?? '');
    let blocked = false;
    for (let i = 0; i < replicas && !blocked; i++) {
      const p = byOrdinal.get(i);
      if (!p || !this.storage.get(PODS, ns, p.metadata.name ?? '')) {
        if (p?.metadata.deletionTimestamp) blocked = ordered;
        else {
          this.create(sts, i, update);
          blocked = ordered;
        }
      } else if (ordered && !runningReady(p)) blocked = true;
    }
    // scale down, highest ordinal first, one at a time when ordered
    const surplus = pods
      .filter((p) => ordinalOf(sts, p) >= replicas && !p.metadata.deletionTimestamp)
      .reverse();
    if (!blocked) for (const p of ordered ? surplus.slice(0, 1) : surplus) this.remove(sts, p, now);
    // rolling update from the highest ordinal down to the partition, one pod at a time
    const partition = sts.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    if (
      (sts.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' &&
      !blocked &&
      surplus.length === 0
    ) {
      const live = this.work.children.owned(sts.metadata.uid).filter((p) => ordinalOf(sts, p) < replicas);
      if (live.length === replicas && live.every(runningReady)) {
        const stale = live
          .filter((p) => ordinalOf(sts, p) >= partition && p.metadata.labels?.[REVISION_HASH] !== update)
          .sort((a, b) => ordinalOf(sts, b) - ordinalOf(sts, a));
        const first = stale[0];
        if (first) this.remove(sts, first, now);
      }
    }
    const mine = this.work.children.owned(sts.metadata.uid);
    const inUse = new Set(mine.map((p) => p.metadata.labels?.[REVISION_HASH] ?? ''));
    const current = sts.status?.['currentRevision'];
    if (typeof current === 'string') inUse.add(current);
    pruneRevisions(this.storage, sts, 'StatefulSet', inUse);
    this.writeStatus(sts, mine, update, now);
  }

  private create(sts: StatefulSet, ordinal: number, update: string): void {
    const tpl = sts.spec?.template;
    const ns = sts.metadata.namespace;
    const name = `${sts.metadata.name ?? ''}-${ordinal}`;
    const volumes = [...((tpl?.spec.volumes ?? []) as { name: string }[])];
    for (const vct of sts.spec?.volumeClaimTemplates ?? []) {
      const claim = `${vct.metadata?.name ?? 'data'}-${name}`;
      if (!this.storage.get(PERSISTENTVOLUMECLAIMS, ns, claim)) {
        const pvc: KObject = {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: {
            name: claim,
            namespace: ns,
            labels: { ...sts.spec?.selector?.matchLabels, ...vct.metadata?.labels },
          },
          spec: copyJson(vct.spec ?? {}),
          status: { phase: 'Pending' },
        };
        this.storage.create(PERSISTENTVOLUMECLAIMS, pvc);
        this.events.emit(
          sts,
          'Normal',
          'SuccessfulCreate',
          `create Claim ${claim} Pod ${name} in StatefulSet ${sts.metadata.name ?? ''} success`,
          SOURCE,
        );
      }
      if (!volumes.some((v) => v.name === vct.metadata?.name))
        volumes.push({ name: vct.metadata?.name ?? 'data', persistentVolumeClaim: { claimName: claim } } as {
          name: string;
        });
    }
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: ns,
        labels: {
          ...tpl?.metadata?.labels,
          [REVISION_HASH]: update,
          'statefulset.kubernetes.io/pod-name': name,
          'apps.kubernetes.io/pod-index': String(ordinal),
        },
        ...(tpl?.metadata?.annotations ? { annotations: { ...tpl.metadata.annotations } } : {}),
        ownerReferences: [ownerRefTo(sts)],
      },
      spec: { ...copyJson(tpl?.spec ?? { containers: [] }), ...(volumes.length ? { volumes } : {}) },
    };
    const spec = pod.spec as unknown as Record<string, unknown>;
    spec['hostname'] = name;
    if (sts.spec?.serviceName) spec['subdomain'] = sts.spec.serviceName;
    this.storage.create(PODS, pod);
    this.events.emit(
      sts,
      'Normal',
      'SuccessfulCreate',
      `create Pod ${name} in StatefulSet ${sts.metadata.name ?? ''} successful`,
      SOURCE,
    );
  }

  private remove(sts: StatefulSet, p: Pod, now: number): void {
    deletePodGracefully(this.storage, p, now);
    this.events.emit(
      sts,
      'Normal',
      'SuccessfulDelete',
      `delete Pod ${p.metadata.name ?? ''} in StatefulSet ${sts.metadata.name ?? ''} successful`,
      SOURCE,
    );
  }

  private writeStatus(sts: StatefulSet, pods: Pod[], update: string, now: number): void {
    const live = pods.filter((p) => !p.metadata.deletionTimestamp);
    const updated = live.filter((p) => p.metadata.labels?.[REVISION_HASH] === update).length;
    const older = live.find((p) => p.metadata.labels?.[REVISION_HASH] !== update)?.metadata.labels?.[
      REVISION_HASH
    ];
    const status: Record<string, unknown> = {
      observedGeneration: sts.metadata.generation ?? 1,
      replicas: live.length,
      readyReplicas: live.filter(isPodReady).length,
      currentReplicas: older ? live.length - updated : updated,
      updatedReplicas: updated,
      currentRevision: older ?? update,
      updateRevision: update,
      collisionCount: 0,
      availableReplicas: live.filter((p) => isPodAvailable(p, sts.spec?.minReadySeconds ?? 0, now)).length,
    };
    for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas'])
      if (status[k] === 0) delete status[k];
    if (JSON.stringify(status) !== JSON.stringify(sts.status))
      writeStatus(this.storage, STATEFULSETS, sts, status);
  }
}
