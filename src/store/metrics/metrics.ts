// The metrics overlay: CPU and memory per pod and per node from metrics.k8s.io, polled every 15 s only
// while a pods or nodes view is shown (and once at once when one opens), for that view's namespace and
// label selector. Rows stay pure functions of slim records; the table looks usage up here by row key.
// Errors are logged, never flashed; a cluster without the metrics API is asked once per connection.
import type { Transport } from '../../kube/transport.js';
import { fetchNodeMetrics, fetchPodMetrics } from '../../kube/metrics.js';
import type { Usage, UsageMap } from '../../kube/metrics.js';
import type { ViewSpec } from '../table/nav.js';
import type { Cancel, Clock } from '../../util/clock.js';
import { systemClock } from '../../util/clock.js';

export type { Usage, UsageMap } from '../../kube/metrics.js';

/** The metrics.k8s.io resources a kind's usage comes from (its `usage.source`). */
export type MetricsKind = 'pods' | 'nodes';

/** What one poll asks for. */
export interface MetricsScope {
  kind: MetricsKind;
  /** Pods only; undefined = all namespaces. */
  namespace?: string;
  /** Pods only: a drill-down's selector (metrics objects carry the pods' labels). */
  labelSelector?: string;
}

/** One poll: usage by row key, or undefined when the cluster serves no metrics API. */
export type MetricsFetch = (scope: MetricsScope, signal: AbortSignal) => Promise<UsageMap | undefined>;

/** The part of the AppStore the overlay follows. */
interface ViewFollower {
  subscribe(listener: () => void): () => void;
  getSnapshot(): { view: ViewSpec };
}

export interface MetricsOverlayOptions {
  store: ViewFollower;
  fetch: MetricsFetch;
  /** Between the end of one poll and the next; default 15 s (metrics-server's resolution), longer for big views (pollEvery). */
  intervalMs?: number;
  /** Times the polls (tests drive time with a fake one); default the system clock. */
  clock?: Clock;
  log?: (message: string) => void;
  /** Polling starts once this resolves (the first view's list: a poll of every pod's metrics would compete with it). */
  after?: Promise<unknown>;
}

/** unknown: not asked yet; available: the API answered; absent: no metrics API (no longer asked). */
export type MetricsApiState = 'unknown' | 'available' | 'absent';

export const METRICS_EVERY_MS = 15_000;
/** Objects a poll answers for up to which the interval holds; past that it grows in proportion. */
const METRICS_ITEMS_PER_INTERVAL = 10_000;
/** The longest the interval grows to. */
const METRICS_MAX_EVERY_MS = 120_000;

/**
 * The wait before the next poll after one that answered for `items` objects: the interval, or longer for a
 * big view, in proportion to its size (a pods view of 100,000 pods: 2 minutes, not 15 s). Each poll lists
 * every pod's metrics (~0.5 KB each: 50 MB at 100k, every 15 s, over a bastion's link too), which the
 * client parses and the server makes; with 100k pods cached, a poll falling among 1,000 pod changes a
 * second held them back by 0.3-0.8 s (test/bench/watch-lag.ts --trace). A namespace's own view stays at 15 s.
 */
export function pollEvery(intervalMs: number, items: number): number {
  const scaled = Math.round((intervalMs * items) / METRICS_ITEMS_PER_INTERVAL);
  return Math.max(intervalMs, Math.min(scaled, METRICS_MAX_EVERY_MS));
}
/** First retry after a failed poll; doubles per failure up to the interval. */
const RETRY_FIRST_MS = 1000;

/** The metrics a view shows, or undefined for views without usage columns. */
export function metricsScope(view: ViewSpec): MetricsScope | undefined {
  const source = view.resource.usage?.source;
  if (!source) return undefined;
  if (source === 'nodes') return { kind: source };
  return {
    kind: source,
    ...(view.namespace !== undefined ? { namespace: view.namespace } : {}),
    ...(view.labelSelector ? { labelSelector: view.labelSelector } : {}),
  };
}

const scopeKey = (s: MetricsScope | undefined): string =>
  s ? `${s.kind}|${s.namespace ?? '*'}|${s.labelSelector ?? ''}` : '';

/** Polls against a connection's transport (which may still be connecting). */
export function transportMetricsFetch(transport: Promise<Transport>): MetricsFetch {
  return async (scope, signal) => {
    const t = await transport;
    if (scope.kind === 'nodes') return fetchNodeMetrics(t, signal);
    return fetchPodMetrics(t, {
      signal,
      ...(scope.namespace !== undefined ? { namespace: scope.namespace } : {}),
      ...(scope.labelSelector ? { labelSelector: scope.labelSelector } : {}),
    });
  };
}

