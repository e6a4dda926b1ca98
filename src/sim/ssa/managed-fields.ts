// metadata.managedFields as a 1.32 API server keeps them: one entry per manager, operation (Apply or
// Update) and subresource, with the fields that manager owns. An Update owns what it changed; an Apply
// owns exactly what its configuration names, conflicts with other managers over values it would change
// (409 unless forced), and drops the fields it applied before and no longer does, when nobody else owns
// them. Pure functions over plain objects (k8s.io/apiserver fieldmanager and structured-merge-diff).

import { compare, deepEqual, removeItems } from './compare.js';
import {
  difference,
  EMPTY,
  filterTop,
  intersection,
  isEmpty,
  members,
  pathString,
  prunable,
  toFieldSet,
  union,
  without,
} from './fieldset.js';
import type { Fields } from './fieldset.js';
import { applyMerge } from './merge.js';
import { rootShape, zeroObject } from './schema.js';
import type { Shape } from './schema.js';

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Fields;
  subresource?: string;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** What a write is, for the field manager. */
export interface FieldWrite {
  manager: string;
  /** "status", "scale", or undefined for the main resource. */
  subresource?: string | undefined;
  /** Whether the kind has a status subresource (then main writes never own status, and status writes only status). */
  hasStatus: boolean;
  /** Now, as RFC 3339 seconds. */
  time: string;
  /** For the simulator's own components, which write spec and status in one go: record the status part under subresource "status". */
  splitStatus?: boolean;
}

/** Fields nobody owns (k8s.io/apiserver fieldmanager stripMeta). */
export const SKIP_ROOT: ReadonlySet<string> = new Set(['apiVersion', 'kind']);
export const SKIP_META: ReadonlySet<string> = new Set([
  'name',
  'namespace',
  'creationTimestamp',
  'selfLink',
  'uid',
  'clusterName',
  'generation',
  'managedFields',
  'resourceVersion',
]);
/** Beyond 10 Update entries the oldest merge into one (fieldmanager capManagers). */
const MAX_UPDATE_MANAGERS = 10;
const ANCIENT = 'ancient-changes';
const STATUS = ['f:status'];

// ------------------------------------------------------------------ entries

interface Managed {
  set: Fields;
  entry: Omit<ManagedFieldsEntry, 'fieldsV1' | 'fieldsType'>;
}

const idOf = (e: {
  manager: string;
  operation: string;
  apiVersion: string;
  subresource?: string | undefined;
}): string =>
  JSON.stringify([e.manager, e.operation, e.operation === 'Apply' ? '' : e.apiVersion, e.subresource ?? '']);

/** The entries of an object, by manager identifier; malformed ones are dropped (the server resets those). */
function decode(raw: unknown): Map<string, Managed> {
  const out = new Map<string, Managed>();
  if (!Array.isArray(raw)) return out;
  for (const e of raw as unknown[]) {
    if (
      !isObject(e) ||
      typeof e['manager'] !== 'string' ||
      (e['operation'] !== 'Apply' && e['operation'] !== 'Update')
    )
      continue;
    const set = isObject(e['fieldsV1']) ? (e['fieldsV1'] as Fields) : EMPTY;
    const entry: Managed['entry'] = {
      manager: e['manager'],
      operation: e['operation'],
      apiVersion: typeof e['apiVersion'] === 'string' ? e['apiVersion'] : '',
      ...(typeof e['time'] === 'string' ? { time: e['time'] } : {}),
      ...(typeof e['subresource'] === 'string' && e['subresource'] ? { subresource: e['subresource'] } : {}),
    };
    const id = idOf(entry);
    const prev = out.get(id);
    out.set(id, prev ? { set: union(prev.set, set), entry: prev.entry } : { set, entry });
  }
  return out;
}

