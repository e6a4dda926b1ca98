// The temp files that hold the lines a LogBuffer no longer keeps in memory, one per line as
// `<source index>\t<timestamp>\t<text>\n` (texts never contain \n: they were split on it). Created lazily in
// os.tmpdir() with mode 0600 and O_EXCL, removed by dispose(); reads are positional, so appends and a save
// in progress do not disturb each other.
//
// Bounded on disk (config `logSpillMB`): the lines go to segment files of a quarter of the bound each; when
// the files together pass the bound, the oldest segment is deleted and its lines are gone (`first` moves
// on), so the disk holds between three quarters of the bound and the bound. Without a bound there is one file.
//
// Lines are numbered from 0 in the order spilled, for as long as the spill lives (a dropped line's number
// is not reused). Scrolling back reads them by number: a sparse index keeps the byte offset of every
// BLOCK-th line of a segment (8 bytes per 256 lines: 32 KiB per million lines), and a block is read and
// parsed on demand, the last few kept (a window on screen or a scan going backwards touches one or two
// blocks at a time).
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, read, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { toKubeError } from '../errors.js';
import type { KubeError } from '../errors.js';

const readAsync = promisify(read);

export interface SpilledLine {
  src: number;
  tsText: string;
  text: string;
}

/** Lines per indexed block. */
export const SPILL_BLOCK = 256;
/** Blocks kept parsed: at most this many, and beyond the newest one at most CACHE_BYTES of file. */
const CACHED_BLOCKS = 8;
const CACHE_BYTES = 4 * 1024 * 1024;
/** A bounded spill is kept in this many segment files (the oldest is dropped whole). */
const SEGMENTS = 4;
const MIN_SEGMENT = 4 * 1024;

interface Segment {
  readonly id: number;
  readonly path: string;
  fd: number | undefined;
  /** Spill number of its first line. */
  readonly first: number;
  lines: number;
  size: number;
  /** Byte offset of its line k·SPILL_BLOCK. */
  readonly marks: number[];
}

/** The segments and sizes a save reads (see SpillFile.snapshot). */
export interface SpillSnapshot {
  readonly parts: readonly { readonly seg: Segment; readonly limit: number }[];
  released: boolean;
}

export class SpillFile {
  /** Lines written so far (one past the newest line's number). */
  lines = 0;
  /** Lines dropped to keep the files within maxBytes: the number of the oldest line kept. */
  first = 0;
  error: KubeError | undefined;
  private segments: Segment[] = [];
  private nextId = 0;
  private readers = 0;
  private disposed = false;
  /** Dropped segments whose descriptor a save in progress may still read. */
  private closing: Segment[] = [];
  private readonly cache = new Map<string, { lines: SpilledLine[]; bytes: number }>();
  private cacheBytes = 0;
  private readonly segmentBytes: number;

  constructor(
    private readonly dir = tmpdir(),
    /** Bound on the files' total size; Infinity for none. */
    readonly maxBytes = Infinity,
  ) {
    this.segmentBytes = Number.isFinite(maxBytes) ? Math.max(MIN_SEGMENT, Math.floor(maxBytes / SEGMENTS)) : Infinity;
  }

  /** Bytes on disk now. */
  get size(): number {
    let n = 0;
    for (const s of this.segments) n += s.size;
    return n;
  }

  /** The newest file's path once created (undefined before the first spill and after dispose). */
  get filePath(): string | undefined {
    return this.disposed ? undefined : this.segments.at(-1)?.path;
  }

  /**
   * Append already formatted records (formatRecord, as text or its UTF-8 bytes), `bytes[i]` being the UTF-8 length of record i
   * (recordBytes); false (and `error` set) when the file cannot be written.
   */
  append(records: string | Buffer, bytes: readonly number[]): boolean {
    if (this.disposed || this.error) return false;
    try {
      const buf = typeof records === 'string' ? Buffer.from(records, 'utf8') : records;
      let off = 0;
      for (let i = 0; i < bytes.length; ) {
        let seg = this.segments.at(-1);
        if (!seg || (seg.size > 0 && seg.size + (bytes[i] as number) > this.segmentBytes)) seg = this.open();
        // the records that fit in this segment (at least one)
        let take = 0;
        let k = i;
        while (k < bytes.length && (k === i || seg.size + take + (bytes[k] as number) <= this.segmentBytes)) take += bytes[k++] as number;
        const fd = seg.fd as number;
        for (let w = 0; w < take; ) w += writeSync(fd, buf, off + w, take - w, seg.size + w);
        // the block that was the segment's last one grows: a parsed copy of it is stale
        this.uncache(seg, Math.floor(seg.lines / SPILL_BLOCK));
        let at = seg.size;
        for (; i < k; i++) {
          if (seg.lines % SPILL_BLOCK === 0) seg.marks.push(at);
          seg.lines++;
          this.lines++;
          at += bytes[i] as number;
        }
        seg.size += take;
        off += take;
      }
      while (this.segments.length > 1 && this.size > this.maxBytes) this.dropOldest();
      return true;
    } catch (e) {
      this.error = toKubeError(e);
      return false;
    }
  }

