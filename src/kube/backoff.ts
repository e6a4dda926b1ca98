// Capped exponential back-off with jitter, and a sleep that a signal can cut short.

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Returns [0, 1); injectable for tests. */
  random: () => number;
}

export const defaultBackoff: BackoffPolicy = { initialMs: 250, maxMs: 30_000, random: Math.random };

/** Delay before retry number `attempt` (1-based): initial·2^(attempt-1), capped, with ±50 % "equal" jitter. */
export function backoffDelay(attempt: number, p: BackoffPolicy = defaultBackoff): number {
  const exp = Math.min(p.maxMs, p.initialMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.round(exp / 2 + p.random() * (exp / 2));
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects; leaves no timer behind). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
