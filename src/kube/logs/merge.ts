// Several log streams (a deployment's pods, a pod's containers) merged into one in timestamp order.
//
// Each source is read concurrently into its own queue; each source is assumed to be in order already (one
// container's log is), so merging is a k-way merge of the queues' heads. The smallest head may go out when
// every source still running has something queued (nothing older can arrive from them), or when some queued
// line has waited maxSkewMs: a slow or quiet source holds the others back by at most that much, and a line
// it sends later than that is placed where it arrives. Lines without a timestamp go out as soon as they
// are at the head of their queue. A source that ends or fails leaves the others running.
//
// Stopping: leaving the loop early (break, return) asks every source to return; a source blocked on the
// network stops promptly only when its own signal aborts, so give sources and consumer one AbortSignal.
import { toKubeError } from '../errors.js';
import type { KubeError } from '../errors.js';
import type { LogLine } from './line.js';

export interface MergeOptions {
  /** Longest time a line is held back waiting for slower sources; default 250 ms. */
  maxSkewMs?: number;
  /** A source threw (streamLogs never does; other iterables might). The others go on. */
  onSourceError?: (index: number, error: KubeError) => void;
}

interface Source {
  it: AsyncIterator<LogLine[]>;
  lines: LogLine[];
  arrived: number[];
  head: number;
  done: boolean;
}

function key(l: LogLine): number {
  return Number.isNaN(l.ts) ? -Infinity : l.ts;
}

export async function* mergeLogs(sources: readonly AsyncIterable<LogLine[]>[], opts: MergeOptions = {}): AsyncGenerator<LogLine[], void, undefined> {
  const maxSkew = Math.max(0, opts.maxSkewMs ?? 250);
  const srcs: Source[] = sources.map((s) => ({ it: s[Symbol.asyncIterator](), lines: [], arrived: [], head: 0, done: false }));
  let stopped = false;
  let wake: (() => void) | undefined;
  let woken: boolean;
  const notify = (): void => {
    woken = true;
    wake?.();
  };

  const pump = async (s: Source, index: number): Promise<void> => {
    try {
      for (;;) {
        const r = await s.it.next();
        if (r.done || stopped) break;
        if (r.value.length === 0) continue;
        const now = performance.now();
        for (const l of r.value) {
          s.lines.push(l);
          s.arrived.push(now);
        }
        notify();
      }
    } catch (e) {
      if (!stopped) opts.onSourceError?.(index, toKubeError(e));
    } finally {
      s.done = true;
      notify();
    }
  };

  /** Everything that may go out now; sets `deadline` when a held line must go out later. */
  let deadline = Infinity;
  const drain = (): LogLine[] => {
    const out: LogLine[] = [];
    const now = performance.now();
    deadline = Infinity;
    for (;;) {
      let best: Source | undefined;
      let bestKey = Infinity;
      let oldest = Infinity;
      let starving = false;
      for (const s of srcs) {
        if (s.head >= s.lines.length) {
          if (!s.done) starving = true;
          continue;
        }
        const l = s.lines[s.head] as LogLine;
        const k = key(l);
        if (!best || k < bestKey) {
          best = s;
          bestKey = k;
        }
        const a = s.arrived[s.head] as number;
        if (a < oldest) oldest = a;
      }
      if (!best) break;
      if (starving && bestKey !== -Infinity && now - oldest < maxSkew) {
        deadline = oldest + maxSkew;
        break;
      }
      out.push(best.lines[best.head] as LogLine);
      best.head++;
      if (best.head >= 1024 && best.head * 2 >= best.lines.length) {
        best.lines.splice(0, best.head);
        best.arrived.splice(0, best.head);
        best.head = 0;
      }
    }
    return out;
  };

  const pumps = srcs.map((s, i) => pump(s, i));
  try {
    for (;;) {
      woken = false;
      const out = drain();
      if (out.length > 0) yield out;
      if (srcs.every((s) => s.done && s.head >= s.lines.length)) break;
      if (woken) continue;
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (deadline !== Infinity) timer = setTimeout(resolve, Math.max(1, Math.ceil(deadline - performance.now())));
      });
      wake = undefined;
      clearTimeout(timer);
    }
  } finally {
    stopped = true;
    wake = undefined;
    for (const s of srcs) {
      if (!s.done) void Promise.resolve(s.it.return?.()).catch(() => undefined);
    }
    // the pumps end once their sources return; nothing to wait for here
    void Promise.allSettled(pumps);
  }
}