  /** What is kept now, for read(): appended lines are not in it, dropped ones stay readable until release(). */
  snapshot(): SpillSnapshot {
    this.readers++;
    return { parts: this.segments.map((seg) => ({ seg, limit: seg.size })), released: false };
  }

  release(snap: SpillSnapshot): void {
    if (snap.released) return;
    snap.released = true;
    this.readers--;
    if (this.readers === 0) this.closeDropped();
  }

  /** Every line of a snapshot, in order, in chunks; `each` gets batches of parsed lines. */
  async read(snap: SpillSnapshot, each: (lines: SpilledLine[]) => Promise<void>): Promise<void> {
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (const { seg, limit } of snap.parts) {
      let carry: Buffer = Buffer.alloc(0);
      let pos = 0;
      while (pos < limit && seg.fd !== undefined) {
        const { bytesRead } = await readAsync(seg.fd, chunk, 0, Math.min(chunk.length, limit - pos), pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
        const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
        const lines: SpilledLine[] = [];
        let start = 0;
        for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
          lines.push(parseRecord(data.toString('utf8', start, nl)));
          start = nl + 1;
        }
        carry = Buffer.from(data.subarray(start));
        await each(lines);
      }
    }
  }

  /** Line `n` (0 = first spilled), read from the file; undefined when out of range, dropped or unreadable. */
  line(n: number): SpilledLine | undefined {
    if (n < this.first || n >= this.lines) return undefined;
    const seg = this.segmentOf(n);
    if (!seg) return undefined;
    const local = n - seg.first;
    const b = Math.floor(local / SPILL_BLOCK);
    return this.block(seg, b)?.[local - b * SPILL_BLOCK];
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cache.clear();
    this.cacheBytes = 0;
    for (const s of this.segments) unlinkQuietly(s.path);
    this.closing.push(...this.segments);
    this.segments = [];
    if (this.readers === 0) this.closeDropped();
  }

  private open(): Segment {
    const path = join(this.dir, `kubedeck-logs-${process.pid}-${randomBytes(6).toString('hex')}.spill`);
    const seg: Segment = { id: this.nextId++, path, fd: openSync(path, 'wx+', 0o600), first: this.lines, lines: 0, size: 0, marks: [] };
    this.segments.push(seg);
    return seg;
  }

  private dropOldest(): void {
    const seg = this.segments.shift();
    if (!seg) return;
    this.first = seg.first + seg.lines;
    for (const key of [...this.cache.keys()]) if (key.startsWith(`${seg.id}:`)) this.uncacheKey(key);
    unlinkQuietly(seg.path);
    this.closing.push(seg);
    if (this.readers === 0) this.closeDropped();
  }

  private segmentOf(n: number): Segment | undefined {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const s = this.segments[i] as Segment;
      if (n >= s.first) return n < s.first + s.lines ? s : undefined;
    }
    return undefined;
  }

  private block(seg: Segment, b: number): SpilledLine[] | undefined {
    const key = `${seg.id}:${b}`;
    const hit = this.cache.get(key);
    if (hit) {
      // most recently used last
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit.lines;
    }
    const from = seg.marks[b];
    if (from === undefined || seg.fd === undefined) return undefined;
    const to = seg.marks[b + 1] ?? seg.size;
    const buf = Buffer.allocUnsafe(to - from);
    try {
      let got = 0;
      while (got < buf.length) {
        const n = readSync(seg.fd, buf, got, buf.length - got, from + got);
        if (n === 0) return undefined;
        got += n;
      }
    } catch {
      // the file went away (a tmp cleaner): the line reads as unavailable, appends report their own error
      return undefined;
    }
    const lines: SpilledLine[] = [];
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
      lines.push(parseRecord(buf.toString('utf8', start, nl)));
      start = nl + 1;
    }
    while (this.cache.size > 0 && (this.cache.size >= CACHED_BLOCKS || this.cacheBytes + buf.length > CACHE_BYTES)) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.uncacheKey(oldest);
    }
    this.cache.set(key, { lines, bytes: buf.length });
    this.cacheBytes += buf.length;
    return lines;
  }

  private uncache(seg: Segment, b: number): void {
    this.uncacheKey(`${seg.id}:${b}`);
  }

  private uncacheKey(key: string): void {
    const e = this.cache.get(key);
    if (!e) return;
    this.cache.delete(key);
    this.cacheBytes -= e.bytes;
  }

  private closeDropped(): void {
    for (const s of this.closing) {
      if (s.fd === undefined) continue;
      try {
        closeSync(s.fd);
      } catch {
        // nothing more to do
      }
      s.fd = undefined;
    }
    this.closing = [];
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

export function formatRecord(src: number, tsText: string, text: string): string {
  return `${src}\t${tsText}\t${text}\n`;
}

/** The UTF-8 length of formatRecord(src, tsText, text), given the text's (tsText is ASCII). */
export function recordBytes(src: number, tsText: string, textBytes: number): number {
  return String(src).length + tsText.length + textBytes + 3;
}

function parseRecord(s: string): SpilledLine {
  const a = s.indexOf('\t');
  const b = s.indexOf('\t', a + 1);
  return { src: Number(s.slice(0, a)), tsText: s.slice(a + 1, b), text: s.slice(b + 1) };
}
