// The texts of a LogBuffer's in-memory lines, by absolute index, for scanning (filter, search) without
// LogBuffer.line(), which formats a timestamp and allocates a record per call (25× slower over 480k lines).
// The strings are the very ones the buffer holds, so this costs one array slot per line, not the text
// again. Kept in step by the session: append() the same batch right after the buffer's, and trim() drops
// what the buffer evicted (its `dropped`).
// A session does not use this mirror any more: LogBuffer.text(n) reads every line of the stream, spilled ones
// included (bufferTexts below); it stays as the in-memory TextSource of tests and benchmarks.

/** Texts by absolute line number over [start, end): what the filter and the search scan. */
export interface TextSource {
  readonly start: number;
  readonly end: number;
  at(abs: number): string | undefined;
}

/** Every line of a buffer's stream, in memory or spilled, by absolute number. */
export function bufferTexts(buffer: { readonly firstLine: number; readonly endLine: number; text(n: number): string | undefined }): TextSource {
  return {
    get start() {
      return buffer.firstLine;
    },
    get end() {
      return buffer.endLine;
    },
    at: (abs) => buffer.text(abs),
  };
}

export class LineTexts implements TextSource {
  private items: (string | undefined)[] = [];
  private head = 0;
  /** Absolute index of items[head]. */
  private base = 0;

  get start(): number {
    return this.base;
  }
  get end(): number {
    return this.base + this.items.length - this.head;
  }

  append(texts: readonly string[]): void {
    for (const t of texts) this.items.push(t);
  }

  /** Forget lines below absolute index `dropped`. */
  trim(dropped: number): void {
    const n = Math.min(dropped - this.base, this.items.length - this.head);
    if (n <= 0) return;
    // let the evicted strings go now, not at the next compaction (or this mirror would keep up to
    // twice what the buffer holds alive)
    this.items.fill(undefined, this.head, this.head + n);
    this.head += n;
    this.base += n;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** The text of absolute line `abs`, or undefined when it is not in memory. */
  at(abs: number): string | undefined {
    if (abs < this.base) return undefined;
    return this.items[this.head + abs - this.base];
  }

  clear(): void {
    this.base = this.end;
    this.items = [];
    this.head = 0;
  }
}
