// A list+watch reflector over the raw transport (not client-node's informer, which stops for good on any
// error other than 410). It never stops by itself: every failure is reported in `state` and retried with
// capped exponential back-off; 410 Gone (watch ERROR event, HTTP 410, expired continue token) relists.
//
// Each event line is parsed once and projected once into a slim record R kept in a Map. A relist builds a
// new Map and swaps it in atomically (no ghosts); the very first list fills the live Map page by page so a
// big cluster shows rows early. `onChange` fires at most once per network chunk (callers coalesce further).
import type { WallClock } from '../util/clock.js';
import { systemClock } from '../util/clock.js';
import type { KObject, WatchEvent } from '../util/k8s.js';
import { backoffDelay, sleep } from './backoff.js';
import { KubeError, fromStatus, isStatusObject, toKubeError } from './errors.js';
import { ChangeLog } from './reflector-changes.js';
import { withoutManagedFields } from './reflector-items.js';
import { listPages } from './reflector-pages.js';
import { collectionPath } from './resource-path.js';
import { defaultTiming, objectKey } from './reflector-types.js';
import type { KList, ReflectorOptions, ReflectorPhase, ReflectorState, ReflectorTiming } from './reflector-types.js';

export type { ReflectorOptions, ReflectorPhase, ReflectorState, ReflectorTiming } from './reflector-types.js';

/** A cache entry: key and record (undefined: the object's projection threw). */
type Entry<R> = [string, R | undefined];

export class Reflector<R> {
  /** Bumped on every change to the cached items (not on state changes). */
  version = 0;
  /** Replaced (never mutated) on every change. */
  state: ReflectorState;
  /** The last resourceVersion seen (list, event or bookmark). */
  resourceVersion: string | undefined;
  /** Objects whose projection threw, the last such error. They are left out of the cache. */
  projectionErrors = 0;
  lastProjectionError: unknown;

  private cache = new Map<string, R>();
  /** The keys each watch event changed, for readers that look at what changed only (`changesSince`). */
  private readonly log = new ChangeLog();
  private readonly opts: ReflectorOptions<R>;
  private readonly timing: ReflectorTiming;
  private readonly clock: WallClock;
  private readonly keyOf: (obj: KObject) => string;
  private readonly path: string;
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private everSynced = false;
  private needList = true;
  /** The cache holds the first pages of a list still arriving (or that failed half-way). */
  private partial = false;

  constructor(opts: ReflectorOptions<R>) {
    this.opts = opts;
    this.timing = { ...defaultTiming, ...opts.timing };
    this.clock = opts.clock ?? systemClock;
    this.keyOf = opts.key ?? objectKey;
    this.path = collectionPath(opts.path);
    this.state = { phase: 'connecting', since: this.clock.now(), attempt: 0 };
  }

  get size(): number {
    return this.cache.size;
  }
  items(): IterableIterator<R> {
    return this.cache.values();
  }
  entries(): IterableIterator<[string, R]> {
    return this.cache.entries();
  }
  get(key: string): R | undefined {
    return this.cache.get(key);
  }
  /**
   * The keys set or removed after `version` (a key may repeat), or undefined when that is not known: the
   * reader is older than the log's reach (its oldest entries dropped, a relist).
   */
  changesSince(version: number): string[] | undefined {
    return this.log.since(version);
  }
  get synced(): boolean {
    return this.state.phase === 'synced';
  }
  get running(): boolean {
    return this.loop !== undefined;
  }

  start(): void {
    if (this.loop) return;
    const ac = new AbortController();
    this.abort = ac;
    this.needList = true;
    this.setState(this.everSynced ? 'reconnecting' : 'connecting', undefined, 0);
    this.loop = this.run(ac.signal).catch((e: unknown) => {
      // run() handles its own errors; this is a last resort so the failure is at least visible
      this.reportError(toKubeError(e), 0);
      this.setState('error', toKubeError(e), 0);
    });
  }

  /** Abort everything; resolves when no request, timer or socket of this reflector is left. */
  async stop(): Promise<void> {
    const { abort, loop } = this;
    this.abort = undefined;
    this.loop = undefined;
    abort?.abort(new KubeError('Aborted', 'reflector stopped'));
    await loop;
  }

