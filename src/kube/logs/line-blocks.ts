// The lines a LogBuffer keeps in memory, as UTF-8 records in fixed-size byte blocks rather than as one JS
// string (and array slot, and typed-array entries) per line. A block is an ArrayBuffer outside the V8 heap,
// freed whole when its last line leaves, so what the buffer holds is what it counts: no string headers, no
// doubling arrays, and no old-generation garbage when lines are evicted (a line's string, built from the
// network chunk, dies young; reading a line back decodes it again).
//
// A record: epoch ms (float64, NaN when the line has none), the nanoseconds below the ms (uint32), a source
// index (uint16), the text's byte length (uint32), then the text. A record never spans two blocks (one larger
// than a block gets a block of its own). Lines are numbered by `seq` (0 = the first line ever appended); a
// block knows its first line and the offset of every MARK-th line, so line n is found by a binary search over
// the blocks and a walk of fewer than MARK records, and reading lines in order walks one record each.

/** Bytes before a record's text. */
export const RECORD_HEADER = 18;
const MARK = 32;

interface Block {
  readonly buf: Buffer;
  /** Bytes written. */
  fill: number;
  /** Number of its first line. */
  readonly first: number;
  /** Lines in it. */
  count: number;
  /** Offset of its lines first, first + MARK, first + 2·MARK… */
  readonly marks: number[];
}

/** One line as stored. */
export interface StoredLine {
  ms: number;
  ns: number;
  src: number;
  text: string;
}

/** Read access to lines [start, end) as they were when it was taken (a save reads while lines come and go). */
export interface BlockView {
  readonly start: number;
  readonly end: number;
  /** Lines [from, to) in order. */
  each(from: number, to: number, fn: (line: StoredLine, n: number) => void): void;
}

export class LineBlocks {
  /** Number of the oldest line kept. */
  start = 0;
  /** One past the number of the newest line. */
  end = 0;
  private blocks: Block[] = [];
  private allocated = 0;
  /** Where the next line after `cursorSeq` starts (reading in order walks one record per line). */
  private cursor: { block: Block; seq: number; off: number } | undefined;

  /** `blockBytes`: the size of a block (a record larger than it gets one of its own). */
  constructor(readonly blockBytes: number) {}

  /** Bytes of memory held: the blocks' sizes. */
  get bytes(): number {
    return this.allocated;
  }

  get blockCount(): number {
    return this.blocks.length;
  }

  append(ms: number, ns: number, src: number, text: string, textBytes: number): void {
    const need = RECORD_HEADER + textBytes;
    let b = this.blocks.at(-1);
    if (!b || b.fill + need > b.buf.length) {
      b = { buf: Buffer.allocUnsafeSlow(Math.max(this.blockBytes, need)), fill: 0, first: this.end, count: 0, marks: [] };
      this.blocks.push(b);
      this.allocated += b.buf.length;
    }
    const off = b.fill;
    if (b.count % MARK === 0) b.marks.push(off);
    b.buf.writeDoubleLE(ms, off);
    b.buf.writeUInt32LE(ns, off + 8);
    b.buf.writeUInt16LE(src, off + 12);
    b.buf.writeUInt32LE(textBytes, off + 14);
    if (textBytes > 0) b.buf.write(text, off + RECORD_HEADER, textBytes, 'utf8');
    b.fill = off + need;
    b.count++;
    this.end++;
  }

  /** Line n, or undefined outside [start, end). */
  line(n: number): StoredLine | undefined {
    const at = this.record(n);
    return at && readRecord(at.block.buf, at.off, at.len);
  }

  /** Just the text of line n (a scan's read: no record object). */
  text(n: number): string | undefined {
    const at = this.record(n);
    if (!at) return undefined;
    const from = at.off + RECORD_HEADER;
    return at.len === 0 ? '' : at.block.buf.toString('utf8', from, from + at.len);
  }

  /** Where line n's record is, and its text's length; the cursor moves past it. */
  private record(n: number): { block: Block; off: number; len: number } | undefined {
    if (n < this.start || n >= this.end) return undefined;
    const at = this.locate(n);
    if (!at) return undefined;
    const len = at.block.buf.readUInt32LE(at.off + 14);
    this.cursor = { block: at.block, seq: n, off: at.off + RECORD_HEADER + len };
    return { block: at.block, off: at.off, len };
  }

