// Structural sharing between stored pods. Stored objects are deep-frozen and never change, so parts that
// are equal can be one object: the pods of one ReplicaSet have the same containers, volumes,
// tolerations, labels, annotations, owner references and controller-manager managedFields entry. At
// 100,000 pods that halves the simulator's heap. A part equal to the previous version's is that version's
// object (a status write shares the whole spec with the version before it); a new part is looked up by its
// JSON in a pool of weak references, so parts nobody stores any more are collected.

import type { KObject } from '../../util/k8s.js';
import { hash32 } from '../rng.js';
import { jsonEqual } from './reshare.js';
import type { Gvr } from './types.js';

/**
 * The pool, by a hash of the part's JSON (keeping the JSON itself as the key cost ~5 KB per ReplicaSet,
 * 35 MB at 100,000 pods); parts whose JSON hashes alike are told apart by JSON equality.
 */
const pool = new Map<number, WeakRef<object>[]>();
let sweepAt = 8192;

function pooled<T extends object>(v: T): T {
  const key = hash32(JSON.stringify(v), 0x5bd1e995);
  const bucket = pool.get(key);
  if (bucket)
    for (const r of bucket) {
      const hit = r.deref();
      if (hit !== undefined && jsonEqual(hit, v)) return hit as T;
    }
  sweepAt = remember(pool, key, bucket, v, sweepAt);
  return v;
}

/**
 * Puts `v` in `table`'s bucket for `key` (weakly held); once the table has more than `sweepAt` buckets,
 * drops the references to collected objects and empty buckets. Returns the next sweep's size.
 */