  private async run(signal: AbortSignal): Promise<void> {
    let attempt = 0;
    let expiredStreak = 0;
    while (!signal.aborted) {
      // one macrotask per cycle: no failure mode can turn this loop into a microtask spin that starves the UI
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (signal.aborted) break;
      let failure: KubeError;
      try {
        if (this.needList) {
          await this.list(signal);
          this.needList = false;
          this.everSynced = true;
          this.setState('synced', undefined, 0);
        }
        const healthy = await this.watch(signal);
        // only a healthy watch resets the counters: list → watch 410 → list ... must still back off
        if (healthy) {
          attempt = 0;
          expiredStreak = 0;
          continue;
        }
        // closed at once without a single event: back off quietly rather than spin
        attempt++;
        await sleep(backoffDelay(attempt, this.timing.backoff), signal);
        continue;
      } catch (e) {
        failure = toKubeError(e);
      }
      if (signal.aborted) break;
      if (failure.reason === 'Expired') {
        this.needList = true;
        if (++expiredStreak === 1) continue; // relist at once the first time
      }
      attempt++;
      this.reportError(failure, attempt);
      this.setState(this.phaseFor(failure, attempt), failure, attempt);
      await sleep(backoffDelay(attempt, this.timing.backoff), signal);
    }
  }

  private phaseFor(e: KubeError, attempt: number): ReflectorPhase {
    if (e.reason === 'Forbidden') return 'forbidden';
    if (e.reason === 'Unauthorized') return 'unauthorized';
    // a single dropped watch on a synced cache is routine (load balancers, server restarts)
    if (this.everSynced && attempt === 1) return 'reconnecting';
    if (e.reason === 'Unreachable') return 'unreachable';
    return 'error';
  }

  private async list(signal: AbortSignal): Promise<void> {
    const target = this.cache.size === 0 ? this.cache : new Map<string, R>();
    const fmt = this.opts.format;
    let rv: string | undefined;
    const pages = listPages(this.opts.transport, {
      path: this.path,
      query: (cont) => ({
        ...fmt?.query,
        limit: this.timing.pageSize,
        continue: cont,
        labelSelector: this.opts.labelSelector,
        fieldSelector: this.opts.fieldSelector,
      }),
      // plain JSON: each object is projected as soon as it is parsed, before the rest of its page is in
      ...(fmt ? { accept: fmt.accept } : { item: (obj: unknown) => this.entry(obj as KObject) }),
      signal,
    });
    for await (const body of pages) {
      let count: number;
      let meta: KList['metadata'];
      if (fmt) {
        const page = fmt.listPage(body);
        const items = page.items ?? [];
        for (const obj of items) this.put(target, obj);
        count = items.length;
        meta = page.metadata;
      } else {
        const page = body as { metadata?: KList['metadata']; items?: Entry<R>[] } | undefined;
        const entries = page?.items ?? [];
        const live = target === this.cache;
        for (const [key, rec] of entries) {
          if (rec === undefined) target.delete(key);
          else target.set(key, rec);
          if (live) this.log.add(key, this.version + 1);
        }
        count = entries.length;
        meta = page?.metadata;
      }
      const more = Boolean(meta?.continue);
      rv = meta?.resourceVersion;
      if (target === this.cache && count > 0) {
        // The first list shows its pages as they come; the state says when more are coming. A page's keys
        // are in the change log (put() logs a Table's), so a reader edits its sorted rows with the pages
        // that came since it last looked instead of rebuilding them from every cached record once a second
        // (at 100k pods that rebuild was ~11% of kubedeck's CPU while the list arrived).
        this.setPartial(more);
        this.changed();
      }
    }
    this.setPartial(false);
    if (target !== this.cache) {
      this.cache = target;
      this.changedInBulk();
    }
    this.resourceVersion = rv;
  }

