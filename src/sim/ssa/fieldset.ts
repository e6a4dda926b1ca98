// Field sets as the API server keeps them in `metadata.managedFields[].fieldsV1`: a tree whose keys are
// path elements (`f:name` a field, `k:{"name":"x"}` a list item by its keys, `v:"x"` a set member,
// `i:0` an item by index) and whose `.` key marks a node that is itself a member while having children
// (a member without children is `{}`). The tree IS the set: no decoding or encoding per write. Trees are
// never mutated once built; operations share untouched subtrees.

import { fieldShape } from './schema.js';
import type { Shape } from './schema.js';

export type Fields = { readonly [pe: string]: Fields };

export const EMPTY: Fields = Object.freeze({});
export const SELF = '.';

type Value = unknown;
const isObject = (v: Value): v is Record<string, Value> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Is the node under a key (not the root) a member itself? */
const isMember = (n: Fields): boolean => n[SELF] !== undefined || isEmpty(n);

// node() and kidsOf() copy with for-in loops, not object spread and rest (the same keys in the same
// order, for these plain data objects; V8's spread and rest were most of a set operation's time)
function node(member: boolean, kids: Fields): Fields | undefined {
  let any = false;
  for (const _k in kids) {
    any = true;
    break;
  }
  if (!any) return member ? EMPTY : undefined;
  if (!member) return kids;
  const out: Record<string, Fields> = { [SELF]: EMPTY };
  for (const k in kids) out[k] = kids[k] as Fields;
  return sorted(out);
}

function kidsOf(n: Fields): Fields {
  if (n[SELF] === undefined) return n;
  const rest: Record<string, Fields> = {};
  for (const k in n) if (k !== SELF) rest[k] = n[k] as Fields;
  return rest;
}

function sorted(o: Record<string, Fields>): Fields {
  const keys = Object.keys(o);
  let inOrder = true;
  for (let i = 1; i < keys.length && inOrder; i++) inOrder = (keys[i - 1] ?? '') < (keys[i] ?? '');
  if (inOrder) return o;
  const out: Record<string, Fields> = {};
  for (const k of keys.sort()) out[k] = o[k] ?? EMPTY;
  return out;
}

/** No keys (a for-in that stops at the first, not an array of every key). */
export function isEmpty(s: Fields): boolean {
  for (const _k in s) return false;
  return true;
}

/** Whether `keys` are in the order sorted() gives (UTF-16 code units). */
function inOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) >= (keys[i] as string)) return false;
  return true;
}

export function union(a: Fields, b: Fields): Fields {
  if (a === b || isEmpty(b)) return a;
  if (isEmpty(a)) return b;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (inOrder(ka) && inOrder(kb)) {
    // both sorted (every tree this module builds is): merged in order, no copy to sort afterwards
    const out: Record<string, Fields> = {};
    let i = 0;
    let j = 0;
    while (i < ka.length || j < kb.length) {
      const x = ka[i];
      const y = kb[j];
      if (y === undefined || (x !== undefined && x < y)) {
        out[x as string] = a[x as string] as Fields;
        i++;
      } else if (x === undefined || y < x) {
        out[y] = b[y] as Fields;
        j++;
      } else {
        const xa = a[x] as Fields;
        const yb = b[y] as Fields;
        out[x] = x === SELF ? yb : xa === yb ? xa : (node(isMember(xa) || isMember(yb), union(kidsOf(xa), kidsOf(yb))) ?? EMPTY);
        i++;
        j++;
      }
    }
    return out;
  }
  const out: Record<string, Fields> = { ...a };
  for (const k in b) {
    const y = b[k] as Fields;
    const x = a[k];
    if (x === undefined || k === SELF) out[k] = y;
    else if (x !== y) out[k] = node(isMember(x) || isMember(y), union(kidsOf(x), kidsOf(y))) ?? EMPTY;
  }
  return sorted(out);
}

/** Members of `a` that are not members of `b` (a member of `b` does not take its children with it). */
export function difference(a: Fields, b: Fields): Fields {
  if (isEmpty(a) || isEmpty(b)) return a;
  if (a === b) return EMPTY;
  let out: Record<string, Fields> | undefined;
  // for-in, not Object.entries: no array of pairs per node (the same keys in the same order)
  for (const k in b) {
    const y = b[k] as Fields;
    const x = a[k];
    if (x === undefined || k === SELF) continue;
    out ??= { ...a };
    const n = node(isMember(x) && !isMember(y), difference(kidsOf(x), kidsOf(y)));
    if (n === undefined) delete out[k];
    else out[k] = n;
  }
  return out ?? a;
}