function remember<T extends object>(table: Map<number, WeakRef<T>[]>, key: number, bucket: WeakRef<T>[] | undefined, v: T, sweepAt: number): number {
  if (bucket) bucket.push(new WeakRef(v));
  else table.set(key, [new WeakRef(v)]);
  if (table.size <= sweepAt) return sweepAt;
  for (const [k, b] of table) {
    const live = b.filter((r) => r.deref() !== undefined);
    if (live.length === 0) table.delete(k);
    else if (live.length !== b.length) table.set(k, live);
  }
  return Math.max(8192, table.size * 2);
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  // for-in, not Object.keys: no key arrays per node compared
  let n = 0;
  for (const _k in b) n++; // b's own keys (data objects have no inherited enumerable ones)
  for (const k in a) {
    if (--n < 0 || !equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return n === 0;
}

/** `v` itself, or an equal object already stored: the previous version's part, or a pooled one. */
function sharedPart<T>(v: T, prev: unknown): T {
  if (v === null || typeof v !== 'object') return v;
  if (prev !== undefined && equal(v, prev)) return prev as T;
  return pooled(v);
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : undefined;

function shareKeys(target: Rec | undefined, prev: Rec | undefined, keys: readonly string[]): void {
  if (!target || Object.isFrozen(target)) return; // a part of the previous version already
  for (const k of keys) if (target[k] !== undefined) target[k] = sharedPart(target[k], prev?.[k]);
}

/**
 * Shared field-set nodes (managedFields' fieldsV1), hash-consed bottom-up: a node is told by its keys, in
 * order, and its children's content ids, so equal nodes get one id and a node is looked up without
 * serialising the subtree under it (as pooling by JSON did at every level). A node is its pod's own, and
 * not shared, when it names a list item keyed by an IP (a pod's own podIPs, hostIPs) or has such a node
 * under it: only the few nodes on the path to an address are then the pod's; the rest are shared.
 */
const fieldId = new WeakMap<object, number>();
/** A set the field manager handed to a write and that was not kept (an equal one is shared): that one. */
const fieldShared = new WeakMap<object, Rec>();
/** Shared nodes by a hash of their keys and children's ids; collected when nobody stores them. */
const fieldTable = new Map<number, WeakRef<Rec>[]>();
let fieldSweepAt = 8192;
let nextFieldId = 1;
/** The content id of the node sharedFields returned last (0: its pod's own), so no second lookup. */
let sharedId = 0;

const mixString = (h: number, s: string): number => {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
};
const mixNumber = (h: number, n: number): number => Math.imul(h ^ n, 0x01000193);

/** Whether `shared` has exactly `node`'s keys, in its order, with children of the same content. */
function sameFields(shared: Rec, node: Rec): boolean {
  const keys = Object.keys(shared);
  let i = 0;
  for (const k in node) {
    if (keys[i++] !== k) return false;
    const a = shared[k];
    const b = node[k];
    // the children of both are shared nodes, so equal ones are the same object; ids tell apart the
    // children of a frozen node stored before an equal one was shared
    if (a !== b && (typeof a !== 'object' || a === null || fieldId.get(a) === undefined || fieldId.get(a) !== fieldId.get(b as object))) return false;
  }
  return i === keys.length;
}

/**
 * `f` as stored: an equal shared node, or `f` (with shared children where it may change them) when it is
 * new or its pod's own. A frozen node is stored already and keeps its children; it gets its content's id.
 * Sets `sharedId`.
 */
function sharedFields(f: Rec): Rec {
  const known = fieldId.get(f);
  if (known !== undefined) {
    sharedId = known;
    return f;
  }
  const frozen = Object.isFrozen(f);
  let own = false;
  let out: Rec | undefined;
  let h = 0x811c9dc5;
  for (const k in f) {
    const v = f[k];
    h = mixString(h, k);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      own = true; // not a field set: nothing to share
      continue;
    }
    if (k.startsWith('k:{"ip":')) own = true;
    const c = sharedFields(v as Rec);
    if (c !== v && !frozen) (out ??= { ...f })[k] = c;
    if (sharedId === 0) own = true;
    else h = mixNumber(h, sharedId);
  }
  const node = out ?? f;
  sharedId = 0;
  if (own) return node; // its pod's own: looked at again (its children have ids) if seen again
  h >>>= 0;
  const bucket = fieldTable.get(h);
  if (bucket)
    for (const r of bucket) {
      const hit = r.deref();
      if (hit === undefined || !sameFields(hit, node)) continue;
      sharedId = fieldId.get(hit) as number;
      if (!frozen) return hit; // a write's new node, dropped with the write
      fieldId.set(f, sharedId); // stored: it stays where it is, with its content's id
      return f;
    }
  sharedId = nextFieldId++;
  fieldId.set(node, sharedId);
  fieldSweepAt = remember(fieldTable, h, bucket, node, fieldSweepAt);
  return node;
}

/** A write's field set as stored: the field manager hands every create of one structure the same set object. */
function sharedSet(f: Rec): Rec {
  const before = fieldShared.get(f);
  if (before !== undefined) return before;
  const r = sharedFields(f);
  if (r !== f && !Object.isFrozen(f)) fieldShared.set(f, r);
  return r;
}

/**
 * Small status parts written recently, by their JSON: a pod's conditions, its containers' states and its
 * hostIPs are the same objects in every pod that reached that state in the same second (timestamps are
 * kept per second) on the same node. Bounded (cleared when full), so only recent parts are looked up;
 * every entry is stored (frozen) by the commit that put it here.
 */
const recentParts = new Map<string, object>();

function recentPart<T>(v: T): T {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return v; // frozen: shared already
  const key = JSON.stringify(v);
  const hit = recentParts.get(key);
  if (hit !== undefined) return hit as T;
  if (recentParts.size >= 8192) recentParts.clear();
  recentParts.set(key, v as object);
  return v;
}

/** Shares a pod's conditions, container states and hostIPs with equal ones of recently written pods. */
function shareStatus(status: Rec | undefined): void {
  if (!status || Object.isFrozen(status)) return;
  const conds = status['conditions'];
  if (Array.isArray(conds) && !Object.isFrozen(conds))
    for (let i = 0; i < conds.length; i++) conds[i] = recentPart(conds[i]);
  if (status['hostIPs'] !== undefined) status['hostIPs'] = recentPart(status['hostIPs']);
  for (const list of ['containerStatuses', 'initContainerStatuses']) {
    const cs = status[list];
    if (!Array.isArray(cs) || Object.isFrozen(cs)) continue;
    for (const c of cs) {
      const r = rec(c);
      if (!r || Object.isFrozen(r)) continue;
      if (r['state'] !== undefined) r['state'] = recentPart(r['state']);
      if (r['lastState'] !== undefined) r['lastState'] = recentPart(r['lastState']);
    }
  }
}

/** The pod stored by the latest create (its parts are stored, frozen). */
let lastCreated: KObject | undefined;

const METADATA_PARTS = ['labels', 'annotations', 'ownerReferences'] as const;
const SPEC_PARTS = ['containers', 'initContainers', 'volumes', 'tolerations', 'affinity', 'securityContext'] as const;

/** Workload kinds whose `spec.template` is the pod template their pods are made from. */
const TEMPLATE_KINDS = new Map([
  ['deployments', 'apps'],
  ['replicasets', 'apps'],
  ['statefulsets', 'apps'],
  ['daemonsets', 'apps'],
  ['jobs', 'batch'],
  ['replicationcontrollers', ''],
]);

/**
 * A workload's pod template parts become pooled stored parts too (the same parts as pods use): the
 * large scenario's templates are one per Deployment, and its Deployment, ReplicaSet and pods each held
 * their own copy of the template's containers, volumes, tolerations and labels (with ~14 pods per
 * Deployment, more of the heap than the pods' own parts). Now a ReplicaSet's template shares the
 * Deployment's spec parts, and its pods share the ReplicaSet's, wherever their JSON is the same.
 */
function shareTemplate(obj: KObject, prev: KObject | undefined): void {
  const spec = rec((obj as unknown as Rec)['spec']);
  if (!spec || Object.isFrozen(spec)) return; // the previous version's spec (reshare)
  const tpl = rec(spec['template']);
  if (!tpl || Object.isFrozen(tpl)) return;
  const before = rec(rec((prev as unknown as Rec | undefined)?.['spec'])?.['template']);
  shareKeys(rec(tpl['metadata']), rec(before?.['metadata']), METADATA_PARTS);
  shareKeys(rec(tpl['spec']), rec(before?.['spec']), SPEC_PARTS);
}

/** Replaces parts of a pod (or a workload's pod template) about to be stored by equal stored ones (before it is frozen). */
export function shareParts(gvr: Gvr, obj: KObject, prev: KObject | undefined): void {
  if (gvr.resource !== 'pods' || gvr.group !== '') {
    if (TEMPLATE_KINDS.get(gvr.resource) === gvr.group) {
      shareTemplate(obj, prev);
      shareManagedFields(obj, prev);
    }
    return;
  }
  // a new pod is compared with the pod created before it first: a controller creates its pods one after
  // the other, all alike, and comparing is cheaper than serialising each part to look it up
  const like = prev ?? lastCreated;
  if (prev === undefined) lastCreated = obj;
  shareKeys(obj.metadata as Rec, like?.metadata as Rec | undefined, METADATA_PARTS);
  shareKeys(rec((obj as unknown as Rec)['spec']), rec((like as unknown as Rec | undefined)?.['spec']), SPEC_PARTS);
  shareStatus(rec((obj as unknown as Rec)['status']));
  shareManagedFields(obj, prev);
}

/**
 * managedFields entries are never changed in place (src/sim/ssa builds new ones): an unchanged fieldsV1
 * is the previous version's, a new one is made of shared nodes (sharedFields).
 */
function shareManagedFields(obj: KObject, prev: KObject | undefined): void {
  const mf = obj.metadata.managedFields;
  if (!mf || mf === prev?.metadata.managedFields) return;
  // the previous version's fieldsV1 per manager, operation and subresource
  const before = new Map<string, unknown>();
  for (const entry of prev?.metadata.managedFields ?? []) {
    const e = rec(entry);
    if (e) before.set(`${String(e['manager'])}\0${String(e['operation'])}\0${String(e['subresource'])}`, e['fieldsV1']);
  }
  let changed = false;
  const next = mf.map((entry) => {
    const e = rec(entry);
    const fields = rec(e?.['fieldsV1']);
    if (!e || !fields) return entry;
    const was = before.get(`${String(e['manager'])}\0${String(e['operation'])}\0${String(e['subresource'])}`);
    const f = was !== undefined && equal(fields, was) ? (was as Rec) : sharedSet(fields);
    if (f === fields) return entry;
    changed = true;
    return { ...e, fieldsV1: f };
  });
  if (changed) obj.metadata.managedFields = next;
}
