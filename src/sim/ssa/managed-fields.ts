// metadata.managedFields as a 1.32 API server keeps them: one entry per manager, operation (Apply or
// Update) and subresource, with the fields that manager owns. An Update owns what it changed; an Apply
// owns exactly what its configuration names, conflicts with other managers over values it would change
// (409 unless forced), and drops the fields it applied before and no longer does, when nobody else owns
// them. Pure functions over plain objects (k8s.io/apiserver fieldmanager and structured-merge-diff).

import { compare } from './compare.js';
import { difference, EMPTY, filterTop, isEmpty, itemPE, union } from './fieldset.js';
import type { Fields } from './fieldset.js';
import { fieldShape, zeroObject } from './schema.js';
import type { Shape } from './schema.js';
import {
  capUpdaters,
  decode,
  encode,
  idOf,
  isObject,
  metaOf,
  resetFields,
  shapeOf,
  SKIP_META,
  SKIP_ROOT,
  STATUS,
} from './entries.js';
import type { FieldWrite, Managed, ManagedFieldsEntry, Obj } from './entries.js';

export type { FieldWrite, ManagedFieldsEntry } from './entries.js';
export { applyConfig, ConflictError, printManager } from './apply-config.js';
export type {  ApplyResult } from './apply-config.js';

// ------------------------------------------------------------------ Update (create, update, every patch but apply)

/**
 * What a create sets, compared with the kind's zero object, depends only on the object's structure
 * (which members are objects, null or scalars) and on its lists (whose items are keyed by value): the
 * pods of one ReplicaSet, and Events, share one result per structure.
 */
const createdByStructure = new Map<string, Created>();
interface Created {
  changed: Fields;
  removed: Fields;
  /** `changed` without status, made once (a create never owns status): one set for every such create. */
  main?: Fields;
}

/**
 * What compare(zero object, v) depends on, as a string: the members of each map walked (keys length-
 * prefixed), the path elements of a merged list's items in their order (a list keyed by value names its
 * items by their values), and how each leaf is set: absent, null, an empty object or anything else. A zero
 * object holds only `{}` and null, so a leaf's value matters only as equal to one of those or not. The
 * shape decides what is a map, a merged list or a leaf, as it does for compare. `metadata.managedFields`
 * is left out (never compared).
 */
function structure(v: unknown, shape: Shape, depth: number): string {
  if (v === undefined) return 'u';
  if (v === null) return 'n';
  if (typeof v !== 'object') return 's';
  if (Array.isArray(v)) {
    if (shape.t !== 'list') return 'o';
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      const pe = itemPE(v[i], shape, i);
      out += pe === undefined ? '!' : `${pe.length}:${pe}`;
      out += structure(v[i], shape.elem, depth + 1);
    }
    return `${out}]`;
  }
  if (shape.t !== 'obj' && shape.t !== 'mapof') {
    for (const _k in v) return 'o';
    return 'e';
  }
  let out = '{';
  for (const k in v) {
    if (depth === 1 && k === 'managedFields') continue; // metadata's
    out += `${k.length}:${k}${structure((v as Obj)[k], fieldShape(shape, k), depth === 0 && k === 'metadata' ? 1 : 2)}`;
  }
  return `${out}}`;
}

/** compare(zero object, next) for a create, as the changed and removed sets. */
function createdFields(next: Obj, shape: Shape): Created {
  // the shape is the built-in schema of apiVersion and kind (static), or deduced from the object
  const key = `${String(next['apiVersion'])} ${String(next['kind'])} ${structure(next, shape, 0)}`;
  const hit = createdByStructure.get(key);
  if (hit) return hit;
  const c = compare(zeroObject(shape), next, shape, SKIP_ROOT, SKIP_META);
  const out = { changed: union(c.modified, c.added), removed: c.removed };
  if (createdByStructure.size >= 512) createdByStructure.clear();
  createdByStructure.set(key, out);
  return out;
}

/** The writer's entry (manager, Update, subresource) gains `set`. */
function own(
  managed: Map<string, Managed>,
  w: FieldWrite,
  apiVersion: string,
  set: Fields,
  subresource: string | undefined,
): void {
  if (isEmpty(set)) return;
  const entry = {
    manager: w.manager,
    operation: 'Update' as const,
    apiVersion,
    time: w.time,
    ...(subresource ? { subresource } : {}),
  };
  const id = idOf(entry);
  managed.set(id, { set: union(managed.get(id)?.set ?? EMPTY, set), entry });
}

export function updateManagedFields(live: Obj | undefined, next: Obj, w: FieldWrite): ManagedFieldsEntry[] {
  const apiVersion = typeof next['apiVersion'] === 'string' ? next['apiVersion'] : '';
  const sent = metaOf(next)['managedFields'];
  const useSent = Array.isArray(sent) && sent.length > 0 && w.subresource === undefined;
  if (useSent && sent.length === 1 && isObject(sent[0]) && Object.keys(sent[0]).length === 0) return []; // `[{}]` clears them
  const managed = decode(useSent ? sent : live ? metaOf(live)['managedFields'] : undefined);
  const shape = shapeOf(next);
  let c: Created;
  if (live === undefined) c = createdFields(next, shape);
  else {
    const d = compare(live, next, shape, SKIP_ROOT, SKIP_META);
    c = { changed: union(d.modified, d.added), removed: d.removed };
  }
  const changed = c.changed;
  // An update that owns every field it changed, under one entry (the kubelet's status writes, most
  // controllers' writes): that entry's set becomes (M - changed - removed) + changed, which is the set
  // (M - removed) + changed, so its difference with `changed` (rebuilt at once by the union) is skipped.
  // Both are the same canonical tree (sorted keys, `.` exactly on members with children).
  const mine = live === undefined || (w.splitStatus && w.hasStatus) ? undefined : resetFields(changed, w);
  const mineId =
    mine !== undefined && Object.keys(mine).length === Object.keys(changed).length
      ? idOf({ manager: w.manager, operation: 'Update', apiVersion, subresource: w.subresource })
      : undefined;
  for (const [id, x] of managed) {
    const set = id === mineId ? difference(x.set, c.removed) : difference(difference(x.set, changed), c.removed);
    if (isEmpty(set)) managed.delete(id);
    else if (set !== x.set) managed.set(id, { set, entry: x.entry });
  }
  if (live === undefined)
    own(managed, w, apiVersion, w.hasStatus ? (c.main ??= filterTop(changed, STATUS, false)) : changed, undefined); // a create never owns status
  else if (w.splitStatus && w.hasStatus) {
    own(managed, w, apiVersion, filterTop(changed, STATUS, false), undefined);
    own(managed, w, apiVersion, filterTop(changed, STATUS, true), 'status');
  } else own(managed, w, apiVersion, mine ?? resetFields(changed, w), w.subresource);
  capUpdaters(managed);
  return encode(managed);
}
