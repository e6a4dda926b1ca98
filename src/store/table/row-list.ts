// Rows in table order as the UI reads them (a count, a window, a row, a key's position), and a persistent
// implementation in small chunks: an edit of a few rows copies the chunks they fall in and the chunk index, and
// shares the rest with the rows it came from. Publishing the rows of a 100k cache after a watch event then costs
// O(changes + n/CHUNK) instead of a copy of every row (800 KB of garbage per publish, which fed the full GCs).
import type { SlimBase } from '../../resources/types.js';
import { editArray } from './row-edits.js';
import type { RowEdit } from './row-edits.js';

/** Read access to rows in table order; never mutated. */
export interface RowList {
  readonly length: number;
  at(i: number): SlimBase | undefined;
  /** Rows [from, to) as a new array (the visible window). */
  slice(from: number, to: number): SlimBase[];
  /** Position of the row with this key (`hint` is tried first), -1 when there is none. */
  indexOfKey(key: string, hint?: number): number;
  /** Every row as one array (built at the first call, then kept). */
  toArray(): readonly SlimBase[];
}

function indexOfKeyIn(rows: readonly SlimBase[], key: string, hint: number | undefined): number {
  if (hint !== undefined && rows[hint]?.key === key) return hint;
  return rows.findIndex((r) => r.key === key);
}

/** A RowList over an array, which must not change afterwards. */
export function arrayRows(rows: readonly SlimBase[]): RowList {
  return {
    get length() {
      return rows.length;
    },
    at: (i) => rows[i],
    slice: (from, to) => rows.slice(from, to),
    indexOfKey: (key, hint) => indexOfKeyIn(rows, key, hint),
    toArray: () => rows,
  };
}

/** Rows per chunk when a list is built; edits let a chunk shrink to nothing or grow to twice this before it is split. */
const CHUNK = 128;

type Chunk = readonly SlimBase[];

export class ChunkedRows implements RowList {
  private array: readonly SlimBase[] | undefined;

  private constructor(
    private readonly chunks: readonly Chunk[],
    /** starts[c]: the position of chunk c's first row; starts[chunks.length]: the length. */
    private readonly starts: Int32Array,
  ) {}

  /** The rows of `rows`, which must not change afterwards (it is kept as the list's array). */
  static from(rows: readonly SlimBase[]): ChunkedRows {
    const chunks: Chunk[] = [];
    for (let i = 0; i < rows.length; i += CHUNK) chunks.push(rows.slice(i, i + CHUNK));
    const list = new ChunkedRows(chunks, startsOf(chunks));
    list.array = rows;
    return list;
  }

  get length(): number {
    return this.starts[this.chunks.length] as number;
  }

  /** The chunk holding position i (0 <= i < length). */
  private chunkOf(i: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((s[mid] as number) <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  at(i: number): SlimBase | undefined {
    if (this.array) return this.array[i];
    if (!(i >= 0 && i < this.length)) return undefined;
    const c = this.chunkOf(i);
    return (this.chunks[c] as Chunk)[i - (this.starts[c] as number)];
  }

  slice(from: number, to: number): SlimBase[] {
    const end = Math.min(to, this.length);
    const out: SlimBase[] = [];
    if (!(from < end)) return out;
    for (let c = this.chunkOf(Math.max(0, from)); c < this.chunks.length && (this.starts[c] as number) < end; c++) {
      const s = this.starts[c] as number;
      const chunk = this.chunks[c] as Chunk;
      for (let j = Math.max(0, from - s); j < chunk.length && s + j < end; j++) out.push(chunk[j] as SlimBase);
    }
    return out;
  }

  indexOfKey(key: string, hint?: number): number {
    if (this.array) return indexOfKeyIn(this.array, key, hint);
    if (hint !== undefined && this.at(hint)?.key === key) return hint;
    for (let c = 0; c < this.chunks.length; c++) {
      const j = (this.chunks[c] as Chunk).findIndex((r) => r.key === key);
      if (j >= 0) return (this.starts[c] as number) + j;
    }
    return -1;
  }

  toArray(): readonly SlimBase[] {
    if (!this.array) {
      const out = new Array<SlimBase>(this.length);
      let o = 0;
      for (const chunk of this.chunks) for (let j = 0; j < chunk.length; j++) out[o++] = chunk[j] as SlimBase;
      this.array = out;
    }
    return this.array;
  }

  /** The array of every row if it was built already (no copy is made to answer). */
  builtArray(): readonly SlimBase[] | undefined {
    return this.array;
  }

  *[Symbol.iterator](): IterableIterator<SlimBase> {
    for (const chunk of this.chunks) yield* chunk;
  }

  /** These rows with `edit` applied (see row-edits.ts): a new list sharing every chunk the edit does not touch. */
  edit(edit: RowEdit): ChunkedRows {
    const { removed, at, records } = edit;
    const chunks: readonly Chunk[] = this.chunks.length > 0 ? this.chunks : [[]];
    const out: Chunk[] = [];
    let r = 0;
    let q = 0;
    let start = 0;
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c] as Chunk;
      const end = start + chunk.length;
      const last = c === chunks.length - 1;
      const r0 = r;
      const q0 = q;
      while (r < removed.length && (removed[r] as number) < end) r++;
      // an insertion before position `end` belongs to the next chunk, except after the last row
      while (q < at.length && ((at[q] as number) < end || (last && at[q] === end))) q++;
      if (r === r0 && q === q0) {
        out.push(chunk);
      } else {
        const part: RowEdit = {
          removed: removed.slice(r0, r).map((p) => p - start),
          at: at.slice(q0, q).map((p) => p - start),
          records: records.slice(q0, q),
          length: chunk.length - (r - r0) + (q - q0),
        };
        const next = editArray(chunk, part, part.records);
        if (next.length > 2 * CHUNK) for (let i = 0; i < next.length; i += CHUNK) out.push(next.slice(i, i + CHUNK));
        else if (next.length > 0) out.push(next);
      }
      start = end;
    }
    // many small chunks left by deletions: built again, evenly
    if (out.length > 2 * Math.ceil(edit.length / CHUNK) + 8) return ChunkedRows.from(new ChunkedRows(out, startsOf(out)).toArray());
    return new ChunkedRows(out, startsOf(out));
  }
}

function startsOf(chunks: readonly Chunk[]): Int32Array {
  const s = new Int32Array(chunks.length + 1);
  for (let c = 0; c < chunks.length; c++) s[c + 1] = (s[c] as number) + (chunks[c] as Chunk).length;
  return s;
}
