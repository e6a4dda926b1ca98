// Publishing at a bounded rate: a burst of changes becomes one publish at most every `interval` ms, a user's
// action is published at once unless one went out less than an interval ago. Shared by the table store and
// the xray tree.
import type { Cancel, Clock } from '../util/clock.js';

export class Coalescer {
  private timer: Cancel | undefined;
  /** When the pending timer fires. */
  private due = Number.POSITIVE_INFINITY;
  private last = Number.NEGATIVE_INFINITY;
  private stopped = false;

  /** `interval` is read at each scheduling (the xray tree stretches it with its rebuild time). */
  constructor(
    private readonly clock: Clock,
    private readonly interval: () => number,
    private readonly publish: () => void,
  ) {}

  /** Counts as a publish just made (a snapshot built at construction). */
  published(): void {
    this.last = this.clock.now();
  }

  /** A change: published within an interval of the last publish (one timer for a burst). */
  schedule(gap = this.interval()): void {
    if (this.stopped) return;
    const at = this.last + gap;
    if (this.timer && this.due <= at) return;
    this.timer?.();
    this.due = at;
    this.timer = this.clock.schedule(() => {
      this.timer = undefined;
      this.due = Number.POSITIVE_INFINITY;
      this.now();
    }, Math.max(0, at - this.clock.now()));
  }

  /**
   * A user action: at once unless one was published less than `gap` ago (default: the interval), else
   * `gap` after that one (earlier than a pending publish at a slower pace).
   */
  soon(gap = this.interval()): void {
    if (this.clock.now() >= this.last + gap) this.now();
    else this.schedule(gap);
  }

  /** Publish now (a pending one is folded into it). */
  now(): void {
    if (this.stopped) return;
    this.timer?.();
    this.timer = undefined;
    this.due = Number.POSITIVE_INFINITY;
    this.publish();
    this.last = this.clock.now();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.();
    this.timer = undefined;
    this.due = Number.POSITIVE_INFINITY;
  }
}
