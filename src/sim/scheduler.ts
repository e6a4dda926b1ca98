// Time for the simulator: `now()` for timestamps and timers for delayed work. The real scheduler uses
// Node timers (all tracked, so `dispose()` leaves nothing behind); the manual one advances only when told,
// which makes stage tests exact and replayable.

import type { WallClock } from '../util/clock.js';

export interface TimerHandle {
  readonly id: number;
}

export interface Scheduler extends WallClock {
  setTimer(delayMs: number, fn: () => void): TimerHandle;
  clearTimer(t: TimerHandle | undefined): void;
  /** Cancel every pending timer; later setTimer calls are ignored. */
  dispose(): void;
}

export function realScheduler(clock: WallClock): Scheduler {
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

const before = (a: Pending, b: Pending): boolean => a.at < b.at || (a.at === b.at && a.id < b.id);

/** A scheduler whose time moves only through `advance`; timers fire in (time, creation) order. */
export class ManualScheduler implements Scheduler {
  private t: number;
  private nextId = 1;
  /** Binary min-heap by (at, id); cleared timers stay in it until they surface and are skipped. */
  private heap: Pending[] = [];
  private readonly live = new Set<number>();
  private disposed = false;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.t = startMs;
  }
  now(): number {
    return this.t;
  }
  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    if (!this.disposed) {
      this.push({ id, at: this.t + Math.max(0, delayMs), fn });
      this.live.add(id);
    }
    return { id };
  }
  clearTimer(t: TimerHandle | undefined): void {
    if (t) this.live.delete(t.id);
  }
  dispose(): void {
    this.disposed = true;
    this.heap = [];
    this.live.clear();
  }
  pendingCount(): number {
    return this.live.size;
  }
  /** Move time forward by `ms`, firing every timer that falls due (including ones they schedule). */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const top = this.heap[0];
      if (!top || top.at > end) break;
      this.pop();
      if (!this.live.delete(top.id)) continue;
      this.t = Math.max(this.t, top.at);
      top.fn();
    }
    this.t = end;
  }

  private push(p: Pending): void {
    const h = this.heap;
    h.push(p);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const up = h[parent];
      if (!up || !before(p, up)) break;
      h[i] = up;
      i = parent;
    }
    h[i] = p;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (!last || h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let best = last;
      const lv = h[l];
      const rv = h[r];
      if (lv && before(lv, best)) {
        m = l;
        best = lv;
      }
      if (rv && before(rv, best)) m = r;
      if (m === i) break;
      h[i] = h[m] as Pending;
      i = m;
    }
    h[i] = last;
  }
}