export class MetricsOverlay {
  /** Bumped whenever what `usage` returns may have changed. */
  private ver = 0;
  private apiState: MetricsApiState = 'unknown';
  private data: { kind: MetricsKind; map: UsageMap } | undefined;
  private scope: MetricsScope | undefined;
  private key = '';
  private inFlight: AbortController | undefined;
  private cancelTimer: Cancel | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: () => void;
  private readonly intervalMs: number;
  private readonly clock: Clock;
  private stopped = false;
  /** Waiting for `after`. */
  private held = false;
  /** Failed polls in a row: the next one comes sooner (1 s, 2 s, 4 s … up to the interval). */
  private failures = 0;
  /** Polls started (tests and the log read it). */
  polls = 0;

  constructor(private readonly opts: MetricsOverlayOptions) {
    this.intervalMs = opts.intervalMs ?? METRICS_EVERY_MS;
    this.clock = opts.clock ?? systemClock;
    this.unsubscribe = opts.store.subscribe(() => this.follow());
    if (opts.after) {
      this.held = true;
      const go = (): void => {
        this.held = false;
        this.follow();
      };
      opts.after.then(go, go);
    } else this.follow();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** For useSyncExternalStore. */
  getVersion = (): number => this.ver;

  get state(): MetricsApiState {
    return this.apiState;
  }

  /** True while polling (a pods or nodes view is shown and the API is not known to be absent). */
  get active(): boolean {
    return this.scope !== undefined && this.apiState !== 'absent' && !this.stopped;
  }

  /** Whether the overlay holds usage for this kind of view (the table then adds its columns). */
  has(kind: MetricsKind): boolean {
    return this.data?.kind === kind;
  }

  /** Usage of the row with this key (`namespace/name` for pods, the name for nodes). */
  usage(kind: MetricsKind, key: string): Usage | undefined {
    return this.data?.kind === kind ? this.data.map.get(key) : undefined;
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    this.halt();
    this.listeners.clear();
  }

  /** Called on every store publish: cheap unless the view's scope changed. */
  private follow(): void {
    if (this.stopped || this.held) return;
    const scope = metricsScope(this.opts.store.getSnapshot().view);
    const key = scopeKey(scope);
    if (key === this.key) return;
    this.key = key;
    this.scope = scope;
    this.halt();
    // leaving usage views drops the data (it would be stale when one opens again); a pods view in
    // another namespace keeps it until its own poll answers, so the columns do not blink
    if (this.data && this.data.kind !== scope?.kind) {
      this.data = undefined;
      this.bump();
    }
    if (scope) this.tick();
  }

  private halt(): void {
    this.inFlight?.abort();
    this.inFlight = undefined;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private tick(): void {
    this.cancelTimer = undefined;
    const scope = this.scope;
    if (!scope || this.stopped || this.apiState === 'absent') return;
    const ctl = new AbortController();
    this.inFlight = ctl;
    this.polls++;
    const started = this.clock.now();
    this.opts.fetch(scope, ctl.signal).then(
      (map) => {
        if (ctl !== this.inFlight) return; // the view moved on meanwhile
        this.inFlight = undefined;
        if (!map) {
          this.apiState = 'absent';
          this.opts.log?.(
            'metrics: the cluster serves no metrics.k8s.io; usage columns off for this connection',
          );
          if (this.data) this.data = undefined;
          this.bump();
          return;
        }
        this.apiState = 'available';
        this.failures = 0;
        this.data = { kind: scope.kind, map };
        this.opts.log?.(`metrics: ${map.size} ${scope.kind} in ${this.clock.now() - started} ms`);
        this.bump();
        this.next(pollEvery(this.intervalMs, map.size));
      },
      (e: unknown) => {
        if (ctl !== this.inFlight) return;
        this.inFlight = undefined;
        this.opts.log?.(`metrics: ${e instanceof Error ? e.message : String(e)}`);
        // a transient failure (metrics-server restarting: 503) keeps the columns and the last data
        this.failures++;
        this.next(Math.min(this.intervalMs, RETRY_FIRST_MS * 2 ** (this.failures - 1)));
      },
    );
  }

  private next(ms = this.intervalMs): void {
    if (this.stopped || !this.scope) return;
    this.cancelTimer = this.clock.schedule(() => this.tick(), ms);
  }

  private bump(): void {
    this.ver++;
    for (const l of this.listeners) l();
  }
}
