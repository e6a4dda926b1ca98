// The append-only temp file that holds the lines a LogBuffer no longer keeps in memory, one per line as
// `<source index>\t<timestamp>\t<text>\n` (texts never contain \n: they were split on it). Created lazily in
// os.tmpdir() with mode 0600 and O_EXCL, removed by dispose(); reads are positional, so appends and a save
// in progress do not disturb each other.
//
// Lines are numbered from 0 in the order spilled. Scrolling back reads them by number: a sparse index keeps
// the byte offset of every BLOCK-th line (8 bytes per 256 lines: 32 KiB per million lines), and a block is
// read and parsed on demand, the last few kept (a window on screen or a scan going backwards touches one
// or two blocks at a time).
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

export class SpillFile {
  /** Bytes written so far. */
  size = 0;
  /** Lines written so far. */
  lines = 0;
  error: KubeError | undefined;
  private fd: number | undefined;
  private path: string | undefined;
  private readers = 0;
  private disposed = false;
  /** Byte offset of line k·SPILL_BLOCK. */
  private marks: number[] = [];
  private readonly cache = new Map<number, { lines: SpilledLine[]; bytes: number }>();
  private cacheBytes = 0;

  constructor(private readonly dir = tmpdir()) {}

  /** The file's path once created (undefined before the first spill and after dispose). */
  get filePath(): string | undefined {
    return this.disposed ? undefined : this.path;
  }

  /**
   * Append already formatted records (formatRecord), `bytes[i]` being the UTF-8 length of record i
   * (recordBytes); false (and `error` set) when the file cannot be written.
   */
  append(records: string, bytes: readonly number[]): boolean {
    if (this.disposed || this.error) return false;
    try {
      if (this.fd === undefined) {
        this.path = join(this.dir, `kubedeck-logs-${process.pid}-${randomBytes(6).toString('hex')}.spill`);
        this.fd = openSync(this.path, 'wx+', 0o600);
      }
      const buf = Buffer.from(records, 'utf8');
      let off = 0;
      while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off, this.size + off);
      // the block that was the last one grows: a parsed copy of it is stale (later blocks are new)
      this.uncache(Math.floor(this.lines / SPILL_BLOCK));
      let at = this.size;
      for (const n of bytes) {
        if (this.lines % SPILL_BLOCK === 0) this.marks.push(at);
        this.lines++;
        at += n;
      }
      this.size += buf.length;
      return true;
    } catch (e) {
      this.error = toKubeError(e);
      return false;
    }
  }

  /** Read the first `limit` bytes record by record, in chunks; `each` gets batches of parsed lines. */
  async read(limit: number, each: (lines: SpilledLine[]) => Promise<void>): Promise<void> {
    if (this.fd === undefined || limit <= 0) return;
    const fd = this.fd;
    this.readers++;
    try {
      const chunk = Buffer.allocUnsafe(1 << 20);
      let carry: Buffer = Buffer.alloc(0);
      let pos = 0;
      while (pos < limit) {
        const { bytesRead } = await readAsync(fd, chunk, 0, Math.min(chunk.length, limit - pos), pos);
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
    } finally {
      this.readers--;
      if (this.disposed && this.readers === 0) this.close();
    }
  }

  /** Line `n` (0 = first spilled), read from the file; undefined when out of range or unreadable. */
  line(n: number): SpilledLine | undefined {
    if (n < 0 || n >= this.lines || this.fd === undefined) return undefined;
    const b = Math.floor(n / SPILL_BLOCK);
    return this.block(b)?.[n - b * SPILL_BLOCK];
  }

  private block(b: number): SpilledLine[] | undefined {
    const hit = this.cache.get(b);
    if (hit) {
      // most recently used last
      this.cache.delete(b);
      this.cache.set(b, hit);
      return hit.lines;
    }
    const from = this.marks[b];
    if (from === undefined || this.fd === undefined) return undefined;
    const to = this.marks[b + 1] ?? this.size;
    const buf = Buffer.allocUnsafe(to - from);
    try {
      let got = 0;
      while (got < buf.length) {
        const n = readSync(this.fd, buf, got, buf.length - got, from + got);
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
      if (oldest !== undefined) this.uncache(oldest);
    }
    this.cache.set(b, { lines, bytes: buf.length });
    this.cacheBytes += buf.length;
    return lines;
  }

  private uncache(b: number): void {
    const e = this.cache.get(b);
    if (!e) return;
    this.cache.delete(b);
    this.cacheBytes -= e.bytes;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cache.clear();
    this.cacheBytes = 0;
    this.marks = [];
    if (this.path) {
      try {
        unlinkSync(this.path);
      } catch {
        // already gone
      }
    }
    if (this.readers === 0) this.close();
  }

  private close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // nothing more to do
    }
    this.fd = undefined;
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
