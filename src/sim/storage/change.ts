// One stored change, and the shared JSON serialisation of stored objects.

import type { KObject } from '../../util/k8s.js';
import type { ChangeType, Gvr, StoredEvent } from './types.js';

/** One JSON serialisation per stored (frozen, hence immutable) object, shared by lists, gets and watches. */
const jsonCache = new WeakMap<KObject, string>();
export function objectJson(o: KObject): string {
  let j = jsonCache.get(o);
  if (j === undefined) {
    j = JSON.stringify(o);
    if (Object.isFrozen(o)) jsonCache.set(o, j);
  }
  return j;
}

export class Change implements StoredEvent {
  private memos: Map<string, unknown> | undefined;
  constructor(
    readonly type: ChangeType,
    readonly rv: number,
    readonly gvr: Gvr,
    readonly object: KObject,
    readonly prev: KObject | undefined,
  ) {}
  get json(): string {
    return objectJson(this.object);
  }
  memo<T>(key: string, make: () => T): T {
    this.memos ??= new Map();
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const v = make();
    this.memos.set(key, v);
    return v;
  }
}

export function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
