import type { Cancel, Clock } from '../../src/util/clock.js';

interface Pending {
  readonly id: number;
  readonly at: number;
  /** The delay it was scheduled with. */
  readonly ms: number;
  readonly fn: () => void;
}

/**
 * A Clock whose time moves only through `advance`: timers run in (due time, creation) order, each with
 * `now()` at its due time, including timers scheduled by timers that fall due within the same advance.
 */
export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: Pending[] = [];

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }

  schedule(fn: () => void, ms: number): Cancel {
    const p: Pending = { id: ++this.seq, at: this.t + Math.max(0, ms), ms, fn };
    this.timers.push(p);
    return () => {
      this.timers = this.timers.filter((x) => x !== p);
    };
  }

  /** Timers not yet run nor cancelled, soonest first. */
  pending(): readonly { at: number; ms: number }[] {
    return this.sorted().map(({ at, ms }) => ({ at, ms }));
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = this.sorted()[0];
      if (!next || next.at > end) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = end;
  }

  private sorted(): Pending[] {
    return [...this.timers].sort((a, b) => a.at - b.at || a.id - b.id);
  }
}
