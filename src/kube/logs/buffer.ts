// The log view's buffer, bounded in bytes rather than lines (a chatty pod must not grow the process to
// gigabytes, and a quiet one must not be cut at an arbitrary line count). The newest lines are kept in
// memory; older ones are spilled to an append-only temp file, so that saveTo() still writes the whole stream.
//
// In memory, lines are UTF-8 records in byte blocks outside the V8 heap (line-blocks.ts): the text, whole
// epoch ms, the nanoseconds below the ms and a source index into a table of pod/container pairs. `bytes` is
// the blocks' size, so the bound is on memory actually held; past maxBytes the oldest blocks' lines go to
// the spill file until a tenth of the bound (at most 1 MiB) is free. A line's string dies young (reading it
// back decodes it again), so a chatty pod leaves no old-generation garbage behind as its lines are evicted.
//
// Every line keeps its absolute number (0 = the first line of the stream) for as long as the buffer lives:
// text(n) and lineAt(n) answer from memory or read the line back from the spill file, so scrolling back
// reaches every line kept and a position never shifts when lines are spilled. The spill file is bounded too
// (maxSpillBytes, config `logSpillMB`): past it the oldest spilled lines are dropped, and the line just
// before the oldest one kept reads as a note, `… N older lines dropped (logSpillMB reached)`, so the top of
// scroll-back (and a save) says what is missing.
//
// Timestamps come back in the canonical kubelet form (`…T00:00:00.123456789Z`); an offset such as +02:00
// is normalised to Z.
import { open } from 'node:fs/promises';
import { toKubeError } from '../errors.js';
import type { KubeError } from '../errors.js';
import { formatLogTime, parseLogTime } from './line.js';
import type { LogLine } from './line.js';
import { LineBlocks, RECORD_HEADER } from './line-blocks.js';
import type { StoredLine } from './line-blocks.js';
import { SpillFile } from './spill.js';

export interface LogBufferOptions {
  /** In-memory bound; default 64 MiB. */
  maxBytes?: number;
  /** Where the spill file goes; default os.tmpdir(). */
  spillDir?: string;
  /** Bound on the spill files on disk; default none. */
  maxSpillBytes?: number;
}

export interface SaveOptions {
  /** Prefix each line with its timestamp; default false (like `kubectl logs`). */
  timestamps?: boolean;
  /** Prefix each line with `[pod/<pod>/<container>] ` like `kubectl logs --prefix`; default: when there are several sources. */
  prefix?: boolean;
}

/** Bytes a line takes in memory beyond its UTF-8 text (its record's header). */
export const LINE_OVERHEAD = RECORD_HEADER;
const DEFAULT_MAX = 64 * 1024 * 1024;
/** Blocks are a sixteenth of the bound (a power of two), within these limits. */
const MIN_BLOCK = 1024;
const MAX_BLOCK = 256 * 1024;
const MAX_SOURCES = 0xffff;
const EVICT_STEP = 1024 * 1024;
/** A spill record's bytes beyond its text: `<src>\t<timestamp>\t…\n` (src ≤ 5 digits, a timestamp of 30, with room). */
const SPILL_HEAD_MAX = 48;
/** What a spilled line reads as when the spill file could not be written or read back. */
export const UNREADABLE = '(line lost: the spill file could not be written or read)';
/** The line that stands for the `n` oldest lines dropped from the spill file. */
export const droppedNote = (n: number): string => `… ${n} older lines dropped (logSpillMB reached)`;

/** Nanoseconds below the millisecond in an RFC 3339 timestamp (digits 4–9 of the fraction). */
function subMsNanos(ts: string): number {
  if (ts.charCodeAt(19) !== 46) return 0;
  let v = 0;
  let i = 23;
  for (let n = 0; n < 6; n++, i++) {
    const c = ts.charCodeAt(i) - 48;
    v = v * 10 + (c >= 0 && c <= 9 ? c : 0);
    if (!(c >= 0 && c <= 9)) i = ts.length; // no more digits: pad with zeros
  }
  return v;
}

