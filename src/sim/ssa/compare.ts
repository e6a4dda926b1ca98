// What changed between two versions of an object, as field sets (structured-merge-diff's Compare):
// leaves that were added, modified or removed, plus the maps and list items that appeared or went away.
// And the reverse walk: an object without the members of a set (the pruning of server-side apply).

import { child, EMPTY as SET_EMPTY, fieldPE, has, isEmpty, itemPE, SELF } from './fieldset.js';
import type { Fields } from './fieldset.js';
import { fieldShape, isZeroStruct } from './schema.js';
import type { Shape } from './schema.js';

type Value = unknown;
type Obj = Record<string, Value>;
const isObject = (v: Value): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface Comparison {
  added: Fields;
  modified: Fields;
  removed: Fields;
}

export function deepEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Obj;
  const bo = b as Obj;
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  for (const k of ak) if (!(k in bo) || !deepEqual(ao[k], bo[k])) return false;
  return true;
}

type Container = 'map' | 'list' | undefined;
const ZERO: Obj = Object.freeze({}) as Obj;
const EMPTY_OBJ: Obj = ZERO;

function containerOf(v: Value, shape: Shape): Container {
  if (shape.t === 'atomic') return undefined;
  if (Array.isArray(v)) return shape.t === 'list' ? 'list' : undefined;
  if (isObject(v)) return shape.t === 'obj' || shape.t === 'mapof' ? 'map' : undefined;
  return undefined;
}

interface Out {
  /** Keys never compared (and never owned) at the root, and under metadata. */
  skipRoot: ReadonlySet<string>;
  skipMeta: ReadonlySet<string>;
}

/**
 * The children a node gets in each of the three sets while its members are walked, as path element and
 * subtree one after the other, in walk order; made when the first one comes. A node is built once its
 * walk returns, in key order, with `.` first where it is a member itself: the sets are built bottom-up,
 * each node once and in the key order it is stored with (every object built with another order of keys
 * leaves V8 a hidden class behind, and a pod's own IP node would make one per pod), with no mutable tree
 * to build them from and no walk down from the root per member.
 */
interface Kids {
  added: (string | Fields)[] | undefined;
  modified: (string | Fields)[] | undefined;
  removed: (string | Fields)[] | undefined;
}
const newKids = (): Kids => ({ added: undefined, modified: undefined, removed: undefined });

/**
 * Compare `lhs` (the live object, or a kind's zero object for a create) with `rhs`. `skipRoot` and
 * `skipMeta` name fields nobody owns (apiVersion, kind; metadata.name, uid, resourceVersion, ...).
 */
export function compare(
  lhs: Value,
  rhs: Value,
  shape: Shape,
  skipRoot: ReadonlySet<string> = new Set(),
  skipMeta: ReadonlySet<string> = new Set(),
): Comparison {
  const root = newKids();
  walk(lhs, rhs, shape, { skipRoot, skipMeta }, root, undefined, 0);
  return {
    added: build(root.added, false) ?? SET_EMPTY,
    modified: build(root.modified, false) ?? SET_EMPTY,
    removed: build(root.removed, false) ?? SET_EMPTY,
  };
}

/** Sorts the indexes of `kids`' path elements by element (an insertion sort: nodes have few children). */
function order(kids: readonly (string | Fields)[]): number[] {
  const idx: number[] = [];
  for (let i = 0; i < kids.length; i += 2) {
    const k = kids[i] as string;
    let j = idx.length - 1;
    idx.push(i);
    for (; j >= 0 && (kids[idx[j] as number] as string) > k; j--) idx[j + 1] = idx[j] as number;
    idx[j + 1] = i;
  }
  return idx;
}

/** The node of a member with these children: EMPTY, or the children in key order after `.` (undefined: not in the set). */
function build(kids: (string | Fields)[] | undefined, member: boolean): Fields | undefined {
  if (kids === undefined) return member ? SET_EMPTY : undefined;
  const out: Record<string, Fields> = {};
  if (member) out[SELF] = SET_EMPTY;
  let sorted = true;
  for (let i = 2; i < kids.length && sorted; i += 2) sorted = (kids[i - 2] as string) < (kids[i] as string);
  if (sorted) for (let i = 0; i < kids.length; i += 2) out[kids[i] as string] = kids[i + 1] as Fields;
  else for (const i of order(kids)) out[kids[i] as string] = kids[i + 1] as Fields;
  return out;
}

/** Puts the node `pe` (if any) in the parent's set `which`. */
function put(into: Kids, which: 'added' | 'modified' | 'removed', pe: string, node: Fields | undefined): void {
  if (node === undefined) return;
  const list = (into[which] ??= []);
  list.push(pe, node);
}

/**
 * Walks one member (`pe` in its parent, `into` the parent's children; the root has no `pe`). `depth`: 0 the
 * root, 1 its members, 2 anything deeper (enough to tell the root's and metadata's skipped keys).
 */
