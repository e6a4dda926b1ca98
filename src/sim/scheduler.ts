// Time for the simulator: `now()` for timestamps and timers for delayed work. The real scheduler uses
// Node timers (all tracked, so `dispose()` leaves nothing behind); the manual one advances only when told,
// which makes stage tests exact and replayable.

import type { Clock } from '../util/clock.js';

export interface TimerHandle {
  readonly id: number;
}

export interface Scheduler extends Clock {
  setTimer(delayMs: number, fn: () => void): TimerHandle;
  clearTimer(t: TimerHandle | undefined): void;
  /** Cancel every pending timer; later setTimer calls are ignored. */
  dispose(): void;
}

export function realScheduler(clock: Clock): Scheduler {
  const live = new Map<number, NodeJS.Timeout>();
  let nextId = 1;
  let disposed = false;
  return {
    now: () => clock.now(),
    setTimer(delayMs, fn) {
      const id = nextId++;
      if (disposed) return { id };
      const h = setTimeout(
        () => {
          live.delete(id);
          fn();
        },
        Math.max(0, delayMs),
      );
      live.set(id, h);
      return { id };
    },
    clearTimer(t) {
      if (!t) return;
      const h = live.get(t.id);
      if (h) clearTimeout(h);
      live.delete(t.id);
    },
    dispose() {
      disposed = true;
      for (const h of live.values()) clearTimeout(h);
      live.clear();
    },
  };
}

interface Pending {
  id: number;
  at: number;
  fn: () => void;
}

/** A scheduler whose time moves only through `advance`; timers fire in (time, creation) order. */
export class ManualScheduler implements Scheduler {
  private t: number;
  private nextId = 1;
  private pending: Pending[] = [];
  private disposed = false;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.t = startMs;
  }
  now(): number {
    return this.t;
  }
  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    if (!this.disposed) this.pending.push({ id, at: this.t + Math.max(0, delayMs), fn });
    return { id };
  }
  clearTimer(t: TimerHandle | undefined): void {
    if (t) this.pending = this.pending.filter((p) => p.id !== t.id);
  }
  dispose(): void {
    this.disposed = true;
    this.pending = [];
  }
  pendingCount(): number {
    return this.pending.length;
  }
  /** Move time forward by `ms`, firing every timer that falls due (including ones they schedule). */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let best: Pending | undefined;
      for (const p of this.pending)
        if (p.at <= end && (!best || p.at < best.at || (p.at === best.at && p.id < best.id))) best = p;
      if (!best) break;
      const fire = best;
      this.pending = this.pending.filter((p) => p !== fire);
      this.t = Math.max(this.t, fire.at);
      fire.fn();
    }
    this.t = end;
  }
}
