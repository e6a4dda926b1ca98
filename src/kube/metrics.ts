// Cluster usage for the header, from metrics.k8s.io (metrics-server, or the simulated cluster's): CPU and
// memory used by all nodes against their allocatable; and per pod and per node for the pods and nodes views'
// CPU/MEM columns. Absent metrics API (404 on its discovery) → undefined, not an error; a 503 is an error.
import type { Transport } from './transport.js';
import { KubeError, toKubeError } from './errors.js';
import { ListSplitter } from './reflector-items.js';
import { cpuMillis, memoryBytes, parseQuantity } from '../util/quantity.js';

export interface ClusterUsage {
  cpuMilli: number;
  cpuAllocMilli: number;
  memBytes: number;
  memAllocBytes: number;
  nodes: number;
}

interface NodeList {
  items?: { metadata?: { name?: string }; status?: { allocatable?: Record<string, string> } }[];
}

/** One pod's or node's usage: CPU in millicores (rounded up, as Quantity.MilliValue), memory in bytes. */
export interface Usage {
  cpuMilli: number;
  memBytes: number;
}

/** Usage by key: `namespace/name` for pods (the slim records' key), the name for nodes. */
export type UsageMap = Map<string, Usage>;

interface MetricsItem {
  metadata?: { name?: string; namespace?: string };
  usage?: { cpu?: string; memory?: string };
  containers?: { usage?: { cpu?: string; memory?: string } }[];
}

export interface PodMetricsQuery {
  /** undefined: all namespaces. */
  namespace?: string;
  labelSelector?: string;
  signal?: AbortSignal;
}

const METRICS = '/apis/metrics.k8s.io/v1beta1';

/**
 * A metrics list's items, each handed to `each` as it is parsed; false when the cluster serves no metrics API
 * (or may not read it). The body is split into its items as it arrives (reflector-items.ts), so a list of
 * 100,000 PodMetrics (~35 MB) is parsed a network chunk at a time between the UI's frames and the watch
 * events: parsed whole, it held the event loop for ~1.5 s every 15 s (test/bench/watch-lag.ts at 100k).
 */
async function listMetrics(
  t: Transport,
  path: string,
  query: Record<string, string>,
  signal: AbortSignal | undefined,
  each: (m: MetricsItem) => void,
): Promise<boolean> {
  try {
    if (!t.streamText) {
      const list = await t.request<{ items?: MetricsItem[] }>(path, { ...(signal ? { signal } : {}), query, timeoutMs: 10_000 });
      for (const m of list?.items ?? []) each(m);
      return true;
    }
    const splitter = new ListSplitter((text) => each(JSON.parse(text) as MetricsItem), undefined, false);
    for await (const text of t.streamText(path, { ...(signal ? { signal } : {}), query, idleTimeoutMs: 10_000 })) {
      splitter.push(text);
    }
    const end = splitter.end();
    if ('whole' in end && end.whole !== undefined) {
      for (const m of (JSON.parse(end.whole) as { items?: MetricsItem[] } | null)?.items ?? []) each(m);
    }
    return true;
  } catch (e) {
    if (e instanceof SyntaxError) throw new KubeError('Server', `invalid JSON from ${path}`);
    const k = toKubeError(e);
    if (k.reason === 'Forbidden') return false; // may not read metrics: asking again will not help
    // 404 on the list is absence only when the group itself is not served; a 503 (metrics-server
    // restarting, APIService unavailable) or anything else is transient and rejects, to be retried
    if (k.code === 404 && (await metricsGroupMissing(t, signal))) return false;
    throw k;
  }
}

/** Discovery of metrics.k8s.io answers 404: the cluster serves no metrics API. */
async function metricsGroupMissing(t: Transport, signal?: AbortSignal): Promise<boolean> {
  try {
    await t.request('/apis/metrics.k8s.io', { ...(signal ? { signal } : {}), timeoutMs: 10_000 });
    return false;
  } catch (e) {
    return toKubeError(e).code === 404;
  }
}

/** CPU in cores summed exactly, then rounded up to millicores once (kubectl top sums the quantities first). */
const toMilli = (cores: number): number => Math.ceil(Number((cores * 1000).toPrecision(12)));

type Allocatable = Map<string, { cpu: number; mem: number }>;

/**
 * The nodes' allocatable between two looks at the cluster's usage. The header asks every 15 s; listing every
 * node each time was 3-10 MB of JSON at 1,000 nodes, for figures that change when a node comes, goes or is
 * resized. Listed again when a node reporting metrics is not in it, or when it is older than `maxAgeMs`.
 */
