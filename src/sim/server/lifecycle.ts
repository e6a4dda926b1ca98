// Deletion as the API server and kube-controller-manager's garbage collector do it:
// - pods are deleted gracefully: deletionTimestamp = now + grace, deletionGracePeriodSeconds; the kubelet
//   side (behaviour code) removes them with `storage.delete` when its containers stopped. Fallback: once the
//   grace period has passed, a pod with no finalizers left is removed here.
// - objects with finalizers get a deletionTimestamp and go when the last finalizer is removed.
// - propagationPolicy through ownerReferences: Background (owner now, dependents after), Foreground
//   (owner gets the foregroundDeletion finalizer and goes once its dependents are gone), Orphan
//   (dependents lose their ownerReference).
// - namespaces turn Terminating. Fallback namespace controller: after `namespaceFallbackMs` it deletes the
//   namespace's content and removes the namespace once nothing is left (behaviour code may do it sooner).

import type { KObject, Pod } from '../../util/k8s.js';
import { conflict, dependentsOf, notFound } from './owners.js';
import type { Dependent } from './owners.js';
import type { Gvr, Storage, StoredEvent } from '../storage/index.js';
import type { Scheduler, TimerHandle } from '../scheduler.js';
import { NAMESPACES, PODS } from '../resources.js';
import type { ResourceInfo } from '../resources.js';

