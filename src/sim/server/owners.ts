// Owner references and the errors deletion answers with.

import type { KObject } from '../../util/k8s.js';
import { StorageError } from '../storage/index.js';
import type { Gvr, Storage } from '../storage/index.js';
import type { ResourceInfo } from '../resources.js';

export interface Dependent {
  info: ResourceInfo;
  obj: KObject;
}

/** Objects with an ownerReference to `owner` (same namespace, or anywhere for a cluster-scoped owner). */
export function dependentsOf(
  storage: Storage,
  resources: readonly ResourceInfo[],
  owner: KObject,
): Dependent[] {
  const uid = owner.metadata.uid;
  const out: Dependent[] = [];
  if (!uid) return out;
  for (const info of resources) {
    if (owner.metadata.namespace && !info.namespaced) continue;
    if (storage.count(info.gvr) === 0) continue;
    for (const o of storage.list(info.gvr, owner.metadata.namespace).items)
      if (o.metadata.ownerReferences?.some((r) => r.uid === uid)) out.push({ info, obj: o });
  }
  return out;
}

export function notFound(g: Gvr, name: string): StorageError {
  return new StorageError(
    404,
    'NotFound',
    `${g.resource}${g.group ? `.${g.group}` : ''} "${name}" not found`,
    {
      name,
      kind: g.resource,
      ...(g.group ? { group: g.group } : {}),
    },
  );
}

export function conflict(g: Gvr, name: string, why: string): StorageError {
  return new StorageError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${g.resource}${g.group ? `.${g.group}` : ''} "${name}": ${why}`,
    { name, kind: g.resource, ...(g.group ? { group: g.group } : {}) },
  );
}
