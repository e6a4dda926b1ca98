// V8's heap policy for a process whose work is the simulated cluster (`kubedeck sim`, the bench's
// simulator): resident memory close to what the cluster holds. Left to its defaults, V8 lets the old
// generation grow to up to 4× what the last full collection kept (a 4 GB heap limit allows the highest
// factor) and the young generation to 64 MB semi-spaces: at 100,000 pods ~510 MB of live heap read as
// ~1.08 GB of RSS. Both flags are read by V8 while it runs (at each full collection, at each growth of
// the young generation); `--max-semi-space-size` is read only at start-up, hence the growth factor is
// turned to 1 once the young generation has reached the size wanted.
// Process-wide: for a process that runs the simulator only (not the TUI, which sets its own).

import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** The old generation grows by this much past what the last full collection kept (V8: up to 300%). */
export const OLD_GROWTH_PERCENT = 50;
/** The young generation stops growing at semi-spaces of this size (V8 grows them to 64 MB). */
export const YOUNG_SEMI_SPACE_MB = 32;

/** Applies the heap policy; returns a function that stops watching the young generation. */
export function leanSimHeap(): () => void {
  setFlagsFromString(`--heap-growing-percent=${OLD_GROWTH_PERCENT}`);
  const youngCapped = (): boolean => {
    const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    // new_space counts both semi-spaces
    return young !== undefined && young.space_size >= 2 * YOUNG_SEMI_SPACE_MB * 2 ** 20;
  };
  let timer: NodeJS.Timeout | undefined;
  const check = (): void => {
    if (!youngCapped()) return;
    setFlagsFromString('--semi-space-growth-factor=1');
    clearInterval(timer);
    timer = undefined;
  };
  timer = setInterval(check, 100);
  timer.unref();
  check();
  return () => clearInterval(timer);
}
