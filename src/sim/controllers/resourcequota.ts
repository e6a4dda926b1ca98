// kube-controller-manager's resourcequota controller: each ResourceQuota's status.hard mirrors
// spec.hard and status.used is the namespace's usage of those resource names (policy/quota.ts),
// recomputed whenever something in a namespace with quotas changes.

import { RESOURCEQUOTAS } from '../resources.js';
import type { Scheduler } from '../scheduler.js';
import type { Storage } from '../storage/index.js';
import { formatUsed, namespaceUsage } from '../policy/quota.js';
import type { Quota } from '../policy/quota.js';
import { WorkQueue } from './queue.js';

export class ResourceQuotaController {
  private readonly queue: WorkQueue;
  private unsub: (() => void) | undefined;

  constructor(
    private readonly storage: Storage,
    scheduler: Scheduler,
    onError: (err: unknown) => void = (): void => undefined,
  ) {
    this.queue = new WorkQueue(scheduler, (ns) => this.reconcile(ns), onError);
  }

  start(): void {
    this.unsub = this.storage.subscribeAll((ev) => {
      const ns = ev.object.metadata.namespace;
      if (ns && this.storage.sortedKeys(RESOURCEQUOTAS).some((k) => k.startsWith(`${ns}/`)))
        this.queue.enqueue(ns);
    });
    for (const q of this.storage.list(RESOURCEQUOTAS).items) this.queue.enqueue(q.metadata.namespace ?? '');
  }

  stop(): void {
    this.unsub?.();
    this.unsub = undefined;
    this.queue.stop();
  }

  reconcile(ns: string): void {
    for (const o of this.storage.list(RESOURCEQUOTAS, ns).items) {
      const quota = o as Quota;
      const hard = { ...(quota.spec?.hard ?? {}) };
      const status = { hard, used: formatUsed(namespaceUsage(this.storage, ns, hard, quota), hard) };
      if (JSON.stringify(status) === JSON.stringify(quota.status)) continue;
      this.storage.mutate(RESOURCEQUOTAS, ns, quota.metadata.name ?? '', (d) => {
        (d as Quota).status = status;
      });
    }
  }
}
