// Namespace termination: a namespace with a deletionTimestamp is Terminating; everything in it is deleted
// (pods gracefully), and once it is empty the `kubernetes` finalizer is dropped and the namespace removed.

import type { Namespace, Pod } from '../../util/k8s.js';
import { NAMESPACES, PODS, RESOURCES } from '../resources.js';
import type { Scheduler } from '../scheduler.js';
import type { Storage } from '../storage/index.js';
import { WorkQueue } from './queue.js';
import { deletePodGracefully, timestamp } from './util.js';

const RETRY_MS = 1000;

export class NamespaceController {
  private readonly queue: WorkQueue;
  private unsub: (() => void) | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly scheduler: Scheduler,
    onError: (err: unknown) => void = (): void => undefined,
  ) {
    this.queue = new WorkQueue(scheduler, (k) => this.reconcile(k), onError);
  }

  start(): void {
    this.unsub = this.storage.subscribe(NAMESPACES, (ev) => {
      if (ev.type !== 'DELETED' && ev.object.metadata.deletionTimestamp)
        this.queue.enqueue(ev.object.metadata.name ?? '');
    });
    for (const ns of this.storage.list(NAMESPACES).items)
      if (ns.metadata.deletionTimestamp) this.queue.enqueue(ns.metadata.name ?? '');
  }

  stop(): void {
    this.unsub?.();
    this.unsub = undefined;
    this.queue.stop();
  }

  reconcile(name: string): void {
    const ns = this.storage.get(NAMESPACES, undefined, name) as Namespace | undefined;
    if (!ns?.metadata.deletionTimestamp) return;
    const now = this.scheduler.now();
    if (ns.status?.phase !== 'Terminating')
      this.storage.mutate(NAMESPACES, undefined, name, (d) => {
        (d as Namespace).status = { phase: 'Terminating' };
      });
    let left = 0;
    for (const r of RESOURCES) {
      if (!r.namespaced) continue;
      for (const o of this.storage.list(r.gvr, name).items) {
        left++;
        if (r.gvr === PODS) deletePodGracefully(this.storage, o as Pod, now);
        else if (!o.metadata.deletionTimestamp) {
          if ((o.metadata.finalizers ?? []).length > 0)
            this.storage.mutate(r.gvr, name, o.metadata.name ?? '', (d) => {
              d.metadata.deletionTimestamp ??= timestamp(now);
            });
          else this.storage.delete(r.gvr, name, o.metadata.name ?? '');
        }
      }
    }
    if (left > 0) {
      this.queue.enqueue(name, RETRY_MS);
      return;
    }
    const done = this.storage.mutate(NAMESPACES, undefined, name, (d) => {
      const spec = (d as Namespace).spec;
      if (spec?.finalizers) spec.finalizers = spec.finalizers.filter((f) => f !== 'kubernetes');
    });
    const cur = (done ?? ns) as Namespace;
    if ((cur.spec?.finalizers ?? []).length === 0 && (cur.metadata.finalizers ?? []).length === 0)
      this.storage.delete(NAMESPACES, undefined, name);
  }
}
