// API discovery: which kinds the server serves. Aggregated discovery first (`GET /api` and `/apis` as an
// apidiscovery.k8s.io/v2 APIGroupDiscoveryList: two requests for the whole cluster); a server that answers
// the legacy documents instead (APIVersions / APIGroupList) is walked per group: `/api/v1` and
// `/apis/<group>/<preferred version>` as APIResourceLists. Only kinds that can be listed and watched are
// kept, one per (group, plural), the group's preferred version first. Failures are values (KubeError).
import type { WallClock } from '../util/clock.js';
import { systemClock } from '../util/clock.js';
import { KubeError, toKubeError } from './errors.js';
import type { Transport } from './transport.js';

/** One listable kind, as discovery describes it. */
export interface DiscoveredKind {
  /** "" for the core group. */
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: readonly string[];
  categories: readonly string[];
}

export const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

/** Parallel requests when walking the legacy per-group documents. */
const LEGACY_CONCURRENCY = 8;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strs = (v: unknown): string[] => arr(v).filter((s): s is string => typeof s === 'string' && s !== '');
const listable = (verbs: unknown): boolean => {
  const v = strs(verbs);
  return v.includes('list') && v.includes('watch');
};

/** Adds `k` unless a kind with the same group and plural is already there (an earlier, preferred version). */
function add(out: DiscoveredKind[], seen: Set<string>, k: DiscoveredKind): void {
  const id = `${k.plural}.${k.group}`;
  if (!k.plural || !k.version || seen.has(id)) return;
  seen.add(id);
  out.push(k);
}

/** Kinds of an APIGroupDiscoveryList (aggregated discovery, v2 or v2beta1). Versions come in preference order. */
export function parseAggregated(doc: unknown, out: DiscoveredKind[] = [], seen = new Set<string>()): DiscoveredKind[] {
  for (const item of arr(obj(doc)?.['items'])) {
    const g = obj(item);
    const group = str(obj(g?.['metadata'])?.['name']);
    for (const v of arr(g?.['versions'])) {
      const ver = obj(v);
      const version = str(ver?.['version']);
      for (const r of arr(ver?.['resources'])) {
        const res = obj(r);
        if (!res || !listable(res['verbs'])) continue;
        const plural = str(res['resource']);
        const rk = obj(res['responseKind']);
        add(out, seen, {
          group,
          version,
          kind: str(rk?.['kind']),
          plural,
          singular: str(res['singularResource']) || str(rk?.['kind']).toLowerCase(),
          namespaced: res['scope'] === 'Namespaced',
          shortNames: strs(res['shortNames']),
          categories: strs(res['categories']),
        });
      }
    }
  }
  return out;
}

/** Kinds of one legacy APIResourceList (`/api/v1`, `/apis/g/v`); subresources (`pods/log`) are skipped. */
export function parseResourceList(doc: unknown, out: DiscoveredKind[] = [], seen = new Set<string>()): DiscoveredKind[] {
  const d = obj(doc);
  const gv = str(d?.['groupVersion']);
  const slash = gv.indexOf('/');
  const group = slash >= 0 ? gv.slice(0, slash) : '';
  const version = slash >= 0 ? gv.slice(slash + 1) : gv;
  for (const r of arr(d?.['resources'])) {
    const res = obj(r);
    const plural = str(res?.['name']);
    if (!res || plural.includes('/') || !listable(res['verbs'])) continue;
    add(out, seen, {
      group,
      version,
      kind: str(res['kind']),
      plural,
      singular: str(res['singularName']) || str(res['kind']).toLowerCase(),
      namespaced: res['namespaced'] === true,
      shortNames: strs(res['shortNames']),
      categories: strs(res['categories']),
    });
  }
  return out;
}

/** The preferred groupVersion of each group in an APIGroupList ("apps/v1", ...). */
export function preferredGroupVersions(doc: unknown): string[] {
  const out: string[] = [];
  for (const g of arr(obj(doc)?.['groups'])) {
    const grp = obj(g);
    const preferred = str(obj(grp?.['preferredVersion'])?.['groupVersion']) || str(obj(arr(grp?.['versions'])[0])?.['groupVersion']);
    if (preferred) out.push(preferred);
  }
  return out;
}

const isAggregated = (doc: unknown): boolean => obj(doc)?.['kind'] === 'APIGroupDiscoveryList';

