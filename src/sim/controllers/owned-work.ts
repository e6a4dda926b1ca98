// The wiring every owner/children controller shares (ReplicaSet → pods, StatefulSet → pods, Job → pods,
// CronJob → Jobs, DaemonSet → pods): a change to a child queues its controller owner; a change to an owner
// queues the owner itself, and every owner is queued once at start.
import type { KObject } from '../../util/k8s.js';
import type { Scheduler } from '../scheduler.js';
import type { Gvr, Storage, StoredEvent } from '../storage/index.js';
import { OwnerIndex } from './owner-index.js';
import { WorkQueue, keyOf } from './queue.js';
import { controllerRef } from './util.js';

/** OwnerIndex callback: queue the controller owner of kind `ownerKind` of the child before and after. */
export function enqueueControllerOwner(queue: WorkQueue, ownerKind: string): (ev: StoredEvent) => void {
  return (ev) => {
    const { prev, object } = ev;
    // the version before first, then this one (no array of the two per event); a status write keeps the
    // stored ownerReferences, so its owner is queued once (a second enqueue of a queued key is a no-op)
    if (prev !== undefined && prev.metadata.ownerReferences !== object.metadata.ownerReferences) {
      const ref = controllerRef(prev);
      if (ref?.kind === ownerKind) queue.enqueue(keyOf(prev.metadata.namespace, ref.name));
    }
    const ref = controllerRef(object);
    if (ref?.kind === ownerKind) queue.enqueue(keyOf(object.metadata.namespace, ref.name));
  };
}

/** Queues every owner now and each owner that changes (not deleted ones); returns the unsubscribe. */
function watchOwners(storage: Storage, owners: Gvr, queue: WorkQueue): () => void {
  const unsub = storage.subscribe(owners, (ev) => {
    if (ev.type !== 'DELETED') queue.enqueue(keyOf(ev.object.metadata.namespace, ev.object.metadata.name));
  });
  for (const o of storage.list(owners).items) queue.enqueue(keyOf(o.metadata.namespace, o.metadata.name));
  return unsub;
}

/**
 * The whole shell of a controller whose owners have children (StatefulSet, Job, CronJob): a work queue
 * that calls `reconcile(ownerKey)`, an index of the children by owner that queues their controller owner,
 * and the owners' own changes queued; `start`/`stop` wire and unwire all three.
 */
export class OwnedWork<C extends KObject> {
  readonly queue: WorkQueue;
  readonly children: OwnerIndex<C>;
  private unsub: (() => void) | undefined;

  constructor(
    private readonly storage: Storage,
    scheduler: Scheduler,
    private readonly opts: {
      owners: Gvr;
      ownerKind: string;
      children: Gvr;
      reconcile: (key: string) => void;
      onError: (err: unknown) => void;
    },
  ) {
    this.queue = new WorkQueue(scheduler, opts.reconcile, opts.onError);
    this.children = new OwnerIndex<C>(
      storage,
      opts.children,
      enqueueControllerOwner(this.queue, opts.ownerKind),
      opts.ownerKind,
    );
  }

  start(): void {
    this.children.start();
    this.unsub = watchOwners(this.storage, this.opts.owners, this.queue);
  }

  stop(): void {
    this.unsub?.();
    this.unsub = undefined;
    this.queue.stop();
    this.children.stop();
  }
}

/** A controller whose whole shell is an OwnedWork: subclasses give the kinds and `reconcile`. */
export abstract class OwnedController<C extends KObject> {
  protected readonly work: OwnedWork<C>;

  constructor(
    storage: Storage,
    scheduler: Scheduler,
    kinds: { owners: Gvr; ownerKind: string; children: Gvr },
    onError: (err: unknown) => void,
  ) {
    this.work = new OwnedWork<C>(storage, scheduler, {
      ...kinds,
      reconcile: (k) => this.reconcile(k),
      onError,
    });
  }

  start(): void {
    this.work.start();
  }

  stop(): void {
    this.work.stop();
  }

  abstract reconcile(key: string): void;
}
