// metadata.managedFields as a 1.32 API server keeps them: one entry per manager, operation (Apply or
// Update) and subresource, with the fields that manager owns. An Update owns what it changed; an Apply
// owns exactly what its configuration names, conflicts with other managers over values it would change
// (409 unless forced), and drops the fields it applied before and no longer does, when nobody else owns
// them. Pure functions over plain objects (k8s.io/apiserver fieldmanager and structured-merge-diff).

import { compare } from './compare.js';
import { difference, EMPTY, filterTop, isEmpty, union } from './fieldset.js';
import type { Fields } from './fieldset.js';
import { zeroObject } from './schema.js';
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
import type { FieldWrite, ManagedFieldsEntry, Obj } from './entries.js';

export type { FieldWrite, ManagedFieldsEntry } from './entries.js';
export { applyConfig, ConflictError, printManager } from './apply-config.js';
export type {  ApplyResult } from './apply-config.js';

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
