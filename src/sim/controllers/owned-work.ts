// The wiring every owner/children controller shares (ReplicaSet → pods, StatefulSet → pods, Job → pods,
// CronJob → Jobs, DaemonSet → pods): a change to a child queues its controller owner; a change to an owner
// queues the owner itself, and every owner is queued once at start.
import type { Gvr, Storage, StoredEvent } from '../storage/index.js';
import type { WorkQueue } from './queue.js';
import { keyOf } from './queue.js';
import { controllerRef } from './util.js';

/** OwnerIndex callback: queue the controller owner of kind `ownerKind` of the child before and after. */
export function enqueueControllerOwner(queue: WorkQueue, ownerKind: string): (ev: StoredEvent) => void {
  return (ev) => {
    for (const o of [ev.prev, ev.object]) {
      const ref = o ? controllerRef(o) : undefined;
      if (o && ref?.kind === ownerKind) queue.enqueue(keyOf(o.metadata.namespace, ref.name));
    }
  };
}

/** Queues every owner now and each owner that changes (not deleted ones); returns the unsubscribe. */
export function watchOwners(storage: Storage, owners: Gvr, queue: WorkQueue): () => void {
  const unsub = storage.subscribe(owners, (ev) => {
    if (ev.type !== 'DELETED') queue.enqueue(keyOf(ev.object.metadata.namespace, ev.object.metadata.name));
  });
  for (const o of storage.list(owners).items) queue.enqueue(keyOf(o.metadata.namespace, o.metadata.name));
  return unsub;
}
