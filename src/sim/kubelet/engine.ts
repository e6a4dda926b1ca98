// The stage engine (kwok's Stage design): object lifecycles are lists of stages played by this one
// engine. A stage matches only objects that do not yet show its result; when an object matches, the
// engine waits delay + jitter and then writes `next(obj)` through storage, whose event makes the object
// match its next stage. Time comes from the injected scheduler and randomness from a seeded stream, so
// a seed replays identically.

import type { KObject } from '../../util/k8s.js';
import { cloneObject, copyJson, objectKey, StorageError } from '../storage/index.js';
import type { Gvr, Storage, StoredEvent } from '../storage/index.js';
import type { Rng } from '../rng.js';
import type { Scheduler, TimerHandle } from '../scheduler.js';

export interface StageEnv {
  /** Current time in ms (the injected clock). */
  now(): number;
  /** RFC 3339 timestamp of now, as the API writes them. */
  timestamp(): string;
  rng: Rng;
}

export interface Stage<T extends KObject = KObject, E extends StageEnv = StageEnv> {
  name: string;
  /** The kind this stage applies to (Pod, Service, ...). */
  kind: string;
  /** `env` carries the kubelet's own memory (back-off, pulled images), as a real kubelet keeps it. */
  match(obj: T, env: E): boolean;
  /** Base delay; a function for state-dependent waits such as back-off or a container's run time. */
  delayMs: number | ((obj: T, env: E) => number);
  /** Up to this many ms are added at random. */
  jitterMs: number;
  /** Relative chance when several stages match the same object (default 1). */
  weight?: number;
  /**
   * The object after this stage: `obj` is a mutable copy. Return 'delete' to remove the object, 'noop' to
   * write nothing (the stage only emitted events or changed the env's memory); the object is then matched
   * again, so a 'noop' stage that still matches repeats after its delay (a failing probe's Unhealthy events).
   */
  next(obj: T, env: E): T | 'delete' | 'noop';
}

export interface EngineOptions<T extends KObject, E extends StageEnv> {
  storage: Storage;
  scheduler: Scheduler;
  gvr: Gvr;
  stages: readonly Stage<T, E>[];
  env: E;
  /** Called when a stage throws; the engine carries on with other objects. */
  onError?: (err: unknown, stage: string) => void;
  /** Called when an object is gone from storage (to drop per-object memory). */
  onDeleted?: (obj: T) => void;
  /** Objects the engine leaves alone for now (pods of a node whose kubelet is down). */
  frozen?: (obj: T) => boolean;
}

interface Pending {
  uid: string;
  stage: string;
  timer: TimerHandle;
}

export class StageEngine<T extends KObject = KObject, E extends StageEnv = StageEnv> {
  private readonly pending = new Map<string, Pending>();
  private unsubscribe: (() => void) | undefined;
  /** Stage firings so far, in order (for tests and diagnostics). */
  readonly fired: { stage: string; key: string; at: number }[] = [];
  private readonly keepHistory: boolean;
  private readonly isPods: boolean;

