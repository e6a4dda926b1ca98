// Cluster usage for the header, from metrics.k8s.io (metrics-server, or the simulated cluster's): CPU and
// memory used by all nodes against their allocatable. Absent metrics API → undefined, not an error.
import type { Transport } from './transport.js';
import { toKubeError } from './errors.js';
import { cpuMillis, memoryBytes } from '../util/quantity.js';

export interface ClusterUsage {
  cpuMilli: number;
  cpuAllocMilli: number;
  memBytes: number;
  memAllocBytes: number;
  nodes: number;
}

interface NodeMetricsList {
  items?: { metadata?: { name?: string }; usage?: { cpu?: string; memory?: string } }[];
}
interface NodeList {
  items?: { metadata?: { name?: string }; status?: { allocatable?: Record<string, string> } }[];
}

/** Sums over the nodes that report metrics. Resolves undefined when the cluster serves no metrics API. */
export async function fetchClusterUsage(t: Transport, signal?: AbortSignal): Promise<ClusterUsage | undefined> {
  let metrics: NodeMetricsList;
  try {
    metrics = await t.request<NodeMetricsList>('/apis/metrics.k8s.io/v1beta1/nodes', { ...(signal ? { signal } : {}), timeoutMs: 10_000 });
  } catch (e) {
    const k = toKubeError(e);
    if (k.code === 404 || k.code === 503 || k.reason === 'NotFound' || k.reason === 'Forbidden') return undefined;
    throw k;
  }
  const nodes = await t.request<NodeList>('/api/v1/nodes', { ...(signal ? { signal } : {}), timeoutMs: 10_000 });
  const alloc = new Map<string, { cpu: number; mem: number }>();
  for (const n of nodes.items ?? []) {
    alloc.set(n.metadata?.name ?? '', { cpu: cpuMillis(n.status?.allocatable?.cpu), mem: memoryBytes(n.status?.allocatable?.memory) });
  }
  const u: ClusterUsage = { cpuMilli: 0, cpuAllocMilli: 0, memBytes: 0, memAllocBytes: 0, nodes: 0 };
  for (const m of metrics.items ?? []) {
    const a = alloc.get(m.metadata?.name ?? '');
    const cpu = cpuMillis(m.usage?.cpu);
    const mem = memoryBytes(m.usage?.memory);
    if (!a || !Number.isFinite(cpu) || !Number.isFinite(mem) || !Number.isFinite(a.cpu) || !Number.isFinite(a.mem)) continue;
    u.cpuMilli += cpu;
    u.memBytes += mem;
    u.cpuAllocMilli += a.cpu;
    u.memAllocBytes += a.mem;
    u.nodes++;
  }
  return u.nodes > 0 ? u : undefined;
}