async function mapLimited<T, U>(items: readonly T[], limit: number, fn: (t: T) => Promise<U>): Promise<U[]> {
  const out: U[] = new Array<U>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export interface DiscoveryResult {
  kinds: DiscoveredKind[];
  /** Which form the server answered. */
  form: 'aggregated' | 'legacy';
  /** Group versions that failed in the legacy walk (their kinds are missing), with why. */
  partial: { groupVersion: string; error: KubeError }[];
}

export interface DiscoverOptions {
  signal?: AbortSignal;
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

/** Everything the server serves that can be listed and watched. Rejects only with KubeError. */
export async function discover(t: Pick<Transport, 'request'>, opts: DiscoverOptions = {}): Promise<DiscoveryResult> {
  const ro = { accept: AGGREGATED_ACCEPT, timeoutMs: opts.timeoutMs ?? 10_000, ...(opts.signal ? { signal: opts.signal } : {}) };
  try {
    const [core, groups] = await Promise.all([t.request<unknown>('/api', ro), t.request<unknown>('/apis', ro)]);
    const kinds: DiscoveredKind[] = [];
    const seen = new Set<string>();
    if (isAggregated(core) && isAggregated(groups)) {
      parseAggregated(core, kinds, seen);
      parseAggregated(groups, kinds, seen);
      return { kinds, form: 'aggregated', partial: [] };
    }
    const legacy = { ...ro, accept: 'application/json' };
    const coreVersions = isAggregated(core) ? [] : strs(obj(core)?.['versions']);
    const gvs = [...coreVersions.slice(0, 1).map((v) => `/api/${v}`), ...preferredGroupVersions(groups).map((gv) => `/apis/${gv}`)];
    if (isAggregated(core)) parseAggregated(core, kinds, seen);
    const partial: DiscoveryResult['partial'] = [];
    const docs = await mapLimited(gvs, LEGACY_CONCURRENCY, (p) =>
      t.request<unknown>(p, legacy).catch((e: unknown) => {
        partial.push({ groupVersion: p.replace(/^\/apis?\//, ''), error: toKubeError(e) });
        return undefined;
      }),
    );
    for (const d of docs) parseResourceList(d, kinds, seen);
    if (kinds.length === 0 && partial[0]) throw partial[0].error;
    return { kinds, form: 'legacy', partial };
  } catch (e) {
    throw toKubeError(e);
  }
}

type DiscoveryPhase = 'idle' | 'loading' | 'ready' | 'error';

export interface DiscoveryState {
  phase: DiscoveryPhase;
  /** The last failure (kinds from an earlier success are kept). */
  error?: KubeError;
  /** Clock ms of the last successful discovery. */
  at?: number;
  /** How long the last successful discovery took (ms). */
  durationMs?: number;
  form?: DiscoveryResult['form'];
}

/**
 * Discovery of one context, cached: `refresh()` asks the server again (concurrent calls share one
 * request) and never rejects; `kinds` keeps the last good answer. Listeners hear every state change.
 */
export class DiscoveryCache {
  kinds: readonly DiscoveredKind[] = [];
  state: DiscoveryState = { phase: 'idle' };
  private inflight: Promise<DiscoveryState> | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly closer = new AbortController();

  constructor(
    private readonly transport: Promise<Pick<Transport, 'request'>>,
    private readonly clock: WallClock = systemClock,
  ) {}

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Loaded successfully within `maxAgeMs`. */
  fresh(maxAgeMs: number): boolean {
    return maxAgeMs > 0 && this.state.at !== undefined && this.clock.now() - this.state.at <= maxAgeMs;
  }

  refresh(): Promise<DiscoveryState> {
    if (this.inflight) return this.inflight;
    if (this.closer.signal.aborted) return Promise.resolve(this.state);
    this.set({ ...this.state, phase: 'loading' });
    const started = this.clock.now();
    const run = this.transport
      .then((t) => discover(t, { signal: this.closer.signal }))
      .then(
        (r) => {
          this.kinds = r.kinds;
          const now = this.clock.now();
          return this.set({ phase: 'ready', at: now, durationMs: now - started, form: r.form });
        },
        (e: unknown) => this.set({ ...this.state, phase: 'error', error: toKubeError(e) }),
      )
      .finally(() => (this.inflight = undefined));
    this.inflight = run;
    return run;
  }

  /** Aborts a discovery in flight; later refreshes do nothing. */
  close(): void {
    this.closer.abort(new KubeError('Aborted', 'discovery closed'));
    this.listeners.clear();
  }

  private set(s: DiscoveryState): DiscoveryState {
    this.state = s;
    for (const l of this.listeners) {
      try {
        l();
      } catch {
        // a listener's bug must not break discovery
      }
    }
    return s;
  }
}
