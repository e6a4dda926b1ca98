// managedFields entries: decoding them from an object, encoding them sorted as the API server does,
// folding old Update entries into "ancient-changes", and what a write may own (stripped metadata, the
// status reset). Shared by the Update and the Apply of the field manager.

import { EMPTY, filterTop, isEmpty, union } from './fieldset.js';
import type { Fields } from './fieldset.js';
import { rootShape } from './schema.js';
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

export type Obj = Record<string, unknown>;
export const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

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
export const STATUS = ['f:status'];

// ------------------------------------------------------------------ entries

export interface Managed {
  set: Fields;
  entry: Omit<ManagedFieldsEntry, 'fieldsV1' | 'fieldsType'>;
}

export const idOf = (e: {
  manager: string;
  operation: string;
  apiVersion: string;
  subresource?: string | undefined;
}): string =>
  JSON.stringify([e.manager, e.operation, e.operation === 'Apply' ? '' : e.apiVersion, e.subresource ?? '']);

/** The entries of an object, by manager identifier; malformed ones are dropped (the server resets those). */
export function decode(raw: unknown): Map<string, Managed> {
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
const ENTRY_ORDER = ['manager', 'apiVersion', 'subresource'] as const;

export function encode(m: Map<string, Managed>): ManagedFieldsEntry[] {
  const list = [...m.values()].filter((x) => !isEmpty(x.set));
  if (list.length > 1) list.sort((p, q) => {
    const a = p.entry;
    const b = q.entry;
    if (a.operation !== b.operation) return a.operation < b.operation ? -1 : 1;
    const ta = a.time ?? '';
    const tb = b.time ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    for (const k of ENTRY_ORDER) {
      const x = a[k] ?? '';
      const y = b[k] ?? '';
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
  // member by member, in the API server's order (no spreads of small objects per entry and write)
  return list.map(({ set, entry }) => {
    const out = { manager: entry.manager, operation: entry.operation, apiVersion: entry.apiVersion } as ManagedFieldsEntry;
    if (entry.time !== undefined) out.time = entry.time;
    out.fieldsType = 'FieldsV1';
    out.fieldsV1 = set;
    if (entry.subresource) out.subresource = entry.subresource;
    return out;
  });
}

export function capUpdaters(m: Map<string, Managed>): void {
  // counted first: nearly every write has far fewer (no arrays of entries per write)
  let count = 0;
  for (const x of m.values()) if (x.entry.operation === 'Update') count++;
  if (count <= MAX_UPDATE_MANAGERS) return;
  const updaters = [...m.entries()].filter(([, x]) => x.entry.operation === 'Update');
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
export function resetFields(s: Fields, w: FieldWrite): Fields {
  if (!w.hasStatus) return s;
  return w.subresource === 'status' ? filterTop(s, STATUS, true) : filterTop(s, STATUS, false);
}

export const shapeOf = (o: Obj): Shape =>
  rootShape(
    typeof o['apiVersion'] === 'string' ? o['apiVersion'] : undefined,
    typeof o['kind'] === 'string' ? o['kind'] : undefined,
  );

export function metaOf(o: Obj): Obj {
  const m = o['metadata'];
  return isObject(m) ? m : {};
}
