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
  if (bucket) bucket.push(new WeakRef(v));
  else pool.set(key, [new WeakRef(v)]);
  if (pool.size > sweepAt) {
    for (const [k, b] of pool) {
      const live = b.filter((r) => r.deref() !== undefined);
      if (live.length === 0) pool.delete(k);
      else if (live.length !== b.length) pool.set(k, live);
    }
    sweepAt = Math.max(8192, pool.size * 2);
  }
  return v;
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

/** Whether a field set names a list item keyed by an IP (a pod's own podIPs, hostIPs): unique to the pod. */
function namesAddress(f: Rec): boolean {
  for (const k in f) {
    if (k.startsWith('k:{"ip":')) return true;
    const c = rec(f[k]);
    if (c && namesAddress(c)) return true;
  }
  return false;
}

const pooledBefore = new WeakMap<Rec, Rec>();

/**
 * A managedFields entry's fieldsV1 made of stored (pooled) subtrees: a spec writer's is the same for
 * every pod of a ReplicaSet; a status writer's (the kubelet's) is the same but for the pod's IPs, so only
 * the few nodes on the path to those are its own.
 */
function pooledFields(f: Rec): Rec {
  // a frozen subtree is stored already (the field manager keeps the untouched subtrees of the set it
  // changed, which the previous version stored): pooling it again would only serialise and hash it
  if (Object.isFrozen(f)) return f;
  // the field manager hands every create of one structure the same set (not stored itself when an
  // equal one was): what it was pooled to, without serialising it again
  const known = pooledBefore.get(f);
  if (known !== undefined) return known;
  if (!namesAddress(f)) {
    const p = pooled(f);
    if (p !== f) pooledBefore.set(f, p);
    return p;
  }
  const out: Rec = {};
  for (const k of Object.keys(f)) {
    const c = rec(f[k]);
    out[k] = c ? pooledFields(c) : f[k];
  }
  return out;
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
      shareManagedFields(obj, prev, prev === undefined);
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
  shareManagedFields(obj, prev, prev === undefined);
}

/**
 * A field set made of pooled subtrees at every level (bottom-up), made once per set: the sets of a
 * workload's create and of its pods' creates name the same pod template fields (a ReplicaSet's
 * `f:spec.f:template.f:spec.f:containers` is its pods' `f:spec.f:containers`), one subtree for all.
 */
function pooledDeep(f: Rec): Rec {
  if (Object.isFrozen(f)) return f;
  const known = pooledBefore.get(f);
  if (known !== undefined) return known;
  let out: Rec | undefined;
  for (const k in f) {
    const c = rec(f[k]);
    if (c === undefined || Object.isFrozen(c)) continue; // a stored subtree (or the shared empty leaf)
    const p = pooledDeep(c);
    if (p !== c) (out ??= { ...f })[k] = p;
  }
  const r = pooled(out ?? f);
  pooledBefore.set(f, r);
  return r;
}

/**
 * managedFields entries are never changed in place (src/sim/ssa builds new ones): an unchanged fieldsV1
 * is the previous version's, a new one is made of pooled subtrees (pooledFields; at every level when
 * `deep`, for creates: once per set).
 */
function shareManagedFields(obj: KObject, prev: KObject | undefined, deep: boolean): void {
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
    // a frozen fieldsV1 is stored already (the field manager hands out one set per structure)
    const f =
      was !== undefined && equal(fields, was)
        ? (was as Rec)
        : Object.isFrozen(fields)
          ? fields
          : deep && !namesAddress(fields)
            ? pooledDeep(fields)
            : pooledFields(fields);
    if (f === fields) return entry;
    changed = true;
    return { ...e, fieldsV1: f };
  });
  if (changed) obj.metadata.managedFields = next;
}