export function intersection(a: Fields, b: Fields): Fields {
  if (a === b) return a;
  const out: Record<string, Fields> = {};
  for (const [k, x] of Object.entries(a)) {
    const y = b[k];
    if (y === undefined || k === SELF) continue;
    const n = node(isMember(x) && isMember(y), intersection(kidsOf(x), kidsOf(y)));
    if (n !== undefined) out[k] = n;
  }
  return out;
}

/** `s` without the subtrees at the top-level keys `drop` (or with only those when `keep`). */
export function filterTop(s: Fields, keys: readonly string[], keep: boolean): Fields {
  const out: Record<string, Fields> = {};
  for (const [k, v] of Object.entries(s)) if (keys.includes(k) === keep) out[k] = v;
  return out;
}

/** `s` without the given member paths (not their subtrees), e.g. the metadata fields nobody owns. */
export function without(s: Fields, paths: readonly (readonly string[])[]): Fields {
  const b = new Builder();
  for (const p of paths) b.insert(p);
  return difference(s, b.build());
}

/** Every member path, members of a node before its children's, in key order. */
export function members(s: Fields, prefix: readonly string[] = []): string[][] {
  const out: string[][] = [];
  const walk = (n: Fields, path: string[]): void => {
    const keys = Object.keys(n)
      .filter((k) => k !== SELF)
      .sort(byElement);
    for (const k of keys) {
      const c = n[k] ?? EMPTY;
      if (isMember(c)) out.push([...path, k]);
    }
    for (const k of keys) walk(kidsOf(n[k] ?? EMPTY), [...path, k]);
  };
  walk(s, [...prefix]);
  return out;
}

export function has(s: Fields, path: readonly string[]): boolean {
  let n: Fields | undefined = s;
  for (const pe of path) {
    n = n[pe];
    if (n === undefined) return false;
  }
  return path.length > 0 && isMember(n);
}

/** The subtree under one path element (empty when absent). */
export const child = (s: Fields, pe: string): Fields => kidsOf(s[pe] ?? EMPTY);

// ------------------------------------------------------------------ path elements

/** Kind order of path elements as structured-merge-diff sorts them: fields, keys, values, indexes. */
const RANK: Readonly<Record<string, number>> = { f: 0, k: 1, v: 2, i: 3 };
function byElement(a: string, b: string): number {
  const d = (RANK[a[0] ?? ''] ?? 4) - (RANK[b[0] ?? ''] ?? 4);
  return d !== 0 ? d : a < b ? -1 : a > b ? 1 : 0;
}

export const fieldPE = (name: string): string => `f:${name}`;

/** The path element of a list item, or undefined when the item lacks a key (an invalid item). */
export function itemPE(item: Value, shape: Shape & { t: 'list' }, index: number): string | undefined {
  const keys = shape.keys;
  if (keys === undefined) return `v:${JSON.stringify(item)}`;
  if (keys.length === 0) return `i:${index}`;
  if (!isObject(item)) return undefined;
  if (keys.length === 1) return singleKeyPE(keys, item);
  // `k:` + the key fields as JSON, in name order (the schema lists them sorted)
  let s = 'k:{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] ?? '';
    let v = item[k];
    if (v === undefined || v === null) {
      if (k !== 'protocol') return undefined;
      v = 'TCP'; // a port's protocol is defaulted to TCP before the server keys the item
    }
    s += `${i > 0 ? ',' : ''}${JSON.stringify(k)}:${JSON.stringify(v)}`;
  }
  return `${s}}`;
}

/**
 * The path elements of items keyed by one field (conditions by type, containers and their statuses by
 * name, IPs by ip), per list shape and key value: every write's compare and field set names the same few
 * items again, and one string for each (its hash computed once) beats building and hashing it anew.
 * Bounded (cleared when full): a pod's own IPs come and go.
 */
const SINGLE_KEY_PES = new WeakMap<readonly string[], Map<string | number, string>>();

function singleKeyPE(keys: readonly string[], item: Record<string, Value>): string | undefined {
  const k = keys[0] ?? '';
  let v = item[k];
  if (v === undefined || v === null) {
    if (k !== 'protocol') return undefined;
    v = 'TCP'; // a port's protocol is defaulted to TCP before the server keys the item
  }
  if (typeof v !== 'string' && typeof v !== 'number') return `k:{${JSON.stringify(k)}:${JSON.stringify(v)}}`;
  let byValue = SINGLE_KEY_PES.get(keys);
  if (byValue === undefined) SINGLE_KEY_PES.set(keys, (byValue = new Map()));
  let pe = byValue.get(v);
  if (pe === undefined) {
    pe = `k:{${JSON.stringify(k)}:${JSON.stringify(v)}}`;
    if (byValue.size >= 4096) byValue.clear();
    byValue.set(v, pe);
  }
  return pe;
}