  /**
   * Removes the oldest block's lines (never the newest line's block), handing each to `fn` in order with its
   * text as bytes (`buf[at, at + len)`, valid during the call); returns how many went (0 when only the newest
   * block is left).
   */
  dropOldestBlock(fn: (ms: number, ns: number, src: number, buf: Buffer, at: number, len: number) => void): number {
    const b = this.blocks[0];
    if (!b || this.blocks.length < 2) return 0;
    let off = offsetIn(b, this.start);
    for (let n = this.start; n < b.first + b.count; n++) {
      const len = b.buf.readUInt32LE(off + 14);
      fn(b.buf.readDoubleLE(off), b.buf.readUInt32LE(off + 8), b.buf.readUInt16LE(off + 12), b.buf, off + RECORD_HEADER, len);
      off += RECORD_HEADER + len;
    }
    const gone = b.first + b.count - this.start;
    this.blocks.shift();
    this.allocated -= b.buf.length;
    this.start = b.first + b.count;
    if (this.cursor?.block === b) this.cursor = undefined;
    return gone;
  }

  /** The oldest block's bytes and lines still in it (what dropOldestBlock would hand over), or undefined. */
  oldestBlock(): { bytes: number; lines: number } | undefined {
    const b = this.blocks[0];
    return b && this.blocks.length > 1 ? { bytes: b.fill, lines: b.first + b.count - this.start } : undefined;
  }

  /** A view of the lines kept now; later appends and drops do not change what it reads. */
  view(): BlockView {
    const blocks = this.blocks.slice();
    const start = this.start;
    const end = this.end;
    return {
      start,
      end,
      each: (from, to, fn) => {
        const lo = Math.max(from, start);
        const hi = Math.min(to, end);
        let i = findBlock(blocks, lo);
        if (i < 0) return;
        for (let n = lo; n < hi && i < blocks.length; i++) {
          const b = blocks[i] as Block;
          let off = offsetIn(b, n);
          for (; n < hi && n < b.first + b.count; n++) {
            const len = b.buf.readUInt32LE(off + 14);
            fn(readRecord(b.buf, off, len), n);
            off += RECORD_HEADER + len;
          }
        }
      },
    };
  }

  clear(): void {
    this.blocks = [];
    this.allocated = 0;
    this.cursor = undefined;
    this.start = this.end;
  }

  /** The block and offset of line n (in [start, end)). */
  private locate(n: number): { block: Block; off: number } | undefined {
    const c = this.cursor;
    if (c && n === c.seq + 1) {
      if (n < c.block.first + c.block.count) return { block: c.block, off: c.off };
      const next = this.blocks[this.blocks.indexOf(c.block) + 1];
      if (next && next.first === n) return { block: next, off: 0 };
    }
    const i = findBlock(this.blocks, n);
    const block = this.blocks[i];
    return block ? { block, off: offsetIn(block, n) } : undefined;
  }
}

function readRecord(buf: Buffer, off: number, len: number): StoredLine {
  return {
    ms: buf.readDoubleLE(off),
    ns: buf.readUInt32LE(off + 8),
    src: buf.readUInt16LE(off + 12),
    text: len === 0 ? '' : buf.toString('utf8', off + RECORD_HEADER, off + RECORD_HEADER + len),
  };
}

/** Index of the block holding line n (-1: none). Blocks are in order of their first lines. */
function findBlock(blocks: readonly Block[], n: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = blocks[mid] as Block;
    if (n < b.first) hi = mid - 1;
    else if (n >= b.first + b.count) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Offset of line n in block b (n is one of its lines): from the nearest mark, a walk of < MARK records. */
function offsetIn(b: Block, n: number): number {
  const k = n - b.first;
  let off = b.marks[Math.floor(k / MARK)] as number;
  for (let j = k - (k % MARK); j < k; j++) off += RECORD_HEADER + b.buf.readUInt32LE(off + 14);
  return off;
}
