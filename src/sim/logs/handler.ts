// GET /api/v1/namespaces/{ns}/pods/{name}/log for the simulator: the generated lines of one container
// instance (generator.ts) with follow, previous, timestamps, tailLines, sinceSeconds, sinceTime and
// limitBytes, errors as Status objects like the real API server and kubelet.
//
// Wiring (server side, one line in the GET path once the pod is read; see wire.ts for a helper that
// also looks the pod up and answers 404):
//
//   if (subresource === 'log') return servePodLogs({ storage, scheduler, seed }, namespace, name, req, res);
//
// or, with the pod already at hand:
//
//   serveLogs(req, res, { pod, seed, clock: scheduler, subscribe: (fn) => podWatcher(pod, fn) });
//
// A follow stream ends when the followed instance ends (after its last words), when the pod is deleted
// or replaced, after limitBytes, or when the client goes away; it leaves no timer or listener behind.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContainerStateTerminated, Pod } from '../../util/k8s.js';
import type { Scheduler, TimerHandle } from '../scheduler.js';
import { sendStatus, startStream } from '../server/http-util.js';
import { firstLineAtOrAfter, hasLine, lineAt, lineCount, openInstance } from './generator.js';
import type { LogInstance } from './generator.js';
import { parseLogOptions } from './options.js';
import type { LogOptions } from './options.js';
import { followedEnd, pickContainer, pickInstance, statusOf } from './select.js';
import { rfc3339Nano } from './time.js';

export interface LogContext {
  /** The pod as stored when the request arrived. */
  pod: Pod;
  /** The simulator's seed: the same seed gives the same lines. */
  seed: number;
  /** Time and timers (the simulator's scheduler). */
  clock: Pick<Scheduler, 'now' | 'setTimer' | 'clearTimer'>;
  /** Changes of this pod: called with its new state, or undefined once it is deleted. */
  subscribe(listener: (pod: Pod | undefined) => void): () => void;
}

/** Lines written per tick at most, so a fast logger or a long backlog never blocks the event loop. */
const BATCH = 5000;
/** Shortest wait between two follow ticks (a 10k lines/s logger is sent in ~100 ms batches). */
const MIN_TICK_MS = 100;

export function serveLogs(req: IncomingMessage, res: ServerResponse, ctx: LogContext): void {
  const { pod, clock } = ctx;
  const podName = pod.metadata.name ?? '';
  const url = new URL(req.url ?? '/', 'http://sim.invalid');
  const opts = parseLogOptions(url.searchParams, podName, clock.now());
  if ('code' in opts) return sendStatus(res, opts.code, opts.reason, opts.message, opts.details);
  const container = pickContainer(pod, opts.container);
  if (typeof container === 'string') return sendStatus(res, 400, 'BadRequest', container);
  if (!pod.spec?.nodeName)
    return sendStatus(res, 400, 'BadRequest', `pod ${podName} does not have a host assigned`);
  const cs = statusOf(pod, container.name);
  if (!cs)
    return sendStatus(
      res,
      400,
      'BadRequest',
      `container "${container.name}" in pod "${podName}" is not available`,
    );
  const picked = pickInstance(cs, podName, opts.previous);
  if (typeof picked === 'string') return sendStatus(res, 400, 'BadRequest', picked);
  const open = (state: typeof picked.state): LogInstance =>
    openInstance({ pod, container, state, instance: picked.instance, seed: ctx.seed });
  new LogStream(res, ctx, opts, open(picked.state), (t) => open(t), {
    uid: pod.metadata.uid,
    name: container.name,
    instance: picked.instance,
    startedAt: picked.state.startedAt,
  }).start();
}

interface Followed {
  uid: string | undefined;
  name: string;
  instance: number;
  startedAt: string | undefined;
}

class LogStream {
  private next = 0;
  private budget: number;
  private timer: TimerHandle | undefined;
  private unsubscribe: (() => void) | undefined;
  private done = false;
  /** Set when the followed instance is gone without a record of its end (pod deleted). */
  private cutMs: number | undefined;

  constructor(
    private readonly res: ServerResponse,
    private readonly ctx: LogContext,
    private readonly opts: LogOptions,
    private inst: LogInstance,
    private readonly reopen: (t: ContainerStateTerminated) => LogInstance,
    private readonly followed: Followed,
  ) {
    this.budget = opts.limitBytes ?? Number.POSITIVE_INFINITY;
  }

  start(): void {
    const now = this.ctx.clock.now();
    const available = lineCount(this.inst, now);
    let from = this.opts.sinceMs !== undefined ? firstLineAtOrAfter(this.inst, this.opts.sinceMs) : 0;
    if (this.opts.tailLines !== undefined) from = Math.max(from, available - this.opts.tailLines);
    this.next = Math.min(from, available);
    startStream(this.res, 'text/plain');
    this.res.on('close', () => this.stop());
    if (this.opts.follow && this.inst.endMs === undefined)
      this.unsubscribe = this.ctx.subscribe((p) => this.onPod(p));
    this.pump();
  }

  private onPod(pod: Pod | undefined): void {
    if (this.done) return;
    const f = this.followed;
    const end = followedEnd(pod, f.uid, f.name, f.instance, f.startedAt);
    if (end === undefined) return;
    if (end === 'gone') this.cutMs = this.ctx.clock.now();
    else this.inst = this.reopen(end);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.pump();
  }

  /** Write what is due, then end or wait for the next line (or for the socket to drain). */
  private pump(): void {
    if (this.done) return;
    this.ctx.clock.clearTimer(this.timer);
    this.timer = undefined;
    const now = this.ctx.clock.now();
    const due = Math.min(
      lineCount(this.inst, now),
      this.cutMs === undefined ? Infinity : lineCount(this.inst, this.cutMs),
    );
    const to = Math.min(due, this.next + BATCH);
    let chunk = '';
    for (; this.next < to && chunk.length < this.budget; this.next++) {
      const l = lineAt(this.inst, this.next);
      chunk += this.opts.timestamps ? `${rfc3339Nano(l.ms, l.ns)} ${l.text}\n` : `${l.text}\n`;
    }
    let full = false;
    if (chunk) {
      let buf = Buffer.from(chunk);
      if (buf.length >= this.budget) {
        buf = buf.subarray(0, this.budget);
        full = true;
      }
      this.budget -= buf.length;
      if (!this.res.write(buf) && !full && this.next < due) {
        this.res.once('drain', () => this.pump());
        return;
      }
    }
    if (full) return this.finish();
    if (this.next < due) {
      this.timer = this.ctx.clock.setTimer(0, () => this.pump());
      return;
    }
    const following = this.opts.follow && this.cutMs === undefined;
    if (!following || (this.inst.endMs !== undefined && !hasLine(this.inst, this.next))) return this.finish();
    // wait for the next line (not sooner than MIN_TICK_MS); when none will come (a script that printed
    // everything), wait for the pod to change
    if (!hasLine(this.inst, this.next)) return;
    const at = lineAt(this.inst, this.next).ms;
    this.timer = this.ctx.clock.setTimer(Math.max(MIN_TICK_MS, at - now), () => this.pump());
  }

  private finish(): void {
    if (this.done) return;
    this.stop();
    this.res.end();
  }

  private stop(): void {
    this.done = true;
    this.ctx.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