/** A path as the API server prints it in conflicts: `.spec.containers[name="app"].image`. */
export function pathString(path: readonly string[]): string {
  return path
    .map((pe) => {
      const rest = pe.slice(2);
      switch (pe[0]) {
        case 'f':
          return `.${rest}`;
        case 'k': {
          const key = JSON.parse(rest) as Record<string, Value>;
          return `[${Object.entries(key)
            .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
            .join(',')}]`;
        }
        case 'v':
          return `[=${rest}]`;
        default:
          return `[${rest}]`;
      }
    })
    .join('');
}

// ------------------------------------------------------------------ building

/**
 * `keys` sorted in place as Array.prototype.sort() sorts strings (UTF-16 code units): an insertion sort
 * for the few keys of a field set's node, which, unlike the built-in sort, allocates no work array.
 */
function sortSmall(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i] as string;
    let j = i - 1;
    for (; j >= 0 && (keys[j] as string) > k; j--) keys[j + 1] = keys[j] as string;
    keys[j + 1] = k;
  }
  return keys;
}

/** A mutable tree used while walking objects; `build()` freezes it into Fields. */
export class Builder {
  member = false;
  private kids: Map<string, Builder> | undefined;

  child(pe: string): Builder {
    this.kids ??= new Map();
    let c = this.kids.get(pe);
    if (!c) {
      c = new Builder();
      this.kids.set(pe, c);
    }
    return c;
  }

  insert(path: readonly string[]): void {
    if (path.length === 0) return;
    let b = this.child(path[0] ?? '');
    for (let i = 1; i < path.length; i++) b = b.child(path[i] ?? '');
    b.member = true;
  }

  /** The set under this node (the node's own membership is its parent's business). */
  build(): Fields {
    return this.tree(false) ?? EMPTY;
  }

  /**
   * This node as `node(member, build())` makes it, built in one pass: `.` first (it sorts before every
   * path element), then the children in key order.
   */
  private tree(member: boolean): Fields | undefined {
    const kids = this.kids;
    if (!kids) return member ? EMPTY : undefined;
    const out: Record<string, Fields> = {};
    if (member) out[SELF] = EMPTY;
    let any = false;
    const keys = kids.size === 1 ? kids.keys() : sortSmall([...kids.keys()]);
    for (const k of keys) {
      const c = kids.get(k);
      const n = c?.tree(c.member);
      if (n === undefined) continue;
      out[k] = n;
      any = true;
    }
    if (!any) return member ? EMPTY : undefined;
    return out;
  }
}

/** The fields a value sets (the applied configuration's set): leaves, list items, and empty maps. */
export function toFieldSet(value: Value, shape: Shape): Fields {
  const root = new Builder();
  walkSet(value, shape, root);
  return root.build();
}

function walkSet(v: Value, shape: Shape, b: Builder): void {
  if (Array.isArray(v) && shape.t === 'list') {
    v.forEach((item, i) => {
      const pe = itemPE(item, shape, i);
      if (pe === undefined) return;
      const c = b.child(pe);
      walkSet(item, shape.elem, c);
      c.member = true;
    });
    return;
  }
  if (isObject(v) && (shape.t === 'obj' || shape.t === 'mapof')) {
    for (const [k, val] of Object.entries(v)) {
      const c = b.child(fieldPE(k));
      walkSet(val, fieldShape(shape, k), c);
      if (val === null || (isObject(val) && Object.keys(val).length === 0) || shape.t === 'mapof')
        c.member = true;
    }
    return;
  }
  b.member = true;
}

/**
 * What an applier's last set leaves behind when it stops applying it: its members that nobody in `owned`
 * owns, where a map or list item is kept (only its unowned members go) while someone owns a field in it.
 */
export function prunable(last: Fields, owned: Fields): Fields {
  const out: Record<string, Fields> = {};
  for (const [k, x] of Object.entries(last)) {
    if (k === SELF) continue;
    const y = owned[k];
    if (y === undefined) {
      out[k] = x;
      continue;
    }
    const n = node(isMember(x) && !isMember(y) && isEmpty(kidsOf(y)), prunable(kidsOf(x), kidsOf(y)));
    if (n !== undefined) out[k] = n;
  }
  return out;
}
