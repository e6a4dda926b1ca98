// Small changes to sorted rows without sorting or filtering them again: what changed in a source since the last
// read, where those records leave and enter the table, and one merge pass applying that to the rows and to any
// array aligned with them (filter masks, kept positions). Pure; ViewRows decides when to use it.
import type { SlimBase } from '../../resources/types.js';

/** How a source's records changed between two reads. */
export interface ItemsDiff {
  /** Records that left or were replaced (the old versions). */
  gone: SlimBase[];
  /** Records that arrived or replace one (the new versions). */
  came: SlimBase[];
}

/**
 * Compares a source's records with its records at the previous read, walking both in iteration order. A
 * Map-backed cache (the reflector's) keeps a key's place when its record is replaced and appends new keys, so
 * one walk in step finds every change; any other reordering shows up as records gone and come back (still
 * correct, only more of them). Undefined when more than `limit` records left or came.
 * `items` is updated in place to the records now (it is left in no useful state when the answer is undefined).
 */
export function diffItems(items: SlimBase[], now: Iterable<SlimBase>, limit: number): ItemsDiff | undefined {
  const gone: SlimBase[] = [];
  const came: SlimBase[] = [];
  const n = items.length;
  let i = 0; // next old record to read (items[i..n) are still old)
  let w = 0; // next slot to write (w <= i until the old records run out)
  for (const r of now) {
    if (i < n && items[i] === r) {
      items[w++] = r;
      i++;
      continue;
    }
    for (;;) {
      if (i >= n) {
        came.push(r);
        break;
      }
      const p = items[i++] as SlimBase;
      if (p === r) break;
      gone.push(p);
      if (p.key === r.key) {
        came.push(r);
        break;
      }
      if (gone.length > limit) return undefined;
    }
    if (came.length > limit) return undefined;
    if (w < n) items[w] = r;
    else items.push(r);
    w++;
  }
  if (n - i + gone.length > limit) return undefined;
  for (; i < n; i++) gone.push(items[i] as SlimBase);
  items.length = w;
  return { gone, came };
}

/** Removals and insertions against old rows; applied by `editArray` / `editTyped`. */
export interface RowEdit {
  /** Positions in the old rows that go, ascending. */
  readonly removed: readonly number[];
  /** Per inserted record, the old position it goes before (non-decreasing). */
  readonly at: readonly number[];
  /** The inserted records, in table order (aligned with `at`). */
  readonly records: readonly SlimBase[];
  /** Length of the rows after the edit. */
  readonly length: number;
}

type Compare = (a: SlimBase, b: SlimBase) => number;

/** Rows read by position: an array, or a list of chunks (row-list.ts). */
export interface Indexed {
  readonly length: number;
  at(i: number): SlimBase | undefined;
}

/** First position whose row does not sort before `r`. */
function lowerBound(rows: Indexed, r: SlimBase, cmp: Compare): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(rows.at(mid) as SlimBase, r) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Plans the edit that turns `rows` (sorted by `cmp`) into what a full sort of the changed records gives:
 * each gone record leaves its row (found by binary search, then by identity), each new one enters at its lower
 * bound. Undefined when that cannot be sure to match the full sort: a gone record is not found, or a new record
 * ties with another row (ties keep their previous relative order, which only the full path knows).
 * `inPlace` (every new record replaces a gone one with its key): a replacement takes its predecessor's row, as
 * the full path does for the name sort when no key is new; `ordered` says whether the rows stay sorted.
 */
export function planEdit(
  rows: Indexed,
  gone: readonly SlimBase[],
  came: readonly SlimBase[],
  cmp: Compare,
  inPlace: boolean,
): { edit: RowEdit; ordered: boolean } | undefined {
  const removed: number[] = [];
  const goneAt = new Map<string, number>();
  for (const g of gone) {
    let j = lowerBound(rows, g, cmp);
    while (j < rows.length && rows.at(j) !== g && cmp(rows.at(j) as SlimBase, g) === 0) j++;
    if (rows.at(j) !== g) return undefined;
    removed.push(j);
    goneAt.set(g.key, j);
  }
  removed.sort((a, b) => a - b);
  let ordered = true;
  let inserts: { at: number; rec: SlimBase }[];
  if (inPlace) {
    inserts = [];
    for (const c of came) {
      const j = goneAt.get(c.key);
      if (j === undefined) return undefined;
      if (cmp(rows.at(j) as SlimBase, c) !== 0) ordered = false;
      inserts.push({ at: j, rec: c });
    }
    inserts.sort((a, b) => a.at - b.at);
  } else {
    const leaving = new Set(removed);
    const sorted = [...came].sort(cmp);
    inserts = [];
    for (let k = 0; k < sorted.length; k++) {
      const c = sorted[k] as SlimBase;
      if (k > 0 && cmp(sorted[k - 1] as SlimBase, c) === 0) return undefined;
      const at = lowerBound(rows, c, cmp);
      for (let j = at; j < rows.length && cmp(rows.at(j) as SlimBase, c) === 0; j++)
        if (!leaving.has(j)) return undefined;
      inserts.push({ at, rec: c });
    }
  }
  return {
    edit: {
      removed,
      at: inserts.map((x) => x.at),
      records: inserts.map((x) => x.rec),
      length: rows.length - removed.length + inserts.length,
    },
    ordered,
  };
}

