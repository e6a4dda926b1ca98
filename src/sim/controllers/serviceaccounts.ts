// kube-controller-manager's serviceaccount controller: every namespace that is not terminating has a
// `default` ServiceAccount; one created or deleted is (re)created at once.

import type { Namespace } from '../../util/k8s.js';
import { NAMESPACES, SERVICEACCOUNTS } from '../resources.js';
import type { Scheduler } from '../scheduler.js';
import type { Storage } from '../storage/index.js';
import { StorageError } from '../storage/index.js';
import { WorkQueue } from './queue.js';

export class ServiceAccountController {
  private readonly queue: WorkQueue;
  private unsubs: (() => void)[] = [];

  constructor(
    private readonly storage: Storage,
    scheduler: Scheduler,
    onError: (err: unknown) => void = (): void => undefined,
  ) {
    this.queue = new WorkQueue(scheduler, (ns) => this.reconcile(ns), onError);
  }

  start(): void {
    this.unsubs = [
      this.storage.subscribe(NAMESPACES, (ev) => {
        if (ev.type !== 'DELETED') this.queue.enqueue(ev.object.metadata.name ?? '');
      }),
      this.storage.subscribe(SERVICEACCOUNTS, (ev) => {
        if (ev.type === 'DELETED' && ev.object.metadata.name === 'default')
          this.queue.enqueue(ev.object.metadata.namespace ?? '');
      }),
    ];
    for (const ns of this.storage.list(NAMESPACES).items) this.reconcile(ns.metadata.name ?? '');
  }

  stop(): void {
    for (const u of this.unsubs) u();
    this.unsubs = [];
    this.queue.stop();
  }

  reconcile(name: string): void {
    const ns = this.storage.get(NAMESPACES, undefined, name) as Namespace | undefined;
    if (!ns || ns.metadata.deletionTimestamp) return;
    if (this.storage.get(SERVICEACCOUNTS, name, 'default')) return;
    try {
      this.storage.create(SERVICEACCOUNTS, { metadata: { name: 'default', namespace: name } });
    } catch (e) {
      if (!(e instanceof StorageError && e.code === 409)) throw e;
    }
  }
}
