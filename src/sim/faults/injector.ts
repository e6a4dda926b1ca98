// The fault injector: the API server asks it about every authenticated request (`gate`: delay it, or
// answer it with an injected error), and it plays fault actions on the cluster (drop watches, compact,
// kill/restore a node, crash a container, pause/resume controllers), at once or on the injected
// scheduler. Random choices come from the simulation's seeded RNG, so a seed replays the same faults
// for the same sequence of requests.

import type { ServerResponse } from 'node:http';
import { Rng } from '../rng.js';
import type { Scheduler, TimerHandle } from '../scheduler.js';
import type { Storage } from '../storage/index.js';
import { NODES } from '../resources.js';
import { crashContainer } from './crash.js';
import { NO_FAULTS } from './spec.js';
import type { FaultAction, FaultPlan, FaultSettings } from './spec.js';

/** What faults act on: the cluster (cluster.ts) behind the API server. */
export interface FaultTarget {
  storage: Storage;
  scheduler: Scheduler;
  killNode(name: string): void;
  restoreNode(name: string): void;
  pauseControllers(): void;
  resumeControllers(): void;
}

export interface ActionResult {
  action: FaultAction;
  ok: boolean;
  message: string;
}

const REASONS: Record<number, string> = {
  429: 'TooManyRequests',
  500: 'InternalError',
  502: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export class FaultInjector {
  private settings: FaultSettings = { ...NO_FAULTS };
  private readonly rng: Rng;
  private readonly timers = new Set<TimerHandle>();
  private dropTimer: TimerHandle | undefined;
  private compactTimer: TimerHandle | undefined;
  private dropWatchesFn: () => number = () => 0;
  private stopped = false;
  /** Requests answered with an injected error so far (diagnostics and tests). */
  injectedErrors = 0;

  constructor(
    private readonly target: FaultTarget,
    seed: number,
    private readonly onResult: (r: ActionResult) => void = (): void => undefined,
  ) {
    this.rng = new Rng(seed).fork('faults');
  }

  /** The API server tells the injector how to end its watches. */
  bindWatches(drop: () => number): void {
    this.dropWatchesFn = drop;
  }

  current(): FaultSettings {
    return { ...this.settings };
  }

  /** Apply a plan: settings replace the current ones key by key; actions run now or later. */
  apply(plan: FaultPlan, reset = false): ActionResult[] {
    if (this.stopped) return [];
    if (reset) this.settings = { ...NO_FAULTS };
    Object.assign(this.settings, plan.settings);
    this.reschedule();
    const now: ActionResult[] = [];
    for (const { afterMs, action } of plan.actions) {
      if (afterMs <= 0) now.push(this.run(action));
      else {
        const t = this.target.scheduler.setTimer(afterMs, () => {
          this.timers.delete(t);
          this.onResult(this.run(action));
        });
        this.timers.add(t);
      }
    }
    return now;
  }

  /**
   * Called for every authenticated API request: either answers it with an injected error, or calls
   * `next` (after the configured latency, if any).
   */
  gate(res: ServerResponse, next: () => void): void {
    const s = this.settings;
    if (s.errorRate > 0 && this.rng.next() < s.errorRate) {
      this.injectedErrors++;
      return this.fail(res, s.errorStatus);
    }
    const delay = s.latencyMs + (s.jitterMs > 0 ? Math.round((this.rng.next() * 2 - 1) * s.jitterMs) : 0);
    if (delay <= 0) return next();
    const t = this.target.scheduler.setTimer(delay, () => {
      this.timers.delete(t);
      if (!res.destroyed) next();
    });
    this.timers.add(t);
  }

  run(action: FaultAction): ActionResult {
    const done = (ok: boolean, message: string): ActionResult => ({ action, ok, message });
    const { storage, scheduler } = this.target;
    switch (action.kind) {
      case 'drop-watches':
        return done(true, `dropped ${this.dropWatchesFn()} watch(es)`);
      case 'compact':
        storage.compact();
        return done(true, `compacted at resourceVersion ${storage.currentRV()}`);
      case 'kill-node':
      case 'restore-node':
        if (!storage.get(NODES, undefined, action.node))
          return done(false, `node "${action.node}" not found`);
        if (action.kind === 'kill-node') this.target.killNode(action.node);
        else this.target.restoreNode(action.node);
        return done(true, `${action.kind === 'kill-node' ? 'killed' : 'restored'} node ${action.node}`);
      case 'crash': {
        const err = crashContainer(
          storage,
          scheduler.now(),
          action.namespace,
          action.pod,
          action.container,
          action.exitCode,
        );
        return err
          ? done(false, err)
          : done(true, `crashed ${action.namespace}/${action.pod} with exit code ${action.exitCode}`);
      }
      case 'pause-controllers':
        this.target.pauseControllers();
        return done(true, 'controllers paused');
      case 'resume-controllers':
        this.target.resumeControllers();
        return done(true, 'controllers resumed');
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) this.target.scheduler.clearTimer(t);
    this.timers.clear();
    this.target.scheduler.clearTimer(this.dropTimer);
    this.target.scheduler.clearTimer(this.compactTimer);
    this.dropTimer = this.compactTimer = undefined;
  }

  private fail(res: ServerResponse, code: number): void {
    const reason = REASONS[code] ?? (code < 500 ? 'BadRequest' : 'InternalError');
    const body = JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Internal error occurred: injected fault (kubedeck sim faults, status ${code})`,
      reason,
      code,
    });
    const headers: Record<string, string | number> = {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
    };
    if (code === 429 || code === 503) headers['Retry-After'] = 1;
    res.writeHead(code, headers);
    res.end(body);
  }

  /** (Re)start the periodic faults after their settings changed. */
  private reschedule(): void {
    const { scheduler } = this.target;
    scheduler.clearTimer(this.dropTimer);
    scheduler.clearTimer(this.compactTimer);
    this.dropTimer = this.compactTimer = undefined;
    if (this.settings.dropWatchEveryMs > 0) this.scheduleDrop();
    if (this.settings.compactEveryMs > 0) this.scheduleCompact();
  }

  private scheduleDrop(): void {
    this.dropTimer = this.target.scheduler.setTimer(this.settings.dropWatchEveryMs, () => {
      this.dropWatchesFn();
      this.scheduleDrop();
    });
  }

  private scheduleCompact(): void {
    this.compactTimer = this.target.scheduler.setTimer(this.settings.compactEveryMs, () => {
      this.target.storage.compact();
      this.scheduleCompact();
    });
  }
}