export class LogBuffer {
  readonly maxBytes: number;
  /** Lines moved out of memory (the absolute index of line(0)). */
  dropped = 0;
  /** Lines that could be neither kept nor spilled (the spill file failed). */
  lost = 0;
  /** Lines ever appended. */
  totalLines = 0;
  /** UTF-8 bytes ever appended (text plus newline). */
  totalBytes = 0;
  private readonly mem: LineBlocks;
  private readonly pods: string[] = [];
  private readonly containers: string[] = [];
  private readonly sourceIndex = new Map<string, number>();
  private lastPod: string | undefined;
  private lastContainer: string | undefined;
  private lastSrc = 0;
  private readonly spill: SpillFile;

  constructor(opts: LogBufferOptions = {}) {
    this.maxBytes = Math.max(1024, opts.maxBytes ?? DEFAULT_MAX);
    this.mem = new LineBlocks(Math.min(MAX_BLOCK, Math.max(MIN_BLOCK, 2 ** Math.floor(Math.log2(this.maxBytes / 16)))));
    this.spill = new SpillFile(opts.spillDir, opts.maxSpillBytes !== undefined && opts.maxSpillBytes > 0 ? opts.maxSpillBytes : Infinity);
  }

  /** Lines in memory. */
  get length(): number {
    return this.mem.end - this.mem.start;
  }
  /** Bytes of memory the lines in it hold (their blocks). */
  get bytes(): number {
    return this.mem.bytes;
  }
  get spilledBytes(): number {
    return this.spill.size;
  }
  get spillPath(): string | undefined {
    return this.spill.filePath;
  }
  /** Why lines were lost, if they were. */
  get spillError(): KubeError | undefined {
    return this.spill.error;
  }
  get sourceCount(): number {
    return this.pods.length;
  }
  /** Lines dropped from the spill file (logSpillMB reached): lines [0, droppedForGood) are gone. */
  get droppedForGood(): number {
    return this.spill.first;
  }
  /** Absolute number of the oldest line that can be read: the dropped-lines note once there is one. */
  get firstLine(): number {
    return Math.max(0, this.spill.first - 1);
  }
  /** One past the absolute number of the newest line. */
  get endLine(): number {
    return this.mem.end;
  }

  /** The text of absolute line n (no timestamp formatting: for scans); undefined outside [firstLine, endLine). */
  text(n: number): string | undefined {
    if (n >= this.dropped) return this.mem.text(n);
    if (n < this.firstLine) return undefined;
    if (n < this.spill.first) return droppedNote(this.spill.first);
    return this.spill.line(n)?.text ?? UNREADABLE;
  }

  /** Absolute line n, from memory or read back from the spill file; undefined outside [firstLine, endLine). */
  lineAt(n: number): LogLine | undefined {
    if (n >= this.dropped) return this.line(n - this.dropped);
    if (n < this.firstLine) return undefined;
    if (n < this.spill.first) return { ts: NaN, tsText: '', text: droppedNote(this.spill.first), pod: '', container: '' };
    const l = this.spill.line(n);
    if (!l) return { ts: NaN, tsText: '', text: UNREADABLE, pod: '', container: '' };
    return { ts: parseLogTime(l.tsText)?.ms ?? NaN, tsText: l.tsText, text: l.text, pod: this.pods[l.src] ?? '', container: this.containers[l.src] ?? '' };
  }

  append(lines: readonly LogLine[]): void {
    for (const l of lines) {
      const bytes = Buffer.byteLength(l.text, 'utf8');
      this.mem.append(l.ts, Number.isNaN(l.ts) ? 0 : subMsNanos(l.tsText), this.sourceOf(l.pod, l.container), l.text, bytes);
      this.totalBytes += bytes + 1;
      // evicted in steps of at most EVICT_STEP: a tenth of a large bound at once is a string and a write
      // buffer of several MB each, on top of the bound
      if (this.mem.bytes > this.maxBytes) this.evict(this.maxBytes - Math.min(Math.floor(this.maxBytes / 10), EVICT_STEP));
    }
    this.totalLines += lines.length;
  }

  /** Line i of those in memory (0 = oldest kept). */
  line(i: number): LogLine | undefined {
    if (i < 0 || i >= this.length) return undefined;
    const l = this.mem.line(this.mem.start + i) as StoredLine;
    return { ts: l.ms, tsText: formatLogTime(l.ms, l.ns), text: l.text, pod: this.pods[l.src] ?? '', container: this.containers[l.src] ?? '' };
  }

