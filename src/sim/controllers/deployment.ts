// A minimal Deployment controller for the thin slice: keeps spec.replicas pods of the current template
// (named `<deploy>-<template hash>-<5 chars>`, labelled pod-template-hash), removes pods of other
// templates, and writes status (replicas, updated, ready, available, conditions). ReplicaSets, rolling
// updates and revisions come later; pods are found through the deployment's selector.

import type { Condition, Deployment, KObject, Pod } from '../../util/k8s.js';
import { fromLabelSelector, matchesLabels } from '../../util/selector.js';
import type { Selector } from '../../util/selector.js';
import type { Storage, StoredEvent } from '../storage/index.js';
import { DEPLOYMENTS, PODS } from '../resources.js';
import type { Rng } from '../rng.js';
import type { Scheduler, TimerHandle } from '../scheduler.js';

const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a 32-bit over a string. */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** pod-template-hash: FNV-32a of the template, its decimal digits mapped through the safe alphabet (rand.SafeEncodeString). */
export function templateHash(template: unknown): string {
  return [...String(fnv32a(JSON.stringify(template ?? {})))]
    .map((d) => SAFE.charAt(d.charCodeAt(0) % SAFE.length))
    .join('');
}

const isReady = (p: Pod): boolean =>
  (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

export interface ControllerOptions {
  storage: Storage;
  scheduler: Scheduler;
  rng: Rng;
  onError?: (err: unknown) => void;
}

export class DeploymentController {
  private readonly queued = new Map<string, TimerHandle>();
  private unsubs: (() => void)[] = [];

  constructor(private readonly o: ControllerOptions) {}

  start(): void {
    const { storage } = this.o;
    this.unsubs.push(storage.subscribe(DEPLOYMENTS, (ev) => this.onDeployment(ev)));
    this.unsubs.push(storage.subscribe(PODS, (ev) => this.onPod(ev)));
    for (const d of storage.list(DEPLOYMENTS).items)
      this.enqueue(d.metadata.namespace, d.metadata.name ?? '');
  }

  stop(): void {
    for (const u of this.unsubs) u();
    this.unsubs = [];
    for (const t of this.queued.values()) this.o.scheduler.clearTimer(t);
    this.queued.clear();
  }

  private onDeployment(ev: StoredEvent): void {
    const d = ev.object as Deployment;
    if (ev.type === 'DELETED') return this.deleteOwnedPods(d);
    this.enqueue(d.metadata.namespace, d.metadata.name ?? '');
  }

  private onPod(ev: StoredEvent): void {
    const p = ev.object as Pod;
    for (const d of this.o.storage.list(DEPLOYMENTS, p.metadata.namespace).items) {
      const sel = selectorOf(d as Deployment);
      if (
        sel &&
        (matchesLabels(sel, p.metadata.labels) || (ev.prev && matchesLabels(sel, ev.prev.metadata.labels)))
      )
        this.enqueue(d.metadata.namespace, d.metadata.name ?? '');
    }
  }

  /** Coalesce bursts: one reconcile per deployment per tick. */
  private enqueue(ns: string | undefined, name: string): void {
    const key = `${ns ?? ''}/${name}`;
    if (this.queued.has(key)) return;
    this.queued.set(
      key,
      this.o.scheduler.setTimer(0, () => {
        this.queued.delete(key);
        try {
          this.reconcile(ns, name);
        } catch (err) {
          this.o.onError?.(err);
        }
      }),
    );
  }

  private podsOf(d: Deployment): Pod[] {
    const sel = selectorOf(d);
    if (!sel || sel.requirements.length === 0) return [];
    return (this.o.storage.list(PODS, d.metadata.namespace).items as Pod[]).filter((p) =>
      matchesLabels(sel, p.metadata.labels),
    );
  }

  private deleteOwnedPods(d: Deployment): void {
    for (const p of this.podsOf(d)) this.o.storage.delete(PODS, p.metadata.namespace, p.metadata.name ?? '');
  }

  reconcile(ns: string | undefined, name: string): void {
    const { storage } = this.o;
    const d = storage.get(DEPLOYMENTS, ns, name) as Deployment | undefined;
    if (!d?.spec?.template) return;
    const hash = templateHash(d.spec.template);
    const desired = d.metadata.deletionTimestamp ? 0 : (d.spec.replicas ?? 1);
    const pods = this.podsOf(d).filter((p) => !p.metadata.deletionTimestamp);
    const current = pods.filter((p) => p.metadata.labels?.['pod-template-hash'] === hash);
    for (const p of pods)
      if (p.metadata.labels?.['pod-template-hash'] !== hash)
        storage.delete(PODS, p.metadata.namespace, p.metadata.name ?? '');
    if (current.length < desired) {
      for (let i = current.length; i < desired; i++) current.push(this.createPod(d, hash));
    } else if (current.length > desired) {
      // scale down: not ready first, then newest first
      const victims = [...current].sort(
        (a, b) =>
          Number(isReady(a)) - Number(isReady(b)) ||
          (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''),
      );
      for (const p of victims.slice(0, current.length - desired))
        storage.delete(PODS, p.metadata.namespace, p.metadata.name ?? '');
      current.splice(0, current.length, ...victims.slice(current.length - desired));
    }
    this.writeStatus(d, hash, desired, current);
  }

  private createPod(d: Deployment, hash: string): Pod {
    const tpl = d.spec?.template;
    const base = `${d.metadata.name ?? ''}-${hash}-`;
    let name = base + this.o.rng.chars(5);
    while (this.o.storage.get(PODS, d.metadata.namespace, name)) name = base + this.o.rng.chars(5);
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        generateName: base,
        namespace: d.metadata.namespace,
        labels: { ...tpl?.metadata?.labels, 'pod-template-hash': hash },
        ...(tpl?.metadata?.annotations ? { annotations: { ...tpl.metadata.annotations } } : {}),
      },
      spec: structuredClone(tpl?.spec ?? { containers: [] }),
    };
    return this.o.storage.create(PODS, pod) as Pod;
  }

  private writeStatus(d: Deployment, hash: string, desired: number, current: Pod[]): void {
    const ready = current.filter(isReady).length;
    const rsName = `${d.metadata.name ?? ''}-${hash}`;
    const maxUnavailable = Math.floor(desired * 0.25);
    const available = ready >= desired - maxUnavailable;
    const done = current.length === desired && ready === desired;
    const ts = new Date(this.o.scheduler.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const prev = d.status?.conditions ?? [];
    const cond = (type: string, status: Condition['status'], reason: string, message: string): Condition => {
      const old = prev.find((c) => c.type === type);
      const same = old && old.status === status && old.reason === reason;
      return {
        type,
        status,
        lastUpdateTime: same ? (old.lastUpdateTime ?? ts) : ts,
        lastTransitionTime: old && old.status === status ? (old.lastTransitionTime ?? ts) : ts,
        reason,
        message,
      };
    };
    const status: Record<string, unknown> = {
      observedGeneration: d.metadata.generation ?? 1,
      replicas: current.length,
      updatedReplicas: current.length,
      readyReplicas: ready,
      availableReplicas: ready,
      conditions: [
        available
          ? cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
          : cond(
              'Available',
              'False',
              'MinimumReplicasUnavailable',
              'Deployment does not have minimum availability.',
            ),
        done
          ? cond(
              'Progressing',
              'True',
              'NewReplicaSetAvailable',
              `ReplicaSet "${rsName}" has successfully progressed.`,
            )
          : cond('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`),
      ],
    };
    if (ready === 0) delete status['readyReplicas'];
    if (ready === 0) delete status['availableReplicas'];
    if (desired - ready > 0) status['unavailableReplicas'] = desired - ready;
    if (current.length === 0) delete status['replicas'];
    if (current.length === 0) delete status['updatedReplicas'];
    this.o.storage.mutate(DEPLOYMENTS, d.metadata.namespace, d.metadata.name ?? '', (draft: KObject) => {
      draft.status = status;
    });
  }
}

/** Parsed selectors per stored (immutable) deployment object: pod events consult them often. */
const selectors = new WeakMap<Deployment, Selector | null>();
function selectorOf(d: Deployment): Selector | undefined {
  let sel = selectors.get(d);
  if (sel === undefined) {
    const r = fromLabelSelector(d.spec?.selector);
    sel = r.ok ? r.selector : null;
    selectors.set(d, sel);
  }
  return sel ?? undefined;
}
