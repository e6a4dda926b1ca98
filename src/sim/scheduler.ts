// Time for the simulator: `now()` for timestamps and timers for delayed work. The real scheduler uses
// Node timers (all tracked, so `dispose()` leaves nothing behind); the manual one advances only when told,
// which makes stage tests exact and replayable.

import type { WallClock } from '../util/clock.js';

export interface TimerHandle {
  readonly id: number;
}

export interface Scheduler extends WallClock {
  /**
   * Run `fn` after `delayMs`. Timers run in (due time, creation) order; a negative delay is work that was
   * due that long ago (the manual scheduler, whose time never runs late, treats it as 0).
   */
  setTimer(delayMs: number, fn: () => void): TimerHandle;
  clearTimer(t: TimerHandle | undefined): void;
  /** Cancel every pending timer; later setTimer calls are ignored. */
  dispose(): void;
}

interface Pending {
  id: number;
  at: number;
  fn: () => void;
}

const before = (a: Pending, b: Pending): boolean => a.at < b.at || (a.at === b.at && a.id < b.id);

/** Timers by (due time, creation): a binary min-heap; cleared ones stay until they surface and are skipped. */
class TimerHeap {
  private h: Pending[] = [];
  top(): Pending | undefined {
    return this.h[0];
  }
  clear(): void {
    this.h = [];
  }
  push(p: Pending): void {
    const h = this.h;
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
  pop(): void {
    const h = this.h;
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

const NOOP = (): void => undefined;

/** Longest run of timer callbacks before the real scheduler lets the event loop handle I/O. */
const SLICE_MS = 20;

/**
 * Timers in real time, run in (due time, creation) order from one queue of the simulator's own, driven by
 * one Node timer, in slices of at most SLICE_MS after which requests get their turn. A negative delay is
 * work due that long ago: the pod scheduler's next batch keeps the time its pods were due, so that under
 * load it is not queued behind every kubelet stage that fell due while the batch before it ran (with Node's
 * timers, binding 50,000 pods stalled for seconds at a time behind the kubelet's backlog, and the last pods
 * started seconds after the rest of the work was done). Delays are measured on the monotonic clock;
 * `clock` only tells the time.
 */
export function realScheduler(clock: WallClock): Scheduler {
  const q = new TimerHeap();
  /** Live timers by id. A cleared one stays in the heap until it surfaces, without its callback. */
  const live = new Map<number, Pending>();
  let cleared = 0;
  let nextId = 1;
  let disposed = false;
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;
  let slice: NodeJS.Immediate | undefined;
  let running = false;
  const mono = (): number => performance.now();

  /** The earliest live timer, dropping cleared ones from the top. */
  const next = (): Pending | undefined => {
    for (let top = q.top(); top; top = q.top()) {
      if (live.has(top.id)) return top;
      q.pop();
      if (cleared > 0) cleared--;
    }
    return undefined;
  };

  /** Sets the Node timer for the earliest live timer (unless a slice is queued, which will). */
  const arm = (): void => {
    if (disposed || slice || running) return;
    const top = next();
    if (!top) {
      if (timer) clearTimeout(timer);
      timer = undefined;
      timerAt = Infinity;
      return;
    }
    if (timer && timerAt <= top.at) return;
    if (timer) clearTimeout(timer);
    timerAt = top.at;
    timer = setTimeout(run, Math.max(0, top.at - mono()));
  };

  /** Runs the timers due when the slice began, until the slice is used up. */
  const run = (): void => {
    timer = undefined;
    timerAt = Infinity;
    slice = undefined;
    const start = mono();
    running = true;
    try {
      for (let top = next(); top && top.at <= start; top = next()) {
        q.pop();
        live.delete(top.id);
        top.fn();
        if (mono() - start >= SLICE_MS) {
          if (!disposed) slice = setImmediate(run);
          return;
        }
      }
    } finally {
      running = false;
      arm();
    }
  };

  return {
    now: () => clock.now(),
    setTimer(delayMs, fn) {
      const id = nextId++;
      if (disposed) return { id };
      // NaN as 0, as Node's setTimeout takes it: a NaN due time would sort nowhere and, at the top of the
      // heap, never fall due, holding every timer behind it
      const p = { id, at: mono() + (Number.isNaN(delayMs) ? 0 : delayMs), fn };
      q.push(p);
      live.set(id, p);
      if (p.at < timerAt) arm();
      return { id };
    },
    clearTimer(t) {
      const p = t && live.get(t.id);
      if (!p) return;
      // what the callback holds (a closed watch, a pod's stage) is not kept until its time comes
      p.fn = NOOP;
      live.delete(p.id);
      // many cleared far ahead of their time (watches closed long before their timeout): the heap anew
      if (++cleared > 1024 && cleared > live.size) {
        q.clear();
        for (const x of live.values()) q.push(x);
        cleared = 0;
      }
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      if (slice) clearImmediate(slice);
      timer = slice = undefined;
      q.clear();
      live.clear();
    },
  };
}

/** A scheduler whose time moves only through `advance`; timers fire in (time, creation) order. */
export class ManualScheduler implements Scheduler {
  private t: number;
  private nextId = 1;
  private readonly heap = new TimerHeap();
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
      this.heap.push({ id, at: this.t + Math.max(0, delayMs), fn });
      this.live.add(id);
    }
    return { id };
  }
  clearTimer(t: TimerHandle | undefined): void {
    if (t) this.live.delete(t.id);
  }
  dispose(): void {
    this.disposed = true;
    this.heap.clear();
    this.live.clear();
  }
  pendingCount(): number {
    return this.live.size;
  }
  /** Move time forward by `ms`, firing every timer that falls due (including ones they schedule). */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const top = this.heap.top();
      if (!top || top.at > end) break;
      this.heap.pop();
      if (!this.live.delete(top.id)) continue;
      this.t = Math.max(this.t, top.at);
      top.fn();
    }
    this.t = end;
  }
}