  /** Lines [from, to) of those in memory, clamped. */
  slice(from: number, to: number = this.length): LogLine[] {
    const out: LogLine[] = [];
    const hi = Math.min(to, this.length);
    for (let i = Math.max(0, from); i < hi; i++) out.push(this.line(i) as LogLine);
    return out;
  }

  /**
   * Write the whole stream (spilled and in memory, as of this call) to `path` (mode 0600), after the
   * dropped-lines note when the spill bound dropped lines; resolves to the bytes written, rejects only with KubeError.
   */
  async saveTo(path: string, opts: SaveOptions = {}): Promise<number> {
    const timestamps = opts.timestamps ?? false;
    const prefix = opts.prefix ?? this.pods.length > 1;
    const fmt = (src: number, tsText: string, text: string): string => {
      const p = prefix ? `[pod/${this.pods[src] ?? ''}/${this.containers[src] ?? ''}] ` : '';
      return `${p}${timestamps && tsText ? `${tsText} ` : ''}${text}\n`;
    };
    // a snapshot: appends and evictions during the save do not change what is written
    const snap = this.spill.snapshot();
    const gone = this.spill.first;
    const kept = this.mem.view();
    let written = 0;
    try {
      const fh = await open(path, 'w', 0o600);
      try {
        const flush = async (s: string): Promise<void> => {
          if (!s) return;
          const buf = Buffer.from(s, 'utf8');
          await fh.write(buf);
          written += buf.length;
        };
        if (gone > 0) await flush(`${droppedNote(gone)}\n`);
        await this.spill.read(snap, async (lines) => {
          let s = '';
          for (const l of lines) s += fmt(l.src, l.tsText, l.text);
          await flush(s);
        });
        // in slices of lines, each written before the next is read
        for (let from = kept.start; from < kept.end; ) {
          let s = '';
          let n = from;
          kept.each(from, kept.end, (l, at) => {
            if (s.length >= 1 << 20) return;
            s += fmt(l.src, timestamps ? formatLogTime(l.ms, l.ns) : '', l.text);
            n = at + 1;
          });
          await flush(s);
          from = n;
        }
      } finally {
        await fh.close();
      }
    } catch (e) {
      throw toKubeError(e);
    } finally {
      this.spill.release(snap);
    }
    return written;
  }

  /** Drop everything and remove the spill file. The buffer stays usable (empty). */
  dispose(): void {
    this.spill.dispose();
    this.dropped = this.mem.end;
    this.mem.clear();
  }

  private sourceOf(pod: string, container: string): number {
    if (pod === this.lastPod && container === this.lastContainer) return this.lastSrc;
    const key = `${pod}\u0000${container}`;
    let idx = this.sourceIndex.get(key);
    if (idx === undefined) {
      idx = Math.min(this.pods.length, MAX_SOURCES);
      if (idx < MAX_SOURCES) {
        this.pods.push(pod);
        this.containers.push(container);
        this.sourceIndex.set(key, idx);
      }
    }
    this.lastPod = pod;
    this.lastContainer = container;
    this.lastSrc = idx;
    return idx;
  }

  /**
   * Move the oldest lines to the spill file, a block at a time, until at most `target` bytes are held. The
   * records are written byte to byte from the blocks (no text is decoded, no string built).
   */
  private evict(target: number): void {
    for (let next = this.mem.oldestBlock(); next && this.mem.bytes > target; next = this.mem.oldestBlock()) {
      const out = Buffer.allocUnsafeSlow(next.bytes + next.lines * SPILL_HEAD_MAX);
      const sizes: number[] = [];
      let at = 0;
      const n = this.mem.dropOldestBlock((ms, ns, src, buf, from, len) => {
        const start = at;
        at += out.write(`${src}\t${formatLogTime(ms, ns)}\t`, at, 'latin1');
        buf.copy(out, at, from, from + len);
        at += len;
        out[at++] = 10;
        sizes.push(at - start);
      });
      if (!this.spill.append(out.subarray(0, at), sizes)) this.lost += n;
      this.dropped += n;
    }
  }
}
