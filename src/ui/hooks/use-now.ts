import { useEffect, useReducer, useRef } from 'react';

/**
 * The current time at each render, for AGE columns and other durations; one timer for the whole app.
 * Every `ms` the app re-renders so that they move, unless `changes(shown, next)` says nothing on screen
 * would read differently at `next` than at `shown` (the time of the last render): a table of pods days old
 * changes its AGE text once a minute at most, and each render is a whole Ink frame (React and Ink's layout
 * and diff of the whole screen), which a watch event arriving meanwhile waits behind.
 */
export function useNow(ms = 1000, changes?: (shown: number, next: number) => boolean): number {
  const [, tick] = useReducer((n: number) => n + 1, 0);
  const now = Date.now();
  const shown = useRef(now);
  shown.current = now;
  const check = useRef(changes);
  check.current = changes;
  useEffect(() => {
    const t = setInterval(() => {
      const c = check.current;
      if (!c || c(shown.current, Date.now())) tick();
    }, ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
