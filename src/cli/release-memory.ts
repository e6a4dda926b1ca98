// After a big one-off burst of allocation (the first list of thousands of objects: every page's text and
// parsed objects are garbage once projected), V8 keeps the heap it grew to, and RSS stays 5–10 KB per cached
// pod above what the cache holds; a plain collection frees the objects but not the pages. One memory-reducing
// collection ("last resort") gives them back to the OS: with 10k pods listed, RSS +98 MB → +29 MB.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (o: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;
let gc: Gc | null | undefined;

/** V8's collector, made reachable once (in a throw-away context: the app's global gets no `gc`). */
function collector(): Gc | undefined {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const f: unknown = runInNewContext('gc');
      gc = typeof f === 'function' ? (f as Gc) : null;
    } catch {
      gc = null;
    }
  }
  return gc ?? undefined;
}

/**
 * Called once the first list is in. One memory-reducing full collection `afterMs` from now (it blocks for ~50 ms per 10k cached pods, so it
 * runs once, after a burst, never per event). `done` gets RSS before and after, for the log.
 */
export function releaseMemorySoon(afterMs: number, done?: (before: number, after: number) => void): void {
  // From now on the old generation grows by 20% past what the last full collection kept (V8's default lets
  // it grow up to 4×, e.g. while following a chatty pod): a few more, shorter, collections for less RSS
  // (50% with a big cache: tuneHeapForBigCache). Not
  // before: during a first list of 30k pods, where the heap only grows, the default saved 15% of the CPU
  // (test/bench/first-list.ts 30000, paired: 5.82 -> 4.84 s, RSS 6 s later 130 vs 131 MB).
  setFlagsFromString('--heap-growing-percent=20');
  setTimeout(() => {
    const f = collector();
    if (!f) return;
    const before = process.memoryUsage.rss();
    try {
      f({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    } catch {
      return;
    }
    done?.(before, process.memoryUsage.rss());
  }, afterMs).unref();
}

/** Rows of a first list from which the heap is tuned for a big cache (see tuneHeapForBigCache). */
export const BIG_LIST_ROWS = 20_000;

/**
 * After a first list of `rows`: with a big cache under churn, collections are tuned for CPU and latency
 * over a few MB of RSS. Returns whether it did so. Two settings, both read by V8 at each collection:
 *  - the young generation may grow again, up to the cap the launcher sets (`--max-semi-space-size=4` in
 *    bin/kubedeck.js; without a cap it would grow to 16 MB semi-spaces, +45 MB of RSS, so nothing is changed
 *    then). main.ts holds it at its first size (1 MB). Under churn that small nursery is collected every
 *    ~20 ms, so whatever lives for a frame or two (events waiting for the next publish, the frame buffer's
 *    caches) is promoted and dies in the old generation;
 *  - the old generation grows by 50% (not 20%) past what the last full collection kept: each full
 *    collection marks the whole cache.
 * Measured with 100k pods at 1,000 changes/s (test/bench/kubedeck-lag.ts, paired, 2-3 rounds each):
 * young collections ~52 → ~13 per second, full collections every 1.5 s → every 3.4 s (young generation)
 * → every 7-15 s (both); kubedeck's CPU during the churn 329-385 → 198-238 ms per second; RSS after the churn
 * 160 → 180 MB. Small lists keep both (an empty view: a 4 MB nursery from the start cost 2-3 MB of RSS).
 */
export function tuneHeapForBigCache(rows: number, execArgv: readonly string[] = process.execArgv, set: (flag: string) => void = setFlagsFromString): boolean {
  if (rows < BIG_LIST_ROWS || !execArgv.some((a) => a.startsWith('--max-semi-space-size'))) return false;
  set('--semi-space-growth-factor=2');
  set('--heap-growing-percent=50');
  return true;
}
