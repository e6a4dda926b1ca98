// ControllerRevisions (pkg/controller/history) for DaemonSets and StatefulSets: one revision per pod
// template, named `<owner>-<hash>`, `data` holding the template as a strategic-merge patch, `revision`
// numbered max + 1; returning to an old template renumbers its revision (so `kubectl rollout history` and
// `rollout undo` work as on a real cluster); revisionHistoryLimit old revisions are kept.

import type { KObject, PodTemplateSpec } from '../../util/k8s.js';
import { CONTROLLERREVISIONS } from '../resources.js';
import type { Storage } from '../storage/index.js';
import { canonical, templateHash } from './deployment-util.js';
import { controllerRef, ownerRefTo } from './util.js';

export const REVISION_HASH = 'controller-revision-hash';

export interface ControllerRevision extends KObject {
  data?: unknown;
  revision: number;
}

export interface RevisionOwner extends KObject {
  spec?: {
    template?: PodTemplateSpec;
    selector?: { matchLabels?: Record<string, string> };
    revisionHistoryLimit?: number;
  };
}

const revisionData = (t: PodTemplateSpec | undefined): unknown => ({
  spec: { template: { ...t, $patch: 'replace' } },
});

/** The revisions `owner` controls, oldest revision first. */
export function revisionsOf(storage: Storage, owner: KObject): ControllerRevision[] {
  return (storage.list(CONTROLLERREVISIONS, owner.metadata.namespace).items as ControllerRevision[])
    .filter((r) => controllerRef(r)?.uid === owner.metadata.uid)
    .sort((a, b) => a.revision - b.revision);
}

/** Make sure the owner's current template has the newest revision; returns it and its hash. */
export function syncRevision(
  storage: Storage,
  owner: RevisionOwner,
): { revision: ControllerRevision; hash: string } {
  const data = revisionData(owner.spec?.template);
  const key = canonical(data);
  const all = revisionsOf(storage, owner);
  const max = all.reduce((m, r) => Math.max(m, r.revision), 0);
  const same = all.find((r) => canonical(r.data) === key);
  if (same) {
    const hash = same.metadata.labels?.[REVISION_HASH] ?? templateHash(data);
    if (same.revision === max) return { revision: same, hash };
    const bumped = storage.mutate(
      CONTROLLERREVISIONS,
      same.metadata.namespace,
      same.metadata.name ?? '',
      (d) => {
        (d as ControllerRevision).revision = max + 1;
      },
    ) as ControllerRevision | undefined;
    return { revision: bumped ?? same, hash };
  }
  let hash = templateHash(data);
  for (
    let n = 1;
    storage.get(CONTROLLERREVISIONS, owner.metadata.namespace, `${owner.metadata.name ?? ''}-${hash}`);
    n++
  )
    hash = templateHash(data, n);
  const cr: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${owner.metadata.name ?? ''}-${hash}`,
      namespace: owner.metadata.namespace,
      labels: { ...owner.spec?.selector?.matchLabels, [REVISION_HASH]: hash },
      ...(owner.metadata.annotations?.['kubernetes.io/change-cause']
        ? {
            annotations: {
              'kubernetes.io/change-cause': owner.metadata.annotations['kubernetes.io/change-cause'],
            },
          }
        : {}),
      ownerReferences: [ownerRefTo(owner)],
    },
    data,
    revision: max + 1,
  };
  return { revision: storage.create(CONTROLLERREVISIONS, cr) as ControllerRevision, hash };
}

/** Delete the oldest revisions beyond revisionHistoryLimit that no live pod still uses. */
export function pruneRevisions(storage: Storage, owner: RevisionOwner, inUse: ReadonlySet<string>): void {
  const limit = owner.spec?.revisionHistoryLimit ?? 10;
  const all = revisionsOf(storage, owner);
  const current = all[all.length - 1];
  const old = all.filter((r) => r !== current && !inUse.has(r.metadata.labels?.[REVISION_HASH] ?? ''));
  for (const r of old.slice(0, Math.max(0, old.length - limit)))
    storage.delete(CONTROLLERREVISIONS, r.metadata.namespace, r.metadata.name ?? '');
}