export class AllocatableCache {
  private nodes: Allocatable | undefined;
  private at = 0;
  constructor(
    private readonly maxAgeMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}
  /** The cached allocatable, if it is recent and knows every one of `names`. */
  get(names: readonly string[]): Allocatable | undefined {
    const nodes = this.nodes;
    if (!nodes || this.now() - this.at > this.maxAgeMs) return undefined;
    return names.every((n) => nodes.has(n)) ? nodes : undefined;
  }
  set(nodes: Allocatable): void {
    this.nodes = nodes;
    this.at = this.now();
  }
}

async function listAllocatable(t: Transport, signal?: AbortSignal): Promise<Allocatable> {
  const nodes = await t.request<NodeList>('/api/v1/nodes', {
    ...(signal ? { signal } : {}),
    timeoutMs: 10_000,
  });
  const alloc: Allocatable = new Map();
  for (const n of nodes.items ?? []) {
    alloc.set(n.metadata?.name ?? '', {
      cpu: cpuMillis(n.status?.allocatable?.cpu),
      mem: memoryBytes(n.status?.allocatable?.memory),
    });
  }
  return alloc;
}

/**
 * Sums over the nodes that report metrics. Resolves undefined when the cluster serves no metrics API. With
 * `cache`, the nodes are listed only when it cannot answer (a poll keeps one).
 */
export async function fetchClusterUsage(
  t: Transport,
  signal?: AbortSignal,
  cache?: AllocatableCache,
): Promise<ClusterUsage | undefined> {
  const items: MetricsItem[] = [];
  if (!(await listMetrics(t, `${METRICS}/nodes`, {}, signal, (m) => items.push(m)))) return undefined;
  let alloc = cache?.get(items.map((m) => m.metadata?.name ?? ''));
  if (!alloc) {
    alloc = await listAllocatable(t, signal);
    cache?.set(alloc);
  }
  const u: ClusterUsage = { cpuMilli: 0, cpuAllocMilli: 0, memBytes: 0, memAllocBytes: 0, nodes: 0 };
  for (const m of items) {
    const a = alloc.get(m.metadata?.name ?? '');
    const cpu = cpuMillis(m.usage?.cpu);
    const mem = memoryBytes(m.usage?.memory);
    if (
      !a ||
      !Number.isFinite(cpu) ||
      !Number.isFinite(mem) ||
      !Number.isFinite(a.cpu) ||
      !Number.isFinite(a.mem)
    )
      continue;
    u.cpuMilli += cpu;
    u.memBytes += mem;
    u.cpuAllocMilli += a.cpu;
    u.memAllocBytes += a.mem;
    u.nodes++;
  }
  return u.nodes > 0 ? u : undefined;
}

/**
 * PodMetrics of a namespace (or all), summed over each pod's containers, keyed `namespace/name`.
 * Resolves undefined when the cluster serves no metrics API; other failures reject with a KubeError.
 */
export async function fetchPodMetrics(t: Transport, q: PodMetricsQuery = {}): Promise<UsageMap | undefined> {
  const path = q.namespace
    ? `${METRICS}/namespaces/${encodeURIComponent(q.namespace)}/pods`
    : `${METRICS}/pods`;
  const out: UsageMap = new Map();
  const served = await listMetrics(t, path, q.labelSelector ? { labelSelector: q.labelSelector } : {}, q.signal, (m) => {
    const name = m.metadata?.name;
    if (!name) return;
    let cores = 0;
    let mem = 0;
    for (const c of m.containers ?? []) {
      cores += parseQuantity(c.usage?.cpu);
      mem += memoryBytes(c.usage?.memory);
    }
    if (!Number.isFinite(cores) || !Number.isFinite(mem)) return;
    out.set(m.metadata?.namespace ? `${m.metadata.namespace}/${name}` : name, {
      cpuMilli: toMilli(cores),
      memBytes: mem,
    });
  });
  if (!served) return undefined;
  return out;
}

/** NodeMetrics keyed by node name; undefined when the cluster serves no metrics API. */
export async function fetchNodeMetrics(t: Transport, signal?: AbortSignal): Promise<UsageMap | undefined> {
  const out: UsageMap = new Map();
  const served = await listMetrics(t, `${METRICS}/nodes`, {}, signal, (m) => {
    const name = m.metadata?.name;
    const cpu = cpuMillis(m.usage?.cpu);
    const mem = memoryBytes(m.usage?.memory);
    if (name && Number.isFinite(cpu) && Number.isFinite(mem)) out.set(name, { cpuMilli: cpu, memBytes: mem });
  });
  return served ? out : undefined;
}
