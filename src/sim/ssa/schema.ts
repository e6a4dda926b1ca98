// The shape of a field for server-side apply: which objects are granular and which are atomic, which
// lists are merged by key (and by which keys), which are sets. Read from the generated table of the
// built-in kinds (schema-table.ts); anything it does not name is "deduced", as the API server does for
// types without a schema: objects are granular maps, lists are atomic.

import { SSA_ROOTS, SSA_TYPES } from './schema-table.js';

export type Shape =
  /** A granular map or struct; `type` names its entry in the table (undefined: deduced). */
  | { readonly t: 'obj'; readonly type: string | undefined }
  /** A leaf: scalars, atomic lists, atomic maps and structs. */
  | { readonly t: 'atomic' }
  /** A list merged item by item: by `keys` (`k:`, sorted by name), by value for a set of scalars (`v:`, keys undefined), by index when keys is empty (`i:`). */
  | { readonly t: 'list'; readonly keys: readonly string[] | undefined; readonly elem: Shape }
  /** A map whose values have one shape (the map's own keys are not declared fields). */
  | { readonly t: 'mapof'; readonly elem: Shape };

export const DEDUCED: Shape = Object.freeze({ t: 'obj', type: undefined });
const ATOMIC: Shape = Object.freeze({ t: 'atomic' });

const parsed = new Map<string, Shape>();

function parse(spec: string): Shape {
  const s = spec.endsWith('!') ? spec.slice(0, -1) : spec;
  let out = parsed.get(s);
  if (out) return out;
  if (s === '') out = DEDUCED;
  else if (s === '@') out = ATOMIC;
  else if (s === '[=]') out = { t: 'list', keys: undefined, elem: ATOMIC };
  else if (s.startsWith('[')) {
    const inner = s.slice(1, -1);
    const i = inner.lastIndexOf(':');
    const keys = inner.slice(i + 1);
    out = { t: 'list', keys: keys === '' ? [] : keys.split(',').sort(), elem: parse(inner.slice(0, i)) };
  } else if (s.startsWith('{')) out = { t: 'mapof', elem: parse(s.slice(1, -1)) };
  else out = { t: 'obj', type: s };
  parsed.set(s, out);
  return out;
}

/** The shape of a whole object of a kind (deduced for kinds the table does not know, such as custom resources). */
export function rootShape(apiVersion: string | undefined, kind: string | undefined): Shape {
  const type = SSA_ROOTS[`${apiVersion ?? ''} ${kind ?? ''}`];
  return type === undefined ? DEDUCED : { t: 'obj', type };
}

/** The shape of field `name` of an object of shape `s`. */
export function fieldShape(s: Shape, name: string): Shape {
  if (s.t === 'mapof') return s.elem;
  if (s.t !== 'obj' || s.type === undefined) return DEDUCED;
  let fields = byType.get(s.type);
  if (!fields) {
    fields = new Map(Object.entries(SSA_TYPES[s.type] ?? {}).map(([f, spec]) => [f, parse(spec)]));
    byType.set(s.type, fields);
  }
  return fields.get(name) ?? DEDUCED;
}

/** The parsed fields of each type, made on first use. */
const byType = new Map<string, Map<string, Shape>>();

/** Is field `name` of an object of shape `s` a non-pointer struct (always there, `{}` when zero)? */
export function isZeroStruct(s: Shape, name: string): boolean {
  if (s.t !== 'obj' || s.type === undefined) return false;
  return SSA_TYPES[s.type]?.[name]?.endsWith('!') ?? false;
}

/** Lists that a zero Go object serialises as `null` rather than leaving out (no `omitempty`). */
const NULL_WHEN_ZERO: Readonly<Record<string, readonly string[]>> = { 'core.v1.PodSpec': ['containers'] };

const zeros = new Map<string, Record<string, unknown>>();

/**
 * The zero object of a type as the API server sees it before a create: its non-pointer structs as `{}`
 * (recursively) and its non-omitempty lists as null. A create is compared against it, so a field that is
 * already there as `{}` is not "added" (no `.` in the creator's managedFields), as on a real server.
 */
export function zeroObject(s: Shape): Record<string, unknown> {
  if (s.t !== 'obj' || s.type === undefined) return {};
  const type = s.type;
  let z = zeros.get(type);
  if (z) return z;
  z = {};
  zeros.set(type, z); // a recursive type sees itself as {} (none of the built-in ones is zero-recursive)
  for (const [name, spec] of Object.entries(SSA_TYPES[type] ?? {}))
    if (spec.endsWith('!')) z[name] = zeroObject(parse(spec));
  for (const name of NULL_WHEN_ZERO[type] ?? []) z[name] = null;
  return Object.freeze(z);
}