function walk(l: Value, r: Value, shape: Shape, out: Out, into: Kids, pe: string | undefined, depth: number): void {
  if (l === r && l !== undefined) return; // one (stored, frozen) part on both sides: nothing changed under it
  // null is a wildcard that takes the form of the other side (a zero object's null list)
  const lc = l === null && r !== undefined ? containerOf(r, shape) : containerOf(l, shape);
  const rc = r === null && l !== undefined ? containerOf(l, shape) : containerOf(r, shape);
  const lMissing = l === undefined;
  const rMissing = r === undefined;
  if ((lMissing || lc !== undefined) && (rMissing || rc !== undefined) && (lMissing || rMissing || lc === rc)) {
    const kids = pe === undefined ? into : newKids();
    if ((lc ?? rc) === 'map') walkMap(l, r, shape, out, kids, depth === 0 ? out.skipRoot : depth === 1 && pe === 'f:metadata' ? out.skipMeta : undefined, depth);
    else walkList(l, r, shape as Shape & { t: 'list' }, out, kids, depth);
    if (pe === undefined) return;
    put(into, 'added', pe, build(kids.added, lMissing));
    put(into, 'modified', pe, build(kids.modified, false));
    put(into, 'removed', pe, build(kids.removed, rMissing && !lMissing));
    return;
  }
  if (pe === undefined) return;
  if (lMissing) put(into, 'added', pe, SET_EMPTY);
  else if (rMissing) put(into, 'removed', pe, SET_EMPTY);
  else if (!deepEqual(l, r)) put(into, 'modified', pe, SET_EMPTY);
}

function walkMap(l: Value, r: Value, shape: Shape, out: Out, kids: Kids, skip: ReadonlySet<string> | undefined, depth: number): void {
  const lo = isObject(l) ? l : EMPTY_OBJ;
  const ro = isObject(r) ? r : EMPTY_OBJ;
  const below = depth === 0 ? 1 : 2;
  // a non-pointer struct is always there for the API server (`{}` when empty), even where JSON leaves it
  // out (only inside an object that is there: the fields of a new list item are all new)
  // for-in, not Object.keys: no key arrays per map walked (the same keys, in the same order)
  for (const k in lo) {
    const lv = lo[k];
    let rv = ro[k];
    if (lv === rv) continue; // an unchanged scalar, or a part shared with the stored version
    if (skip?.has(k)) continue;
    if (rv === undefined && r !== undefined && isZeroStruct(shape, k)) rv = ZERO;
    walk(lv, rv, fieldShape(shape, k), out, kids, fieldPE(k), below);
  }
  for (const k in ro) {
    if (k in lo || skip?.has(k)) continue;
    const lv = l !== undefined && isZeroStruct(shape, k) ? ZERO : undefined;
    walk(lv, ro[k], fieldShape(shape, k), out, kids, fieldPE(k), below);
  }
}

function index(list: Value, shape: Shape & { t: 'list' }): Map<string, Value> {
  const m = new Map<string, Value>();
  if (!Array.isArray(list)) return m;
  for (let i = 0; i < list.length; i++) {
    const item: Value = list[i];
    const pe = itemPE(item, shape, i);
    if (pe !== undefined && !m.has(pe)) m.set(pe, item);
  }
  return m;
}

function walkList(l: Value, r: Value, shape: Shape & { t: 'list' }, out: Out, kids: Kids, depth: number): void {
  const li = index(l, shape);
  const ri = index(r, shape);
  const below = depth === 0 ? 1 : 2;
  for (const [pe, item] of li) walk(item, ri.get(pe), shape.elem, out, kids, pe, below);
  for (const [pe, item] of ri) if (!li.has(pe)) walk(undefined, item, shape.elem, out, kids, pe, below);
}

/**
 * `v` without the members of `set` (a member takes its whole subtree with it). A map or list left empty
 * by the removal goes too. Returns `v` itself when nothing under it is removed.
 */
export function removeItems(v: Value, set: Fields, shape: Shape): Value {
  if (isEmpty(set)) return v;
  if (Array.isArray(v) && shape.t === 'list') {
    const out: Value[] = [];
    let changed = false;
    v.forEach((item, i) => {
      const pe = itemPE(item, shape, i);
      if (pe !== undefined && has(set, [pe])) {
        changed = true;
        return;
      }
      const sub = pe === undefined ? undefined : child(set, pe);
      const next = sub === undefined ? item : removeItems(item, sub, shape.elem);
      if (next !== item) changed = true;
      if (next !== undefined) out.push(next);
    });
    if (!changed) return v;
    return out.length > 0 ? out : undefined;
  }
  if (isObject(v) && (shape.t === 'obj' || shape.t === 'mapof')) {
    let out: Obj | undefined;
    for (const [k, val] of Object.entries(v)) {
      const pe = fieldPE(k);
      let next: Value;
      if (has(set, [pe])) next = undefined;
      else {
        const sub = child(set, pe);
        next = isEmpty(sub) ? val : removeItems(val, sub, fieldShape(shape, k));
      }
      if (next === val) continue;
      out ??= { ...v };
      if (next === undefined) delete out[k];
      else out[k] = next;
    }
    if (!out) return v;
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return v;
}