  /** One watch connection. Resolves on a clean close (true if it was healthy); throws on failure. */
  private async watch(signal: AbortSignal): Promise<boolean> {
    const t = this.timing.watchTimeoutSeconds;
    const timeoutSeconds = Math.max(1, Math.round(t * (1 + 0.25 * this.timing.backoff.random())));
    let healthy = false;
    let timer: NodeJS.Timeout | undefined;
    const markHealthy = (): void => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      healthy = true;
      if (this.state.phase !== 'synced') this.setState('synced', undefined, 0);
    };
    try {
      const stream = this.opts.transport.streamBatches(this.path, {
        ...(this.opts.format ? { accept: this.opts.format.accept } : {}),
        query: {
          ...this.opts.format?.query,
          watch: 'true',
          resourceVersion: this.resourceVersion,
          allowWatchBookmarks: 'true',
          timeoutSeconds,
          labelSelector: this.opts.labelSelector,
          fieldSelector: this.opts.fieldSelector,
        },
        signal,
        idleTimeoutMs: timeoutSeconds * 1000 + this.timing.idleGraceMs,
        onOpen: () => {
          timer = setTimeout(markHealthy, this.timing.healthyAfterMs);
        },
      });
      for await (const batch of stream) {
        if (this.apply(batch) > 0 && !healthy) markHealthy();
      }
    } finally {
      if (timer) clearTimeout(timer);
    }
    return healthy;
  }

  /** Apply one chunk of event lines; returns how many good events it held. Throws on an ERROR event. */
  private apply(lines: string[]): number {
    let changed = false;
    let applied = 0;
    let error: KubeError | undefined;
    for (const line of lines) {
      let ev: WatchEvent;
      try {
        // the object's managedFields are left out before the parse: no projection reads them
        ev = JSON.parse(withoutManagedFields(line)) as WatchEvent;
      } catch {
        error = new KubeError('Server', `malformed watch event: ${line.slice(0, 80)}`);
        break;
      }
      const obj = ev.object;
      if (ev.type === 'ERROR') {
        error = isStatusObject(obj) ? fromStatus(obj) : new KubeError('Server', 'watch ERROR event without a Status');
        break;
      }
      if (!obj || typeof obj !== 'object' || !obj.metadata) continue;
      // a Table event carries its object(s) as rows; the Table's own metadata has only the resourceVersion
      const objs = this.opts.format && ev.type !== 'BOOKMARK' ? this.opts.format.eventObjects(obj) : [obj];
      for (const o of objs) {
        if (ev.type === 'ADDED' || ev.type === 'MODIFIED') changed = this.put(this.cache, o) || changed;
        else if (ev.type === 'DELETED') changed = this.remove(this.keyOf(o)) || changed;
      }
      const rv = objs[objs.length - 1]?.metadata.resourceVersion || obj.metadata.resourceVersion;
      if (rv) this.resourceVersion = rv;
      applied++;
    }
    if (changed) this.changed();
    if (error) throw error;
    return applied;
  }

  private put(target: Map<string, R>, obj: KObject): boolean {
    const [key, rec] = this.entry(obj);
    if (rec === undefined) return target === this.cache ? this.remove(key) : target.delete(key);
    target.set(key, rec);
    // an event's change (a list's pages reset the log as a whole), seen from the next version on
    if (target === this.cache) this.log.add(key, this.version + 1);
    return true;
  }

  /** Removes a key from the live cache (a watch event's change). */
  private remove(key: string): boolean {
    if (!this.cache.delete(key)) return false;
    this.log.add(key, this.version + 1);
    return true;
  }

  /** An object's key and projection (undefined when the projection threw: the object is left out). */
  private entry(obj: KObject): Entry<R> {
    const key = this.keyOf(obj);
    try {
      const rec = this.opts.project(obj);
      // the record's own key when it is the same (a slim record's): one string per cached object, not two
      const own = (rec as { key?: unknown } | undefined)?.key;
      return [own === key ? own : key, rec];
    } catch (e) {
      this.projectionErrors++;
      this.lastProjectionError = e;
      return [key, undefined];
    }
  }

  /** The cache holds the first pages of a list, not all of it (no notification: a change follows). */
  private setPartial(partial: boolean): void {
    if (this.partial === partial) return;
    this.partial = partial;
    const { loading: _, ...rest } = this.state;
    this.state = partial ? { ...rest, loading: true } : rest;
  }

  private changed(): void {
    this.version++;
    this.notify();
  }

  /** Many keys changed at once (a relist replaced the cache): the log cannot tell them, before anyone is told. */
  private changedInBulk(): void {
    this.version++;
    this.log.reset(this.version);
    this.notify();
  }

  private setState(phase: ReflectorPhase, error: KubeError | undefined, attempt: number): void {
    const prev = this.state;
    const message = error?.message;
    if (prev.phase === phase && prev.message === message && prev.attempt === attempt) return;
    const since = prev.phase === phase ? prev.since : this.clock.now();
    // a first list that failed half-way leaves its pages shown, still marked as incomplete
    this.state = { phase, since, attempt, ...(error ? { error, message } : {}), ...(this.partial ? { loading: true } : {}) };
    this.notify();
  }

  private reportError(e: KubeError, attempt: number): void {
    try {
      this.opts.onError?.(e, attempt);
    } catch {
      // a logging hook's bug must not stop the reflector
    }
  }

  private notify(): void {
    try {
      this.opts.onChange();
    } catch {
      // a listener's bug must not stop the reflector
    }
  }
}
