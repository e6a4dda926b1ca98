// Helpers of the store: copying JSON data and objects for a write, and merging sorted key arrays.

import type { KObject } from '../../util/k8s.js';

/** Two sorted arrays of distinct strings as one new sorted array. */
export function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as string;
    const y = b[j] as string;
    if (x < y) {
      out[k++] = x;
      i++;
    } else {
      out[k++] = y;
      j++;
    }
  }
  while (i < a.length) out[k++] = a[i++] as string;
  while (j < b.length) out[k++] = b[j++] as string;
  return out;
}

/** A deep copy of JSON data (objects, arrays, scalars): several times faster than structuredClone. */
export function copyJson<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const a: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) a[i] = copyJson(v[i] as unknown);
    return a as T;
  }
  const o: Record<string, unknown> = {};
  // for-in, not Object.keys: no array of keys per copied object (the same own keys, in the same order,
  // for JSON data)
  for (const k in v) o[k] = copyJson((v as Record<string, unknown>)[k]);
  return o as T;
}

/**
 * A deep copy for a write, except metadata.managedFields, which is shared: its entries are never changed
 * in place (src/sim/ssa builds new ones), and copying their many small objects on every write cost more
 * than the rest of a pod. It moves to the end of metadata, where a real API server has it too.
 */
export function cloneObject(o: KObject): KObject {
  const managed = o.metadata?.managedFields;
  if (managed === undefined) return copyJson(o);
  const { managedFields: _shared, ...meta } = o.metadata;
  void _shared;
  const out: KObject = copyJson({ ...o, metadata: meta });
  out.metadata.managedFields = managed;
  return out;
}

/** cloneObject of `o`, but the members named in `shallow` are copied one level deep only (same key order). */
export function shallowDraft(o: KObject, shallow: readonly string[]): KObject {
  const skeleton: Record<string, unknown> = { ...o };
  for (const k of shallow) if (k in skeleton && k !== 'metadata') skeleton[k] = null;
  const draft = cloneObject(skeleton as unknown as KObject) as unknown as Record<string, unknown>;
  for (const k of shallow) {
    if (!(k in skeleton) || k === 'metadata') continue;
    const v = (o as unknown as Record<string, unknown>)[k];
    draft[k] = v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...v } : copyJson(v);
  }
  return draft as unknown as KObject;
}