export type Propagation = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions {
  propagationPolicy?: Propagation;
  gracePeriodSeconds?: number;
  dryRun?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface DeleteResult {
  /** The object as it is now (with deletionTimestamp), or its final state when it is gone. */
  object: KObject;
  gone: boolean;
}

export interface LifecycleOptions {
  storage: Storage;
  scheduler: Scheduler;
  /** Every resource that can hold dependents (built-ins and custom resources). */
  resources: () => readonly ResourceInfo[];
  /** Delay before the fallback namespace controller empties a Terminating namespace (default 3000 ms). */
  namespaceFallbackMs?: number;
}

const timestamp = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const FOREGROUND = 'foregroundDeletion';
const isPod = (g: Gvr): boolean => g.group === '' && g.resource === 'pods';
const key = (g: Gvr, ns: string | undefined, name: string): string =>
  `${g.group}/${g.resource}/${ns ?? ''}/${name}`;

export class Lifecycle {
  private readonly timers = new Map<string, TimerHandle>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly o: LifecycleOptions) {}

  start(): void {
    this.unsubscribe = this.o.storage.subscribeAll((ev) => this.onChange(ev));
    // namespaces already terminating (seeded) get the fallback too
    for (const ns of this.o.storage.list(NAMESPACES).items)
      if (ns.metadata.deletionTimestamp) this.scheduleNamespace(ns.metadata.name ?? '');
  }

  stop(): void {
    this.unsubscribe?.();
    for (const t of this.timers.values()) this.o.scheduler.clearTimer(t);
    this.timers.clear();
  }

  delete(info: ResourceInfo, ns: string | undefined, name: string, opts: DeleteOptions = {}): DeleteResult {
    const { storage } = this.o;
    const g = info.gvr;
    const obj = storage.get(g, ns, name);
    if (!obj) throw notFound(g, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== obj.metadata.uid)
      throw conflict(
        g,
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid ?? ''}`,
      );
    if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion)
      throw conflict(
        g,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion ?? ''}`,
      );
    const policy = opts.propagationPolicy ?? 'Background';
    const grace = isPod(g) ? this.podGrace(obj as Pod, opts.gracePeriodSeconds) : 0;
    if (opts.dryRun) return { object: obj, gone: grace === 0 && !obj.metadata.finalizers?.length };
    const now = this.o.scheduler.now();

    if (obj.metadata.deletionTimestamp) {
      // already being deleted: a shorter grace period (e.g. --force --grace-period=0) shortens it
      if (isPod(g) && grace < (obj.metadata.deletionGracePeriodSeconds ?? 0)) {
        const out = storage.mutate(g, ns, name, (d) => {
          d.metadata.deletionTimestamp = timestamp(now + grace * 1000);
          d.metadata.deletionGracePeriodSeconds = grace;
        });
        this.podTimer(ns, name, grace);
        return this.settle(g, ns, name, out ?? obj);
      }
      return { object: obj, gone: false };
    }

    if (g.group === '' && g.resource === 'namespaces') {
      const out = storage.mutate(g, ns, name, (d) => {
        d.metadata.deletionTimestamp = timestamp(now);
        d.metadata.deletionGracePeriodSeconds = 0;
        d.status = { ...(d.status as object), phase: 'Terminating' };
      });
      this.scheduleNamespace(name);
      return { object: out ?? obj, gone: false };
    }

    if (policy === 'Orphan') this.orphanDependents(obj);
    const finalizers = [...(obj.metadata.finalizers ?? [])];
    if (policy === 'Foreground' && this.dependentsOf(obj).length > 0 && !finalizers.includes(FOREGROUND))
      finalizers.push(FOREGROUND);
    if (grace === 0 && finalizers.length === 0) {
      const final = storage.delete(g, ns, name);
      if (policy === 'Background') this.later(() => this.deleteDependents(final, 'Background'));
      return { object: final, gone: true };
    }
    const out = storage.mutate(g, ns, name, (d) => {
      d.metadata.deletionTimestamp = timestamp(now + grace * 1000);
      d.metadata.deletionGracePeriodSeconds = grace;
      if (finalizers.length > 0) d.metadata.finalizers = finalizers;
      else delete d.metadata.finalizers;
    });
    if (grace > 0) this.podTimer(ns, name, grace);
    if (policy === 'Foreground') this.deleteDependents(obj, 'Foreground');
    else if (policy === 'Background') this.later(() => this.deleteDependents(obj, 'Background'));
    return this.settle(g, ns, name, out ?? obj);
  }

  // ------------------------------------------------------------ internals

  /** After a write: an object whose deletion is complete goes now. */
  private settle(g: Gvr, ns: string | undefined, name: string, fallback: KObject): DeleteResult {
    const cur = this.o.storage.get(g, ns, name);
    if (!cur) return { object: fallback, gone: true };
    if (this.ready(g, cur)) return { object: this.o.storage.delete(g, ns, name), gone: true };
    return { object: cur, gone: false };
  }

  private podGrace(p: Pod, requested: number | undefined): number {
    const phase = p.status?.phase;
    if (!p.spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
    const g = requested ?? p.spec.terminationGracePeriodSeconds ?? 30;
    return Math.max(0, Math.min(g, 2 ** 31));
  }

  /** Whether an object marked for deletion can be removed: no finalizers and (pods) grace period over. */
  private ready(g: Gvr, o: KObject): boolean {
    const ts = o.metadata.deletionTimestamp;
    if (!ts || (o.metadata.finalizers?.length ?? 0) > 0) return false;
    if (g.group === '' && g.resource === 'namespaces') return false;
    return !isPod(g) || this.o.scheduler.now() >= Date.parse(ts);
  }

  private onChange(ev: StoredEvent): void {
    const o = ev.object;
    const m = o.metadata;
    if (ev.type === 'DELETED') {
      this.clearTimer(key(ev.gvr, m.namespace, m.name ?? ''));
      for (const ref of m.ownerReferences ?? []) this.checkForeground(ref.uid, m.namespace);
      return;
    }
    if (!m.deletionTimestamp) return;
    if (ev.gvr.group === '' && ev.gvr.resource === 'namespaces') {
      this.scheduleNamespace(m.name ?? '');
      return;
    }
    if (this.ready(ev.gvr, o)) this.tryDelete(ev.gvr, m.namespace, m.name ?? '');
    else if (m.finalizers?.includes(FOREGROUND)) this.checkForeground(m.uid ?? '', m.namespace);
  }

  private tryDelete(g: Gvr, ns: string | undefined, name: string): void {
    try {
      this.o.storage.delete(g, ns, name);
    } catch {
      // already gone
    }
  }

  private podTimer(ns: string | undefined, name: string, grace: number): void {
    const k = key(PODS, ns, name);
    this.clearTimer(k);
    this.timers.set(
      k,
      this.o.scheduler.setTimer(grace * 1000, () => {
        this.timers.delete(k);
        const p = this.o.storage.get(PODS, ns, name);
        if (p && this.ready(PODS, p)) this.tryDelete(PODS, ns, name);
      }),
    );
  }

  private clearTimer(k: string): void {
    const t = this.timers.get(k);
    if (t) {
      this.o.scheduler.clearTimer(t);
      this.timers.delete(k);
    }
  }

  private later(fn: () => void): void {
    const k = `later:${Math.random()}`;
    this.timers.set(
      k,
      this.o.scheduler.setTimer(0, () => {
        this.timers.delete(k);
        fn();
      }),
    );
  }

  private dependentsOf(owner: KObject): Dependent[] {
    return dependentsOf(this.o.storage, this.o.resources(), owner);
  }

  private deleteDependents(owner: KObject, policy: Propagation): void {
    for (const d of this.dependentsOf(owner)) {
      try {
        this.delete(d.info, d.obj.metadata.namespace, d.obj.metadata.name ?? '', {
          propagationPolicy: policy,
        });
      } catch {
        // raced with another deletion
      }
    }
  }

  private orphanDependents(owner: KObject): void {
    const uid = owner.metadata.uid;
    for (const d of this.dependentsOf(owner))
      this.o.storage.mutate(d.info.gvr, d.obj.metadata.namespace, d.obj.metadata.name ?? '', (x) => {
        x.metadata.ownerReferences = x.metadata.ownerReferences?.filter((r) => r.uid !== uid);
        if (x.metadata.ownerReferences?.length === 0) delete x.metadata.ownerReferences;
      });
  }

  /** A foreground-deleted owner goes once it has no dependents left. */
  private checkForeground(uid: string, ns: string | undefined): void {
    if (!uid) return;
    for (const info of this.o.resources()) {
      if (ns === undefined && info.namespaced) continue;
      if (this.o.storage.count(info.gvr) === 0) continue;
      for (const o of this.o.storage.list(info.gvr, info.namespaced ? ns : undefined).items) {
        if (o.metadata.uid !== uid) continue;
        if (!o.metadata.finalizers?.includes(FOREGROUND) || this.dependentsOf(o).length > 0) return;
        this.o.storage.mutate(info.gvr, o.metadata.namespace, o.metadata.name ?? '', (d) => {
          d.metadata.finalizers = d.metadata.finalizers?.filter((f) => f !== FOREGROUND);
        });
        return;
      }
    }
  }

  private scheduleNamespace(name: string): void {
    const k = key(NAMESPACES, undefined, name);
    if (this.timers.has(k)) return;
    this.timers.set(
      k,
      this.o.scheduler.setTimer(this.o.namespaceFallbackMs ?? 3000, () => {
        this.timers.delete(k);
        this.finalizeNamespace(name);
      }),
    );
  }

  /** Fallback namespace controller: delete the content, then the namespace once it is empty. */
  private finalizeNamespace(name: string): void {
    const { storage } = this.o;
    const ns = storage.get(NAMESPACES, undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    let left = 0;
    for (const info of this.o.resources()) {
      if (!info.namespaced || storage.count(info.gvr) === 0) continue;
      for (const o of storage.list(info.gvr, name).items) {
        left++;
        if (o.metadata.deletionTimestamp) continue;
        try {
          this.delete(info, name, o.metadata.name ?? '', { propagationPolicy: 'Background' });
        } catch {
          // gone meanwhile
        }
      }
    }
    if (left === 0) this.tryDelete(NAMESPACES, undefined, name);
    else {
      const k = key(NAMESPACES, undefined, name);
      this.timers.set(
        k,
        this.o.scheduler.setTimer(1000, () => {
          this.timers.delete(k);
          this.finalizeNamespace(name);
        }),
      );
    }
  }
}
