/** Reads wall-clock time in ms: what timestamps and ages need. Injectable so tests and the simulator can replay time. */
export interface WallClock {
  now(): number;
}

/** Cancels a pending timer; calling it again, or after the timer ran, does nothing. */
export type Cancel = () => void;

/** Wall-clock time and timers from one source, so a test can move both with a fake clock. */
export interface Clock extends WallClock {
  /** Runs `fn` once after `ms` (0 or less: on a later turn). The system clock's timers never keep the process alive. */
  schedule(fn: () => void, ms: number): Cancel;
}

/** Node's `Date.now` and `setTimeout`; its timers are unref'd, so a forgotten one never holds the process open. */
export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return () => clearTimeout(t);
  },
};

/** Runs `fn` every `ms` on `clock` until cancelled (the next run is scheduled before `fn` runs). */
export function repeat(clock: Clock, fn: () => void, ms: number): Cancel {
  let cancel: Cancel;
  const tick = (): void => {
    cancel = clock.schedule(tick, ms);
    fn();
  };
  cancel = clock.schedule(tick, ms);
  return () => cancel();
}
