// Duplicate suppression across reconnections. The resumed request asks for sinceTime = the newest timestamp
// delivered so far, so the server sends again every line at that exact timestamp (and, if it rounds
// sinceTime down, some older ones). Until the first line newer than that timestamp, a resumed stream's
// lines that are older, or at the same timestamp with a text already delivered there, are dropped.
import { compareLogTime, parseLogTime } from './line.js';
import type { LogLine, LogTime } from './line.js';

/** Distinct texts remembered at the newest timestamp; beyond this, lines sharing it are not deduplicated. */
const MAX_AT_NEWEST = 10_000;

export class ResumeFilter {
  /** The newest timestamp delivered, as the server wrote it: the next request's sinceTime. */
  since: string | undefined;
  private newest: LogTime | undefined;
  /** How many times each text was delivered at `newest`. */
  private atNewest = new Map<string, number>();
  /** Texts at `newest` still expected again from the resumed stream. */
  private replay: Map<string, number> | undefined;
  private skipping = false;

  /** Whether to deliver this line (also records it as delivered). */
  accept(line: LogLine): boolean {
    if (Number.isNaN(line.ts)) return true;
    const t = parseLogTime(line.tsText);
    if (!t) return true;
    const c = this.newest ? compareLogTime(t, this.newest) : 1;
    if (this.skipping) {
      if (c < 0) return false;
      if (c === 0 && this.replay) {
        const n = this.replay.get(line.text) ?? 0;
        if (n > 0) {
          if (n === 1) this.replay.delete(line.text);
          else this.replay.set(line.text, n - 1);
          return false;
        }
      }
      if (c > 0) {
        this.skipping = false;
        this.replay = undefined;
      }
    }
    if (c > 0) {
      this.newest = t;
      this.since = line.tsText;
      this.atNewest = new Map([[line.text, 1]]);
    } else if (c === 0 && this.atNewest.size < MAX_AT_NEWEST) {
      this.atNewest.set(line.text, (this.atNewest.get(line.text) ?? 0) + 1);
    }
    // an older line (clock skew between runtimes) is delivered but does not move the resume point
    return true;
  }

  /** Call before reading a resumed stream. */
  reconnect(): void {
    if (!this.newest) return;
    this.skipping = true;
    this.replay = new Map(this.atNewest);
  }
}