  constructor(
    private readonly o: EngineOptions<T, E>,
    opts: { keepHistory?: boolean } = {},
  ) {
    this.keepHistory = opts.keepHistory ?? false;
    this.isPods = o.gvr.group === '' && o.gvr.resource === 'pods';
  }

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.o.storage.subscribe(this.o.gvr, (ev) => this.onEvent(ev));
    for (const obj of this.o.storage.list(this.o.gvr).items) this.evaluate(obj as T);
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const p of this.pending.values()) this.o.scheduler.clearTimer(p.timer);
    this.pending.clear();
  }

  /** Look again at every stored object that `pred` accepts (after `frozen` changed for them). */
  reevaluate(pred: (obj: T) => boolean): void {
    for (const obj of this.o.storage.list(this.o.gvr).items as T[]) if (pred(obj)) this.evaluate(obj);
  }

  pendingCount(): number {
    return this.pending.size;
  }

  private onEvent(ev: StoredEvent): void {
    if (ev.type === 'DELETED') {
      this.o.onDeleted?.(ev.object as T);
      const key = objectKey(ev.object.metadata.namespace, ev.object.metadata.name ?? '');
      const p = this.pending.get(key);
      if (p && p.uid === ev.object.metadata.uid) this.cancel(key);
      return;
    }
    this.evaluate(ev.object as T);
  }

  private cancel(key: string): void {
    const p = this.pending.get(key);
    if (p) this.o.scheduler.clearTimer(p.timer);
    this.pending.delete(key);
  }

  private evaluate(obj: T): void {
    const key = objectKey(obj.metadata.namespace, obj.metadata.name ?? '');
    const uid = obj.metadata.uid ?? '';
    const env = this.o.env;
    if (this.o.frozen?.(obj)) return this.cancel(key);
    // the matching stages in their order, without filter/map/spread arrays (this runs on every pod event):
    // most pods match one stage, so an array is made only when a second one matches
    const p = this.pending.get(key);
    let first: Stage<T, E> | undefined;
    let more: Stage<T, E>[] | undefined;
    let stillOn = false;
    for (const s of this.o.stages) {
      if (!s.match(obj, env)) continue;
      if (p !== undefined && s.name === p.stage) stillOn = true;
      if (first === undefined) first = s;
      else (more ??= [first]).push(s);
    }
    if (p && p.uid === uid && stillOn) return; // still on its way
    this.cancel(key);
    if (first === undefined) return;
    // the stage due first wins; weights choose among stages due at the same time
    let stage: Stage<T, E> | undefined;
    let soonest: number;
    if (more === undefined) {
      soonest = delayOf(first, obj, env);
      stage = soonest === soonest ? first : undefined; // NaN: no stage is due (as Math.min over NaN said)
    } else {
      const delays = more.map((s) => delayOf(s, obj, env));
      soonest = Math.min(...delays);
      stage = this.pick(more.filter((_, i) => delays[i] === soonest));
    }
    if (!stage) return;
    const delay = Math.max(0, soonest) + (stage.jitterMs > 0 ? env.rng.int(stage.jitterMs + 1) : 0);
    const name = stage.name;
    const timer = this.o.scheduler.setTimer(delay, () => this.fire(key, uid, name));
    this.pending.set(key, { uid, stage: name, timer });
  }

  private pick(matching: Stage<T, E>[]): Stage<T, E> | undefined {
    if (matching.length <= 1) return matching[0];
    const total = matching.reduce((n, s) => n + Math.max(0, s.weight ?? 1), 0);
    let r = this.o.env.rng.next() * total;
    for (const s of matching) {
      r -= Math.max(0, s.weight ?? 1);
      if (r < 0) return s;
    }
    return matching[matching.length - 1];
  }

  private fire(key: string, uid: string, stageName: string): void {
    const p = this.pending.get(key);
    if (!p || p.stage !== stageName || p.uid !== uid) return;
    this.pending.delete(key);
    const [ns, name = ''] = splitKey(key);
    // the pending key is the stored key (objectKey): no new string to build and hash
    const current = this.o.storage.getByKey(this.o.gvr, key) as T | undefined;
    if (!current || current.metadata.uid !== uid) return;
    const stage = this.o.stages.find((s) => s.name === stageName);
    if (!stage || !stage.match(current, this.o.env)) return this.evaluate(current);
    try {
      // a pod's write copy shares the stored spec and metadata parts (statusDraft): the kubelet writes a
      // pod's status only, and admission only fills in a pod spec's unset defaults, so the frozen parts
      // are kept rather than copied on every status write (a Service's admission does write its spec on
      // update, so other kinds get a full copy that shares only managedFields, as Storage.mutate makes it)
      const next = stage.next((this.isPods ? statusDraft(current) : cloneObject(current)) as T, this.o.env);
      if (this.keepHistory) this.fired.push({ stage: stageName, key, at: this.o.env.now() });
      if (next === 'delete') this.o.storage.delete(this.o.gvr, ns, name);
      else if (next === 'noop') this.evaluate(current);
      else {
        next.metadata.resourceVersion = current.metadata.resourceVersion;
        this.o.storage.update(this.o.gvr, next, { owned: true });
      }
    } catch (err) {
      if (err instanceof StorageError && err.reason === 'Conflict') {
        const again = this.o.storage.get(this.o.gvr, ns, name) as T | undefined;
        if (again) this.evaluate(again);
        return;
      }
      this.o.onError?.(err, stageName);
    }
  }
}

/**
 * A copy of `o` to write its status: the status is a mutable deep copy, metadata a shallow one (its
 * labels, annotations, owner references and managedFields stay the stored, frozen, objects: the kubelet
 * never changes them in place), and the spec stays the stored one.
 */
export function statusDraft(o: KObject): KObject {
  const x = o as KObject & { status?: unknown };
  const draft: KObject & { status?: unknown } = { ...x, metadata: { ...x.metadata } };
  if (x.status !== undefined) draft.status = statusCopy(x.status);
  return draft;
}

/** Status lists whose items the stages change in place (a container status's fields; conditions are replaced). */
const ITEMS_CHANGED = new Set(['containerStatuses', 'initContainerStatuses', 'ephemeralContainerStatuses']);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A pod status to write, copied as deep as the stages change it: the status object, its lists, and the
 * items of the lists whose items they set fields of (container statuses). What is under those items (a
 * container's state, lastState) and the items of the other lists (conditions, podIPs, hostIPs) the
 * stages only ever replace (setCondition keeps an unchanged condition as it is), so they stay the stored, frozen objects; the write's compare, sharing and
 * freeze then pass over them, and no copy of them is made only to be found equal again. (Frozen: a
 * change in place would throw rather than go unnoticed.)
 */
function statusCopy(status: unknown): unknown {
  if (!isRecord(status)) return copyJson(status);
  const out: Record<string, unknown> = {};
  for (const k in status) {
    const v = status[k];
    if (!Array.isArray(v)) out[k] = copyJson(v);
    else if (ITEMS_CHANGED.has(k)) {
      const list: unknown[] = new Array(v.length);
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        list[i] = isRecord(item) ? { ...item } : copyJson(item);
      }
      out[k] = list;
    } else out[k] = v.slice();
  }
  return out;
}

/** A stage's base delay for `obj`, at least 0. */
function delayOf<T extends KObject, E extends StageEnv>(s: Stage<T, E>, obj: T, env: E): number {
  return Math.max(0, typeof s.delayMs === 'function' ? s.delayMs(obj, env) : s.delayMs);
}

function splitKey(key: string): [string | undefined, string] {
  const i = key.indexOf('/');
  const ns = key.slice(0, i);
  return [ns === '' ? undefined : ns, key.slice(i + 1)];
}
