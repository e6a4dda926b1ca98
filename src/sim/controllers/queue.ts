// A coalescing work queue for reconcile functions: `enqueue(key)` schedules one reconcile of that key on
// the injected scheduler (bursts of watch events for the same key collapse into one run), `enqueue(key,
// delayMs)` a later one (requeue after a deadline). `stop()` cancels everything, so nothing outlives it.

import type { Scheduler, TimerHandle } from '../scheduler.js';

export class WorkQueue {
  private readonly timers = new Map<string, { at: number; timer: TimerHandle }>();
  private stopped = false;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly reconcile: (key: string) => void,
    private readonly onError: (err: unknown) => void = (): void => undefined,
  ) {}

  /** Reconcile `key` after `delayMs` (default: on the next tick); an earlier pending run wins. */
  enqueue(key: string, delayMs = 0): void {
    if (this.stopped) return;
    const at = this.scheduler.now() + Math.max(0, delayMs);
    const cur = this.timers.get(key);
    if (cur && cur.at <= at) return;
    if (cur) this.scheduler.clearTimer(cur.timer);
    const timer = this.scheduler.setTimer(Math.max(0, delayMs), () => {
      this.timers.delete(key);
      try {
        this.reconcile(key);
      } catch (err) {
        this.onError(err);
      }
    });
    this.timers.set(key, { at, timer });
  }

  size(): number {
    return this.timers.size;
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) this.scheduler.clearTimer(t.timer);
    this.timers.clear();
  }
}

/** "ns/name" ↔ [ns, name] for queue keys. */
// joined, not concatenated (a flat string, not a rope: see storage/keys.ts objectKey)
export const keyOf = (ns: string | undefined, name: string | undefined): string =>
  [ns ?? '', '/', name ?? ''].join('');
export function splitKey(key: string): [string | undefined, string] {
  const i = key.indexOf('/');
  const ns = key.slice(0, i);
  return [ns === '' ? undefined : ns, key.slice(i + 1)];
}
