// Logs of one container over a raw streamed fetch (never client-node's `Log`: aborting it crashes the
// process). Timestamps are always requested so that lines can be ordered and the stream resumed.
//
// Resume: when a follow stream ends while the container will still run (real servers drop follow streams
// after a while), or a connection fails with a transient error, reconnect with sinceTime = the last line's
// timestamp and drop the lines at that exact timestamp that were already delivered. Attempts are spaced by
// capped exponential back-off with jitter (reset after a connection that delivered lines).
//
// Errors are values: the iterable never throws. Status changes, including the final error that ends the
// stream (400 "previous terminated container not found", 403, 404, ...), go to `onStatus`. Aborting the
// signal ends the iteration quietly, with no timer or listener left behind.
import { backoffDelay, defaultBackoff, sleep } from '../backoff.js';
import type { BackoffPolicy } from '../backoff.js';
import { KubeError, toKubeError } from '../errors.js';
import type { Query, Transport } from '../transport.js';
import { parseLogLine } from './line.js';
import type { LogLine } from './line.js';
import { ResumeFilter } from './resume.js';
import { willRun } from './running.js';

export type { LogLine } from './line.js';

export type LogTransport = Pick<Transport, 'streamBatches' | 'request'>;

export type LogStatus =
  /** Response headers arrived; `resumed` when this is a reconnection. */
  | { kind: 'open'; resumed: boolean }
  /**
   * The stream broke (or the server closed a follow stream); the next attempt starts after delayMs.
   * `waiting`: nothing is wrong, the container is not running now but will (it stopped and restarts, or
   * has not started yet).
   */
  | { kind: 'retry'; error: KubeError; attempt: number; delayMs: number; waiting?: boolean }
  /**
   * Done without error: `complete` (not following and everything read), `terminated` (following, but the
   * container will not run again), `limit` (limitBytes reached), `aborted` (the signal).
   */
  | { kind: 'end'; reason: 'complete' | 'terminated' | 'limit' | 'aborted' }
  /** Done: an error that retrying will not fix. */
  | { kind: 'error'; error: KubeError };

export interface LogStreamOptions {
  namespace: string;
  pod: string;
  /** Omitted: the server's default container; lines then carry container ''. */
  container?: string;
  follow?: boolean;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  /** RFC 3339. */
  sinceTime?: string;
  limitBytes?: number;
  onStatus?: (status: LogStatus) => void;
  backoff?: BackoffPolicy;
  /** Give up a non-follow read after this many failed attempts in a row (default 5). */
  maxAttempts?: number;
  /** Treat a connection silent for this long as broken (default none: quiet pods are normal). */
  idleTimeoutMs?: number;
  /** After the server closed a follow stream: will the container (still or again) write logs? Default asks the API. */
  willRun?: (signal: AbortSignal) => Promise<boolean>;
}

/** 400s that fix themselves while following: the container has not started yet. */
const NOT_YET = /waiting to start|ContainerCreating|PodInitializing/i;

function podPath(o: LogStreamOptions): string {
  return `/api/v1/namespaces/${encodeURIComponent(o.namespace)}/pods/${encodeURIComponent(o.pod)}`;
}

/** Stream a container's log as batches of lines (one batch per network chunk). */
export async function* streamLogs(transport: LogTransport, o: LogStreamOptions, signal: AbortSignal): AsyncGenerator<LogLine[], void, undefined> {
  const status = o.onStatus ?? ((): void => undefined);
  const policy = o.backoff ?? defaultBackoff;
  const follow = o.follow === true && o.previous !== true;
  const container = o.container ?? '';
  const resume = new ResumeFilter();
  let bytesLeft = o.limitBytes !== undefined && o.limitBytes > 0 ? o.limitBytes : Infinity;
  let attempt = 0;
  let opened = false;
  while (!signal.aborted) {
    let failure: KubeError | undefined;
    let waiting = false;
    resume.reconnect();
    const query: Query = {
      container: o.container,
      follow: o.follow ? 'true' : undefined,
      previous: o.previous ? 'true' : undefined,
      timestamps: 'true',
      limitBytes: Number.isFinite(bytesLeft) ? Math.ceil(bytesLeft) : undefined,
    };
    if (resume.since !== undefined) {
      query['sinceTime'] = resume.since;
    } else {
      query['tailLines'] = o.tailLines;
      query['sinceSeconds'] = o.sinceSeconds;
      query['sinceTime'] = o.sinceTime;
    }
    try {
      const batches = transport.streamBatches(`${podPath(o)}/log`, {
        query,
        signal,
        accept: 'text/plain, */*',
        ...(o.idleTimeoutMs ? { idleTimeoutMs: o.idleTimeoutMs } : {}),
        onOpen: () => {
          status({ kind: 'open', resumed: opened });
          opened = true;
        },
      });
      for await (const raw of batches) {
        const out: LogLine[] = [];
        for (const s of raw) {
          bytesLeft -= Buffer.byteLength(s, 'utf8') + 1;
          const line = parseLogLine(s, o.pod, container);
          if (resume.accept(line)) out.push(line);
        }
        if (out.length > 0) {
          attempt = 0;
          yield out;
          if (signal.aborted) break;
        }
      }
    } catch (e) {
      failure = toKubeError(e);
    }
    if (signal.aborted) break;
    if (bytesLeft <= 0 || (!failure && o.limitBytes)) {
      status({ kind: 'end', reason: 'limit' });
      return;
    }
    if (!failure) {
      if (!follow) {
        status({ kind: 'end', reason: 'complete' });
        return;
      }
      const again = await (o.willRun ?? ((s: AbortSignal) => willRun(transport, podPath(o), o.container, s)))(signal);
      if (signal.aborted) break;
      if (!again) {
        status({ kind: 'end', reason: 'terminated' });
        return;
      }
      failure = new KubeError('Server', 'the server closed the log stream');
      waiting = true;
    } else if (!retryable(failure, follow)) {
      status({ kind: 'error', error: failure });
      return;
    }
    attempt++;
    if (!follow && attempt >= (o.maxAttempts ?? 5)) {
      status({ kind: 'error', error: failure });
      return;
    }
    const delayMs = backoffDelay(attempt, policy);
    status({ kind: 'retry', error: failure, attempt, delayMs, ...(waiting || (follow && NOT_YET.test(failure.detail)) ? { waiting: true } : {}) });
    await sleep(delayMs, signal);
  }
  status({ kind: 'end', reason: 'aborted' });
}

function retryable(e: KubeError, follow: boolean): boolean {
  if (e.transient) return true;
  return follow && e.reason === 'BadRequest' && NOT_YET.test(e.detail);
}