/** Sorted as the API server sorts them: Apply before Update, then by time, manager, apiVersion, subresource. */
function encode(m: Map<string, Managed>): ManagedFieldsEntry[] {
  const list = [...m.values()].filter((x) => !isEmpty(x.set));
  list.sort((p, q) => {
    const a = p.entry;
    const b = q.entry;
    if (a.operation !== b.operation) return a.operation < b.operation ? -1 : 1;
    const ta = a.time ?? '';
    const tb = b.time ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    for (const k of ['manager', 'apiVersion', 'subresource'] as const) {
      const x = a[k] ?? '';
      const y = b[k] ?? '';
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
  return list.map(({ set, entry }) => ({
    manager: entry.manager,
    operation: entry.operation,
    apiVersion: entry.apiVersion,
    ...(entry.time !== undefined ? { time: entry.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: set,
    ...(entry.subresource ? { subresource: entry.subresource } : {}),
  }));
}

function capUpdaters(m: Map<string, Managed>): void {
  const updaters = [...m.entries()].filter(([, x]) => x.entry.operation === 'Update');
  if (updaters.length <= MAX_UPDATE_MANAGERS) return;
  updaters.sort(([ia, a], [ib, b]) => {
    const ta = a.entry.time ?? '';
    const tb = b.entry.time ?? '';
    return ta !== tb ? (ta < tb ? -1 : 1) : ia < ib ? -1 : ia > ib ? 1 : 0;
  });
  const firstOfVersion = new Map<string, string>();
  let length = updaters.length;
  for (const [id, x] of updaters) {
    if (length <= MAX_UPDATE_MANAGERS) break;
    const version = x.entry.apiVersion;
    const bucketEntry = { manager: ANCIENT, operation: 'Update' as const, apiVersion: version };
    const bucket = idOf(bucketEntry);
    const first = firstOfVersion.get(version);
    if (first === undefined) {
      firstOfVersion.set(version, id);
      continue;
    }
    if (!m.has(bucket)) {
      const f = m.get(first);
      m.delete(first);
      if (f) m.set(bucket, { set: f.set, entry: bucketEntry });
    }
    const b = m.get(bucket);
    m.set(bucket, {
      set: union(x.set, b?.set ?? EMPTY),
      entry: { ...bucketEntry, ...(x.entry.time ? { time: x.entry.time } : {}) },
    });
    m.delete(id);
    length--;
  }
}

/** The fields a write by this manager may own: a main write never owns status, a status write only status. */
function resetFields(s: Fields, w: FieldWrite): Fields {
  if (!w.hasStatus) return s;
  return w.subresource === 'status' ? filterTop(s, STATUS, true) : filterTop(s, STATUS, false);
}

const shapeOf = (o: Obj): Shape =>
  rootShape(
    typeof o['apiVersion'] === 'string' ? o['apiVersion'] : undefined,
    typeof o['kind'] === 'string' ? o['kind'] : undefined,
  );

function metaOf(o: Obj): Obj {
  const m = o['metadata'];
  return isObject(m) ? m : {};
}

// ------------------------------------------------------------------ Update (create, update, every patch but apply)

/**
 * The managedFields after a non-apply write of `next` over `live` (undefined for a create). The entries
 * come from `next` when the writer sent some (so clients can edit or reset them) and from `live` otherwise.
 * The writer's entry gains what it changed; every other entry loses what the writer changed or removed.
 */
export function updateManagedFields(live: Obj | undefined, next: Obj, w: FieldWrite): ManagedFieldsEntry[] {
  const apiVersion = typeof next['apiVersion'] === 'string' ? next['apiVersion'] : '';
  const sent = metaOf(next)['managedFields'];
  const useSent = Array.isArray(sent) && sent.length > 0 && w.subresource === undefined;
  if (useSent && sent.length === 1 && isObject(sent[0]) && Object.keys(sent[0]).length === 0) return []; // `[{}]` clears them
  const managed = decode(useSent ? sent : live ? metaOf(live)['managedFields'] : undefined);
  const shape = shapeOf(next);
  const lhs = live ?? zeroObject(shape);
  const c = compare(lhs, next, shape, SKIP_ROOT, SKIP_META);
  const changed = union(c.modified, c.added);
  for (const [id, x] of managed) {
    const set = difference(difference(x.set, changed), c.removed);
    if (isEmpty(set)) managed.delete(id);
    else if (set !== x.set) managed.set(id, { set, entry: x.entry });
  }
  const own = (set: Fields, subresource: string | undefined): void => {
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
  };
  if (live === undefined)
    own(w.hasStatus ? filterTop(changed, STATUS, false) : changed, undefined); // a create never owns status
  else if (w.splitStatus && w.hasStatus) {
    own(filterTop(changed, STATUS, false), undefined);
    own(filterTop(changed, STATUS, true), 'status');
  } else own(resetFields(changed, w), w.subresource);
  capUpdaters(managed);
  return encode(managed);
}

// ------------------------------------------------------------------ Apply

export interface ApplyConflict {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  path: string;
}

export class ConflictError extends Error {
  constructor(readonly conflicts: readonly ApplyConflict[]) {
    super(conflictMessage(conflicts));
    this.name = 'ConflictError';
  }
}

/** How the API server names a manager in a conflict: `"kubectl" with subresource "scale" using apps/v1`. */
export function printManager(c: Omit<ApplyConflict, 'path'>): string {
  let s = JSON.stringify(c.manager);
  if (c.subresource) s += ` with subresource ${JSON.stringify(c.subresource)}`;
  if (c.operation === 'Update') s += ` using ${c.apiVersion}`;
  return s;
}

function conflictMessage(cs: readonly ApplyConflict[]): string {
  const first = cs[0];
  if (cs.length === 1 && first)
    return `Apply failed with 1 conflict: conflict with ${printManager(first)}: ${first.path}`;
  const by = new Map<string, string[]>();
  for (const c of cs) {
    const m = printManager(c);
    by.set(m, [...(by.get(m) ?? []), c.path]);
  }
  const lines: string[] = [];
  for (const m of [...by.keys()].sort()) {
    lines.push(`conflicts with ${m}:`);
    for (const p of by.get(m) ?? []) lines.push(`- ${p}`);
  }
  return `Apply failed with ${cs.length} conflicts: ${lines.join('\n')}`;
}

export interface ApplyResult {
  /** The object after the apply, without managedFields (defaulting and the status reset are the caller's). */
  object: Obj;
  managedFields: ManagedFieldsEntry[];
  /** False when the apply changes nothing (neither the object nor who owns what). */
  changed: boolean;
}

/**
 * Server-side apply of `config` by `w.manager` over `live` (undefined: the apply creates the object).
 * Throws ConflictError when another manager owns a field whose value the configuration would change,
 * unless `force`, which takes the field from it.
 */
export function applyConfig(live: Obj | undefined, config: Obj, w: FieldWrite, force: boolean): ApplyResult {
  const shape = shapeOf(config);
  const liveManaged = live ? metaOf(live)['managedFields'] : undefined;
  const managed = decode(liveManaged);
  const base: Obj = live ? { ...live, metadata: { ...metaOf(live) } } : {};
  delete (base['metadata'] as Obj | undefined)?.['managedFields'];
  let merged = applyMerge(base, config, shape) as Obj;

  const applied = resetFields(
    without(toFieldSet(config, shape), [
      ...[...SKIP_ROOT].map((k) => [`f:${k}`]),
      ['f:metadata'],
      ...[...SKIP_META].map((k) => ['f:metadata', `f:${k}`]),
    ]),
    w,
  );
  const entry = {
    manager: w.manager,
    operation: 'Apply' as const,
    apiVersion: typeof config['apiVersion'] === 'string' ? config['apiVersion'] : '',
    ...(w.subresource ? { subresource: w.subresource } : {}),
  };
  const id = idOf(entry);
  const last = managed.get(id);
  managed.set(id, {
    set: applied,
    entry: { ...entry, ...(last?.entry.time ? { time: last.entry.time } : {}) },
  });

  // prune what this manager applied last time, no longer applies, and nobody else owns
  if (last) {
    let owned: Fields = EMPTY;
    for (const x of managed.values()) owned = union(owned, x.set);
    const drop = prunable(last.set, owned);
    if (!isEmpty(drop)) merged = (removeItems(merged, drop, shape) as Obj | undefined) ?? {};
  }

  const c = compare(live ?? zeroObject(shape), merged, shape, SKIP_ROOT, SKIP_META);
  const changedFields = union(c.modified, c.added);
  const conflicts: ApplyConflict[] = [];
  for (const [xid, x] of managed) {
    if (xid === id) continue;
    const clash = intersection(x.set, changedFields);
    if (!isEmpty(clash)) {
      for (const p of members(clash)) conflicts.push({ ...x.entry, path: pathString(p) });
      if (force) managed.set(xid, { set: difference(x.set, clash), entry: x.entry });
    }
  }
  if (conflicts.length > 0 && !force) throw new ConflictError(conflicts);
  for (const [xid, x] of managed) {
    if (xid === id) continue;
    const set = difference(x.set, c.removed);
    if (isEmpty(set)) managed.delete(xid);
    else if (set !== x.set) managed.set(xid, { set, entry: x.entry });
  }
  const objectChanged = !isEmpty(changedFields) || !isEmpty(c.removed) || live === undefined;
  const mine = managed.get(id);
  if (mine && (objectChanged || mine.entry.time === undefined))
    managed.set(id, { set: mine.set, entry: { ...mine.entry, time: w.time } });
  capUpdaters(managed);
  const managedFields = encode(managed);
  const meta = { ...metaOf(merged) };
  delete meta['managedFields'];
  merged = { ...merged, metadata: meta };
  return {
    object: merged,
    managedFields,
    changed: objectChanged || !deepEqual(managedFields, liveManaged ?? []),
  };
}
