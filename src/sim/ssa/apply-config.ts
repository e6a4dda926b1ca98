// Server-side apply's field manager: the configuration merged over the live object, the applier owning
// exactly what it names, conflicts with other managers over values it would change, and the pruning of
// what it applied before and no longer does (structured-merge-diff's Updater.Apply and prune).

import { compare, deepEqual, removeItems } from './compare.js';
import {
  difference,
  EMPTY,
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
import { zeroObject } from './schema.js';
import {
  capUpdaters,
  decode,
  encode,
  idOf,
  metaOf,
  resetFields,
  shapeOf,
  SKIP_META,
  SKIP_ROOT,
} from './entries.js';
import type { FieldWrite, ManagedFieldsEntry, Obj } from './entries.js';

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