/** The kept runs of old rows and the insertions between them, in output order. */
function forEachRun(
  edit: RowEdit,
  oldLength: number,
  copy: (from: number, to: number) => void,
  insert: (k: number) => void,
): void {
  const { removed, at } = edit;
  let r = 0;
  let q = 0;
  let from = 0;
  while (from <= oldLength) {
    // the next position where something happens: an insertion before it, or its removal
    const nextAt = q < at.length ? (at[q] as number) : Infinity;
    const nextRemoved = r < removed.length ? (removed[r] as number) : Infinity;
    const stop = Math.min(nextAt, nextRemoved, oldLength);
    if (stop > from) copy(from, stop);
    from = stop;
    while (q < at.length && at[q] === from) insert(q++);
    if (r < removed.length && removed[r] === from) {
      r++;
      from++;
    } else if (from === oldLength) break;
  }
}

/** `old` rows with the edit applied, `values[k]` where `edit.records[k]` goes; a new array. */
export function editArray<T>(old: readonly T[], edit: RowEdit, values: readonly T[]): T[] {
  const { removed, at } = edit;
  if (removed.length + at.length <= 32) {
    // a few native splices, from the end so positions stay valid
    const out = old.slice();
    let r = removed.length - 1;
    let q = at.length - 1;
    while (r >= 0 || q >= 0) {
      const pr = r >= 0 ? (removed[r] as number) : -1;
      const pq = q >= 0 ? (at[q] as number) : -1;
      if (pr >= pq) {
        out.splice(pr, 1);
        r--;
      } else {
        let k = q;
        while (k > 0 && at[k - 1] === pq) k--;
        out.splice(pq, 0, ...values.slice(k, q + 1));
        q = k - 1;
      }
    }
    return out;
  }
  const out = new Array<T>(edit.length);
  let o = 0;
  forEachRun(
    edit,
    old.length,
    (from, to) => {
      for (let i = from; i < to; i++) out[o++] = old[i] as T;
    },
    (k) => (out[o++] = values[k] as T),
  );
  return out;
}

/** The same for a typed array aligned with the rows (runs copied natively). */
export function editTyped<A extends Int32Array | Uint8Array>(
  old: A,
  edit: RowEdit,
  values: ArrayLike<number>,
  out: A,
): A {
  let o = 0;
  forEachRun(
    edit,
    old.length,
    (from, to) => {
      out.set(old.subarray(from, to), o);
      o += to - from;
    },
    (k) => (out[o++] = values[k] as number),
  );
  return out;
}

/**
 * Where the kept positions (ascending) of the old rows land after the edit, removed ones left out; and where each
 * inserted record lands.
 */
export function shiftPositions(
  positions: Uint32Array,
  edit: RowEdit,
): { moved: Uint32Array; insertedAt: number[] } {
  const { removed, at } = edit;
  const out = new Uint32Array(positions.length);
  let m = 0;
  let r = 0;
  let q = 0;
  for (let k = 0; k < positions.length; k++) {
    const p = positions[k] as number;
    while (r < removed.length && (removed[r] as number) < p) r++;
    if (r < removed.length && removed[r] === p) continue;
    while (q < at.length && (at[q] as number) <= p) q++;
    out[m++] = p - r + q;
  }
  // an inserted record goes before old row at[k]: after the old rows before it that stay, and the k inserts before it
  const insertedAt: number[] = [];
  r = 0;
  for (let j = 0; j < at.length; j++) {
    const a = at[j] as number;
    while (r < removed.length && (removed[r] as number) < a) r++;
    insertedAt.push(a - r + j);
  }
  return { moved: out.subarray(0, m), insertedAt };
}
