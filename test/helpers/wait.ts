import { inspect } from 'node:util';

export interface WaitOptions {
  /** What is awaited, for the timeout error; a function is called then (to show the last screen, say). */
  what: string | (() => string);
  /** Default 20 s: generous, since CI machines are shared and loaded. */
  timeoutMs?: number;
  /** Between two checks; by default 5 ms, doubling up to 100 ms (quick for quick conditions, light on slow ones). */
  intervalMs?: number;
  /** Runs between two checks in place of the timer wait (ink tests wrap the wait in `act`). */
  pause?: (intervalMs: number) => Promise<void>;
}

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

const timer = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The one wait-for-condition helper: checks `cond` at once and then every `intervalMs` until it returns a
 * truthy value, and resolves with that value. `cond` may be async; a throw counts as "not yet". After
 * `timeoutMs` it rejects with what was awaited and the last value or exception.
 */
export async function waitFor<T>(cond: () => T | Promise<T>, opts: WaitOptions): Promise<Truthy<T>> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  let intervalMs = opts.intervalMs ?? 5;
  const pause = opts.pause ?? timer;
  const deadline = Date.now() + timeoutMs;
  let last: { value: unknown } | { error: unknown } | undefined;
  for (;;) {
    try {
      const v = await cond();
      if (v) return v as Truthy<T>;
      last = { value: v };
    } catch (e) {
      last = { error: e };
    }
    if (Date.now() >= deadline) {
      const what = typeof opts.what === 'function' ? opts.what() : opts.what;
      const seen = !last
        ? ''
        : 'error' in last
          ? `; last error: ${last.error instanceof Error ? last.error.message : inspect(last.error)}`
          : `; last value: ${inspect(last.value)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${seen}`);
    }
    await pause(intervalMs);
    if (opts.intervalMs === undefined) intervalMs = Math.min(100, intervalMs * 2);
  }
}
