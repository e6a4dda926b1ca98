// V8's memory saver mode while a logs view streams. A chatty pod (10,000 lines/s) promotes a steady trickle
// of short-lived objects (lines in flight, frames) to the old generation, and V8 lets a small old generation
// grow by at least 8 MB of garbage before it collects it; in memory saver mode the step is 2 MB. That keeps a
// logs view within its bound (test/bench/memory.ts: RSS ≤ base + 2 × logBufferMB, 122 → 114 MB at 16 MB).
// It is not on for the whole TUI: it costs a large first list half as much CPU again (first-list.ts:
// 4.0 → 6.1 s at 10k pods). The flag is read by V8 at each collection, so switching it works at run time.
import { setFlagsFromString } from 'node:v8';

let holders = 0;

/** Memory saver mode on until the returned function is called (nested holders keep it on). `set`: for tests. */
export function holdMemorySaver(set: (flag: string) => void = setFlagsFromString): () => void {
  if (holders++ === 0) set('--memory-saver-mode');
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    if (--holders === 0) set('--no-memory-saver-mode');
  };
}
