// One full garbage collection once the cluster has settled after a burst of writes (the large scenario
// starting 100,000 pods, a scale, a churn). While the pods start, V8 lets the heap grow to several times
// what is alive (the old generation is collected rarely), and an idle process never gives that back: a
// 30,000-pod cluster held ~800 MB of RSS at rest with ~160 MB alive. One full collection when writes
// have died down lets V8 shrink the heap (~330 MB at rest). Real time only (`kubedeck sim`); the
// simulated controllers do not depend on it.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Storage } from './storage/index.js';

export interface SettleOptions {
  /** How often the write rate is looked at (default 2 s). */
  windowMs?: number;
  /** Writes in one window that make a burst (default 5,000). */
  busyWrites?: number;
  /** Writes in one window under which a burst is over (default 500). */
  quietWrites?: number;
  /** The collection (default: V8's full GC); for tests. */
  collect?: () => void;
}

type Gc = (options?: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/** V8's `gc`, as `--expose-gc` gives it, or undefined when it cannot be had. */
function exposedGc(): Gc | undefined {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return exposed as Gc;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as Gc) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The settle collection: V8's memory-reducing full collection (its "last resort" flavour: collections
 * until nothing more is freed, compacting, and giving emptied pages back to the system), then a plain one.
 * A plain full collection alone frees as much but keeps the pages V8 grew into: at 100,000 pods ~900 MB
 * of heap stayed committed with ~410 MB alive. The plain one after it is there because, after the
 * memory-reducing one alone, watch events under the churn that follows in the bench (`npm run bench --
 * --pods 100000`) reached the screen with a p99 of 106-198 ms (4 runs), against 70-113 ms after a plain
 * one (2 runs) and 75-89 ms after both (2 runs). (Why, I take to be V8 setting the next limit with its
 * minimal growth after a memory-reducing collection; not verified.) Undefined when no collection can
 * be had; a V8 without options runs two plain ones.
 */
export function settleCollection(): (() => void) | undefined {
  const gc = exposedGc();
  return gc && (() => {
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    gc();
  });
}

/** The rule, without timers: `write()` per storage write, `tick()` per window; true when to collect. */
export function settleRule(opts: Pick<SettleOptions, 'busyWrites' | 'quietWrites'> = {}): {
  write(): void;
  tick(): boolean;
} {
  const busyWrites = opts.busyWrites ?? 5_000;
  const quietWrites = opts.quietWrites ?? 500;
  let writes = 0;
  let busy = false;
  return {
    write: () => void writes++,
    tick(): boolean {
      const n = writes;
      writes = 0;
      if (n >= busyWrites) busy = true;
      else if (busy && n < quietWrites) {
        busy = false;
        return true;
      }
      return false;
    },
  };
}

/**
 * While the cluster starts: the old generation may grow by half between full collections. V8's own factor
 * (up to ~2 under a start's allocation rate) let a plain start of 100,000 pods reach 1.58 GB of RSS with
 * ~430 MB alive; at 50%, 0.93 GB, for the same time to all Running (48.7 vs 49.4 s; the extra marking runs
 * mostly on the second core: CPU 51 -> 59 s). At 25%, 0.85 GB and 53.1 s (/work/tmp/plain.mts, 2026-12-05).
 */
export const STARTING_HEAP_FLAG = '--heap-growing-percent=50';

/** Sets STARTING_HEAP_FLAG (a real-time simulator's start; settledHeap() follows once it has settled). */
export function startingHeap(): void {
  try {
    setFlagsFromString(STARTING_HEAP_FLAG);
  } catch {
    // a runtime without the flag: V8's own growth
  }
}

/** The old generation may grow by this much (25%) between two full collections once the cluster has settled. */
export const SETTLED_HEAP_FLAG = '--heap-growing-percent=25';

/**
 * Once the cluster has settled: the old generation may grow by a quarter between full collections. V8
 * sets the next limit from how fast garbage came compared with how fast it marks, with 1.1× what is alive
 * as its floor; a settled cluster's slow trickle gets that floor (seen at 100,000 pods: full collections
 * at 436-451 MB with 406-410 MB alive), so a steady trickle of old-generation garbage (a churn of pod
 * changes, a client's big list) set off a full collection every ~20-30 s, and at
 * 100,000 pods each one stalls the event loop for ~0.5 s (most marking falls to the main thread on a busy
 * machine): the watches' events wait that long. A quarter costs ~100 MB of headroom at 100,000 pods. The
 * start has its own (STARTING_HEAP_FLAG).
 */
export function settledHeap(): void {
  try {
    setFlagsFromString(SETTLED_HEAP_FLAG);
  } catch {
    // a runtime without the flag: V8's own growth
  }
}

/**
 * Counts storage writes per window; after a window of at least `busyWrites`, the first window under
 * `quietWrites` sets `settledHeap` and runs one collection. Returns the stop function.
 */
export function collectWhenSettled(storage: Storage, opts: SettleOptions = {}): () => void {
  const rule = settleRule(opts);
  const unsubscribe = storage.subscribeAll(() => rule.write());
  const timer = setInterval(() => {
    if (!rule.tick()) return;
    // first: the collection sets the limit the next one comes at
    if (!opts.collect) settledHeap();
    (opts.collect ?? settleCollection())?.();
  }, opts.windowMs ?? 2_000);
  timer.unref();
  return () => {
    clearInterval(timer);
    unsubscribe();
  };
}
