// kube-controller-manager's clusterrole-aggregation controller: a ClusterRole with an aggregationRule
// carries the rules of the ClusterRoles its selectors match (view, edit and admin grow when a CRD's
// roles are labelled `rbac.authorization.k8s.io/aggregate-to-view: "true"`).

import { CLUSTERROLES } from '../resources.js';
import type { Scheduler } from '../scheduler.js';
import type { Storage } from '../storage/index.js';
import { aggregatedRules } from '../auth/aggregate.js';
import type { AggregatedRole } from '../auth/aggregate.js';
import { WorkQueue } from './queue.js';

export class ClusterRoleAggregationController {
  private readonly queue: WorkQueue;
  private unsub: (() => void) | undefined;

  constructor(
    private readonly storage: Storage,
    scheduler: Scheduler,
    onError: (err: unknown) => void = (): void => undefined,
  ) {
    this.queue = new WorkQueue(scheduler, (name) => this.reconcile(name), onError);
  }

  start(): void {
    this.unsub = this.storage.subscribe(CLUSTERROLES, () => this.enqueueAggregating());
    this.enqueueAggregating();
  }

  stop(): void {
    this.unsub?.();
    this.unsub = undefined;
    this.queue.stop();
  }

  private enqueueAggregating(): void {
    for (const r of this.storage.list(CLUSTERROLES).items)
      if ((r as AggregatedRole).aggregationRule) this.queue.enqueue(r.metadata.name ?? '');
  }

  reconcile(name: string): void {
    const role = this.storage.get(CLUSTERROLES, undefined, name) as AggregatedRole | undefined;
    if (!role) return;
    const rules = aggregatedRules(role, this.storage.list(CLUSTERROLES).items);
    if (!rules || JSON.stringify(rules) === JSON.stringify(role.rules ?? [])) return;
    this.storage.mutate(CLUSTERROLES, undefined, name, (d) => {
      (d as AggregatedRole).rules = rules;
    });
  }
}
