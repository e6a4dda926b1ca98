// One stored change, and the shared JSON serialisation of stored objects.

import type { KObject } from '../../util/k8s.js';
import type { ChangeType, Gvr, StoredEvent } from './types.js';

/**
 * One JSON serialisation per stored (frozen, hence immutable) object, shared by lists, gets and watches,
 * for the most recently serialised objects only: at most CACHE_BYTES of JSON (oldest first out). Keeping
 * every object's JSON would double the memory of a large cluster (100,000 pods of 7 KB: 700 MB); a real
 * API server, too, encodes a list on every request and shares one encoding only among a watch event's
 * watchers.
 */
const CACHE_BYTES = 64 * 2 ** 20;
const jsonCache = new WeakMap<KObject, string>();
/** Objects whose JSON is cached, oldest first from `head`; their sizes. */
let cached: (KObject | undefined)[] = [];
let sizes: number[] = [];
let head = 0;
let cachedBytes = 0;

function remember(o: KObject, j: string): void {
  jsonCache.set(o, j);
  cached.push(o);
  sizes.push(j.length);
  cachedBytes += j.length;
  while (cachedBytes > CACHE_BYTES && head < cached.length) {
    const old = cached[head];
    if (old) jsonCache.delete(old);
    cached[head] = undefined;
    cachedBytes -= sizes[head] ?? 0;
    head++;
  }
  if (head > 4096 && head * 2 > cached.length) {
    cached = cached.slice(head);
    sizes = sizes.slice(head);
    head = 0;
  }
}

/** Bytes of JSON the cache holds now (for tests and diagnostics). */
export const jsonCacheBytes = (): number => cachedBytes;

export function objectJson(o: KObject): string {
  let j = jsonCache.get(o);
  if (j === undefined) {
    j = JSON.stringify(o);
    if (Object.isFrozen(o)) remember(o, j);
  }
  return j;
}

/**
 * Lists (and a watch's initial ADDEDs) read objects in key order, most of them unchanged since the last
 * list: caching each one's JSON at once would, in a cluster larger than the cache, push out the entry
 * the next list needs before it comes round, and every evicted string would have lived long enough to be
 * promoted (garbage the old generation keeps until a full GC: 2-3 GB of RSS after one read of 100,000
 * pods). A listed object's JSON is cached only when the same object was listed within the last one to
 * two caches' worth of list output (a repeated list of a cluster that fits); a larger scan makes young
 * garbage only. A change's JSON is shared by its watchers for the dispatch only (`Change.json`).
 */
let listedBytes = 0;
let listedGen = 0;
const listedIn = new WeakMap<KObject, number>();

export function listJson(o: KObject): string {
  const hit = jsonCache.get(o);
  if (hit !== undefined) return hit;
  const j = JSON.stringify(o);
  listedBytes += j.length;
  if (listedBytes >= CACHE_BYTES) {
    listedBytes = 0;
    listedGen++;
  }
  if (Object.isFrozen(o)) {
    const seen = listedIn.get(o);
    if (seen !== undefined && listedGen - seen <= 1) {
      listedIn.delete(o);
      remember(o, j);
    } else listedIn.set(o, listedGen);
  }
  return j;
}

export class Change implements StoredEvent {
  private memos: Map<string, unknown> | undefined;
  private jsonMemo: string | undefined;
  constructor(
    readonly type: ChangeType,
    readonly rv: number,
    readonly gvr: Gvr,
    readonly object: KObject,
    readonly prev: KObject | undefined,
  ) {}
  /**
   * The object's JSON, made once for every watcher of this dispatch. Not put in the shared cache
   * (`objectJson`): under churn each string would live there for seconds, long enough to be promoted.
   */
  get json(): string {
    return (this.jsonMemo ??= jsonCache.get(this.object) ?? JSON.stringify(this.object));
  }
  memo<T>(key: string, make: () => T): T {
    this.memos ??= new Map();
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const v = make();
    this.memos.set(key, v);
    return v;
  }
  /** The dispatch is over: drop the JSON and memos (the change itself stays in the watch history). */
  dispatched(): void {
    this.jsonMemo = undefined;
    this.memos = undefined;
  }
}

/**
 * Flattens a string made by concatenation in place (V8 keeps `a + b` as a rope of 32-byte nodes until the
 * string is read as a whole; converting it to a number reads it). The collector then drops the rope.
 * Strings shorter than 13 characters are never ropes.
 */
const flatten = (s: string): void => void (s.length >= 13 && Number(s));

/**
 * Timestamps written recently, one string each: the same second is written into many objects (every
 * pod started in that second, every managedFields entry written in it), each time as a new string.
 */
const recentTimes = new Map<string, string>();
const isTimestamp = (s: string): boolean =>
  s.length === 20 && s.charCodeAt(19) === 90 /* Z */ && s.charCodeAt(10) === 84 /* T */;

/**
 * A flat copy of `s` (an internalized string is never a rope): for the few strings kept for a long time
 * and shared by many objects, where flattening in place would leave the rope's own node behind.
 */
const internalized = (s: string): string => Object.keys({ [s]: 0 })[0] ?? s;

/** The one stored string of this timestamp's second. */
function storedTime(s: string): string {
  const hit = recentTimes.get(s);
  if (hit !== undefined) return hit;
  if (recentTimes.size >= 1024) recentTimes.clear();
  const flat = internalized(s);
  recentTimes.set(flat, flat);
  return flat;
}

/**
 * Freezes `o` and everything under it that is not frozen yet; the strings it holds are flattened, and a
 * timestamp is the one string of that second (assigned in its place: `===` cannot tell two strings of
 * equal text apart, so the string is replaced whenever it is a timestamp).
 */
function freezeMember<K extends string | number>(r: Record<K, unknown>, k: K): void {
  const v = r[k];
  if (typeof v === 'string') {
    if (isTimestamp(v)) r[k] = storedTime(v);
    else flatten(v);
  } else deepFreeze(v);
}

export function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    // no array of keys per node (Object.keys of an array even makes a string per index): the walk
    // over every written part was the simulator's largest source of short-lived arrays
    if (Array.isArray(o)) for (let i = 0; i < o.length; i++) freezeMember(o as unknown[], i);
    else for (const k in o) freezeMember(o as Record<string, unknown>, k);
    Object.freeze(o);
  }
  return o;
}
