// The log view's buffer, bounded in bytes rather than lines (a chatty pod must not grow the process to
// gigabytes, and a quiet one must not be cut at an arbitrary line count). The newest lines are kept in
// memory; older ones are spilled to an append-only temp file, so that saveTo() still writes the whole stream.
//
// Per line in memory: one string (the text) plus 14 bytes in parallel typed arrays — whole epoch ms
// (Float64Array), the nanoseconds below the ms (Uint32Array) and a source index (Uint16Array) into a table
// of pod/container pairs. All grow by doubling and are compacted when the evicted head passes half, so
// append is O(1) amortised. Memory is counted as UTF-8 text bytes + LINE_OVERHEAD per line; past maxBytes
// the oldest lines go to the spill file until a tenth of the bound (at most 1 MiB) is free.
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
import { SpillFile, formatRecord, recordBytes } from './spill.js';

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

/** Estimated heap cost of a line beyond its text: array slot, typed-array entries, string header. */
export const LINE_OVERHEAD = 40;
const DEFAULT_MAX = 64 * 1024 * 1024;
const MAX_SOURCES = 0xffff;
const EVICT_STEP = 1024 * 1024;
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
  private memBytes = 0;
  private texts: (string | undefined)[] = [];
  private ms = new Float64Array(1024);
  private ns = new Uint32Array(1024);
  private src = new Uint16Array(1024);
  private start = 0;
  private end = 0;
  private readonly pods: string[] = [];
  private readonly containers: string[] = [];
  private readonly sourceIndex = new Map<string, number>();
  private lastPod: string | undefined;
  private lastContainer: string | undefined;
  private lastSrc = 0;
  private readonly spill: SpillFile;

  constructor(opts: LogBufferOptions = {}) {
    this.maxBytes = Math.max(1024, opts.maxBytes ?? DEFAULT_MAX);
    this.spill = new SpillFile(opts.spillDir, opts.maxSpillBytes !== undefined && opts.maxSpillBytes > 0 ? opts.maxSpillBytes : Infinity);
  }

  /** Lines in memory. */
  get length(): number {
    return this.end - this.start;
  }
  /** Estimated bytes held in memory. */
  get bytes(): number {
    return this.memBytes;
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
    return this.dropped + this.length;
  }

  /** The text of absolute line n (no timestamp formatting: for scans); undefined outside [firstLine, endLine). */
  text(n: number): string | undefined {
    if (n >= this.dropped) return n < this.endLine ? (this.texts[this.start + n - this.dropped] ?? '') : undefined;
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
      if (this.end === this.ms.length) this.makeRoom();
      const i = this.end++;
      this.texts[i] = l.text;
      this.ms[i] = l.ts;
      this.ns[i] = Number.isNaN(l.ts) ? 0 : subMsNanos(l.tsText);
      this.src[i] = this.sourceOf(l.pod, l.container);
      const b = Buffer.byteLength(l.text, 'utf8') + 1;
      this.totalBytes += b;
      this.memBytes += b + LINE_OVERHEAD;
    }
    this.totalLines += lines.length;
    // evicted in steps of at most EVICT_STEP: a tenth of a large bound at once is a string and a write
    // buffer of several MB each, on top of the bound
    if (this.memBytes > this.maxBytes) this.evict(this.maxBytes - Math.min(Math.floor(this.maxBytes / 10), EVICT_STEP));
  }

  /** Line i of those in memory (0 = oldest kept). */
  line(i: number): LogLine | undefined {
    if (i < 0 || i >= this.length) return undefined;
    const j = this.start + i;
    const ms = this.ms[j] as number;
    const s = this.src[j] as number;
    return { ts: ms, tsText: formatLogTime(ms, this.ns[j] as number), text: this.texts[j] ?? '', pod: this.pods[s] ?? '', container: this.containers[s] ?? '' };
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
    const texts = this.texts.slice(this.start, this.end);
    const ms = this.ms.slice(this.start, this.end);
    const ns = this.ns.slice(this.start, this.end);
    const src = this.src.slice(this.start, this.end);
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
        let s = '';
        for (let i = 0; i < texts.length; i++) {
          s += fmt(src[i] as number, timestamps ? formatLogTime(ms[i] as number, ns[i] as number) : '', texts[i] ?? '');
          if (s.length >= 1 << 20) {
            await flush(s);
            s = '';
          }
        }
        await flush(s);
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
    this.texts = [];
    this.start = this.end = 0;
    this.memBytes = 0;
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

  /** Compact the live range to the front, or double the arrays when more than half is live. */
  private makeRoom(): void {
    const n = this.length;
    const cap = this.ms.length;
    if (n * 2 <= cap) {
      this.ms.copyWithin(0, this.start, this.end);
      this.ns.copyWithin(0, this.start, this.end);
      this.src.copyWithin(0, this.start, this.end);
      this.texts.copyWithin(0, this.start, this.end);
      this.texts.length = n;
    } else {
      const grow = <T extends Float64Array | Uint32Array | Uint16Array>(a: T, make: (size: number) => T): T => {
        const b = make(cap * 2);
        b.set(a.subarray(this.start, this.end));
        return b;
      };
      this.ms = grow(this.ms, (k) => new Float64Array(k));
      this.ns = grow(this.ns, (k) => new Uint32Array(k));
      this.src = grow(this.src, (k) => new Uint16Array(k));
      this.texts = this.texts.slice(this.start, this.end);
    }
    this.start = 0;
    this.end = n;
  }

  /** Move the oldest lines to the spill file until at most `target` bytes are in memory. */
  private evict(target: number): void {
    let s = '';
    const sizes: number[] = [];
    let i = this.start;
    for (; i < this.end - 1 && this.memBytes > target; i++) {
      const text = this.texts[i] ?? '';
      const ms = this.ms[i] as number;
      const src = this.src[i] as number;
      const tsText = formatLogTime(ms, this.ns[i] as number);
      const bytes = Buffer.byteLength(text, 'utf8');
      s += formatRecord(src, tsText, text);
      sizes.push(recordBytes(src, tsText, bytes));
      this.memBytes -= bytes + 1 + LINE_OVERHEAD;
      this.texts[i] = undefined;
    }
    const n = i - this.start;
    if (!this.spill.append(s, sizes)) this.lost += n;
    this.dropped += n;
    this.start = i;
  }
}
