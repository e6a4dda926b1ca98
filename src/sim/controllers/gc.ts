// Garbage collection through ownerReferences (the garbage collector's three policies):
// - Background: when an owner is gone, dependents whose every owner is gone are deleted (pods gracefully).
// - Foreground: an owner with deletionTimestamp and the `foregroundDeletion` finalizer has its dependents
//   deleted first; then the finalizer is dropped and the owner removed.
// - Orphan: an owner with the `orphan` finalizer has its ownerReference removed from every dependent, then
//   the finalizer dropped and the owner removed.

import type { KObject, Pod } from '../../util/k8s.js';
import {
  CONTROLLERREVISIONS,
  CRONJOBS,
  DAEMONSETS,
  DEPLOYMENTS,
  ENDPOINTSLICES,
  JOBS,
  PODS,
  REPLICASETS,
  STATEFULSETS,
} from '../resources.js';
import type { Scheduler } from '../scheduler.js';
import type { Gvr, Storage, StoredEvent } from '../storage/index.js';
import { WorkQueue } from './queue.js';
import { deletePodGracefully } from './util.js';

const OWNERS: readonly Gvr[] = [DEPLOYMENTS, REPLICASETS, STATEFULSETS, DAEMONSETS, JOBS, CRONJOBS];
const DEPENDENTS: readonly Gvr[] = [REPLICASETS, PODS, CONTROLLERREVISIONS, JOBS, ENDPOINTSLICES];
const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';

interface Work {
  gvr: Gvr;
  ns: string | undefined;
  name: string;
  uid: string;
}

export class GarbageCollector {
  private readonly queue: WorkQueue;
  private readonly work = new Map<string, Work>();
  private unsubs: (() => void)[] = [];

  constructor(
    private readonly storage: Storage,
    private readonly scheduler: Scheduler,
    onError: (err: unknown) => void = (): void => undefined,
  ) {
    this.queue = new WorkQueue(scheduler, (k) => this.process(k), onError);
  }

  start(): void {
    for (const gvr of OWNERS) {
      this.unsubs.push(this.storage.subscribe(gvr, (ev) => this.onOwner(gvr, ev)));
      for (const o of this.storage.list(gvr).items) if (o.metadata.deletionTimestamp) this.add(gvr, o);
    }
  }

  stop(): void {
    for (const u of this.unsubs) u();
    this.unsubs = [];
    this.queue.stop();
    this.work.clear();
  }

  private onOwner(gvr: Gvr, ev: StoredEvent): void {
    if (ev.type === 'DELETED' || ev.object.metadata.deletionTimestamp) this.add(gvr, ev.object);
  }

  private add(gvr: Gvr, o: KObject): void {
    const uid = o.metadata.uid ?? '';
    this.work.set(uid, { gvr, ns: o.metadata.namespace, name: o.metadata.name ?? '', uid });
    this.queue.enqueue(uid);
  }

  private dependents(ns: string | undefined, uid: string): [Gvr, KObject][] {
    const out: [Gvr, KObject][] = [];
    for (const gvr of DEPENDENTS)
      for (const o of this.storage.list(gvr, ns).items)
        if (o.metadata.ownerReferences?.some((r) => r.uid === uid)) out.push([gvr, o]);
    return out;
  }

  private ownerAlive(o: KObject, goneUid: string): boolean {
    return (o.metadata.ownerReferences ?? []).some((r) => {
      if (r.uid === goneUid) return false;
      const gvr = OWNERS.find((g) => kindOf(g) === r.kind);
      const owner = gvr && this.storage.get(gvr, o.metadata.namespace, r.name);
      return !gvr || owner?.metadata.uid === r.uid;
    });
  }

  private remove(gvr: Gvr, o: KObject): void {
    if (o.metadata.deletionTimestamp) return;
    if (gvr === PODS) deletePodGracefully(this.storage, o as Pod, this.scheduler.now());
    else if (this.storage.get(gvr, o.metadata.namespace, o.metadata.name ?? ''))
      this.storage.delete(gvr, o.metadata.namespace, o.metadata.name ?? '');
  }

  private process(uid: string): void {
    const w = this.work.get(uid);
    if (!w) return;
    const owner = this.storage.get(w.gvr, w.ns, w.name);
    const live = owner?.metadata.uid === uid ? owner : undefined;
    const deps = this.dependents(w.ns, uid);
    const finalizers = live?.metadata.finalizers ?? [];
    if (live && finalizers.includes(ORPHAN)) {
      for (const [gvr, d] of deps)
        this.storage.mutate(gvr, d.metadata.namespace, d.metadata.name ?? '', (x) => {
          x.metadata.ownerReferences = (x.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
          if (x.metadata.ownerReferences.length === 0) delete x.metadata.ownerReferences;
        });
      return this.finish(w, live, ORPHAN);
    }
    if (live && !finalizers.includes(FOREGROUND)) {
      this.work.delete(uid); // deletion pending on someone else's finalizer
      return;
    }
    for (const [gvr, d] of deps) if (!this.ownerAlive(d, uid)) this.remove(gvr, d);
    if (live) {
      if (deps.length > 0)
        this.queue.enqueue(uid, 1000); // wait for dependents (pods terminate gracefully)
      else this.finish(w, live, FOREGROUND);
      return;
    }
    this.work.delete(uid);
  }

  private finish(w: Work, owner: KObject, finalizer: string): void {
    const updated = this.storage.mutate(w.gvr, w.ns, w.name, (x) => {
      x.metadata.finalizers = (x.metadata.finalizers ?? []).filter((f) => f !== finalizer);
      if (x.metadata.finalizers.length === 0) delete x.metadata.finalizers;
    });
    const now = updated ?? owner;
    if ((now.metadata.finalizers ?? []).length === 0 && this.storage.get(w.gvr, w.ns, w.name))
      this.storage.delete(w.gvr, w.ns, w.name);
    this.work.delete(w.uid);
  }
}

const KINDS: Record<string, string> = {
  deployments: 'Deployment',
  replicasets: 'ReplicaSet',
  statefulsets: 'StatefulSet',
  daemonsets: 'DaemonSet',
  jobs: 'Job',
  cronjobs: 'CronJob',
};
const kindOf = (g: Gvr): string => KINDS[g.resource] ?? '';
