// The logs view's `f` filter: a view over the buffer that holds only the absolute indices of matching
// lines. The buffer keeps every line; the filter never copies text. Matching is incremental: new lines are
// tested once as they arrive, and the lines already in memory are scanned from the newest backwards under
// a time budget per step, so the bottom of the view (what a following user sees) fills first and a 64 MB
// buffer never blocks a frame.
//
// View indices are stable while the scan proceeds: matches found scanning backwards get negative indices
// (-1, -2, …), matches among new lines 0, 1, 2, …; lines leaving the source (its `start` rising) raise
// `start`. Unfiltered, the view index is the absolute line index (see `allLines`). A session's source is
// the whole stream (spilled lines are read back), so its start stays 0 and the scan reaches every line.
import { stripSgr } from '../../util/sanitize.js';
import type { TextSource } from './log-texts.js';

export interface LineView {
  /** First valid view index. */
  readonly start: number;
  /** One past the last valid view index. */
  readonly end: number;
  /** Absolute line index of view index k (start ≤ k < end). */
  abs(k: number): number;
}

/** Every line in memory: view index = absolute index. */
export function allLines(texts: TextSource): LineView {
  return { start: texts.start, end: texts.end, abs: (k) => k };
}

export interface LogMatcher {
  /** The text as typed. */
  text: string;
  invert: boolean;
  /** false when the text is not a valid regex and is matched as a plain substring. */
  regex: boolean;
  test(line: string): boolean;
}

/** `!` inverts; the rest is a case-insensitive regex, or a plain substring when it does not compile. */
export function compileLogFilter(text: string): LogMatcher {
  const invert = text.startsWith('!');
  const body = invert ? text.slice(1) : text;
  let re: RegExp | undefined;
  try {
    re = new RegExp(body, 'i');
  } catch {
    re = undefined;
  }
  const lower = body.toLowerCase();
  const hit = re ? (s: string) => re.test(s) : (s: string) => s.toLowerCase().includes(lower);
  return { text, invert, regex: re !== undefined, test: (line) => hit(stripSgr(line)) !== invert };
}

export class LogFilter implements LineView {
  /** Matches found scanning backwards, newest first (view index -1, -2, …). */
  private older: number[] = [];
  /** Matches among lines that arrived after the filter was set, oldest first (view index nBase + j). */
  private newer: number[] = [];
  /** newer[0 .. nHead) were evicted. */
  private nHead = 0;
  private nBase = 0;
  /** Next line to test going backwards is back - 1. */
  private back: number;
  /** Next new line to test. */
  private fwd: number;

  constructor(
    readonly matcher: LogMatcher,
    private readonly texts: TextSource,
  ) {
    this.back = texts.end;
    this.fwd = texts.end;
  }

  get start(): number {
    return this.older.length > 0 ? -this.older.length : this.nBase + this.nHead;
  }
  get end(): number {
    return this.nBase + this.newer.length;
  }
  get count(): number {
    return this.end - this.start;
  }
  /** True once every line in memory has been tested. */
  get done(): boolean {
    return this.back <= this.texts.start && this.fwd >= this.texts.end;
  }
  /** Lines in memory still to be tested (for a progress hint). */
  get pending(): number {
    return Math.max(0, this.back - this.texts.start) + Math.max(0, this.texts.end - this.fwd);
  }

  abs(k: number): number {
    return k < 0 ? (this.older[-k - 1] ?? -1) : (this.newer[k - this.nBase] ?? -1);
  }

  /**
   * Drop matches the buffer evicted, test new lines, then scan older ones until `budgetMs` is spent.
   * Returns true when something changed.
   */
  step(budgetMs = 8): boolean {
    const t = this.texts;
    let changed = this.evict();
    const m = this.matcher;
    for (const end = t.end; this.fwd < end; this.fwd++) {
      if (m.test(t.at(this.fwd) ?? '')) {
        this.newer.push(this.fwd);
        changed = true;
      }
    }
    if (this.back <= t.start) return changed;
    const deadline = performance.now() + budgetMs;
    while (this.back > t.start) {
      // check the clock every 512 lines
      const stop = Math.max(t.start, this.back - 512);
      for (; this.back > stop; ) {
        const i = --this.back;
        if (m.test(t.at(i) ?? '')) this.older.push(i);
      }
      changed = true;
      if (performance.now() >= deadline) break;
    }
    return changed;
  }

  private evict(): boolean {
    const low = this.texts.start;
    let changed = false;
    while (this.older.length > 0 && (this.older[this.older.length - 1] ?? 0) < low) {
      this.older.pop();
      changed = true;
    }
    if (this.older.length === 0) {
      while (this.nHead < this.newer.length && (this.newer[this.nHead] ?? 0) < low) {
        this.nHead++;
        changed = true;
      }
      if (this.nHead > 4096 && this.nHead * 2 > this.newer.length) {
        this.newer = this.newer.slice(this.nHead);
        this.nBase += this.nHead;
        this.nHead = 0;
      }
    }
    if (this.back < low) this.back = low;
    return changed;
  }
}
