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
  // it grow up to 4×, e.g. while following a chatty pod): a few more, shorter, collections for less RSS. Not
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
