import type { ClusterUsage } from '../kube/metrics.js';
import { formatBytes, formatPercent } from '../util/quantity.js';

/** What the header shows about where kubedeck is connected. */
export interface ConnectionInfo {
  context: string;
  server: string;
  user: string;
  /** The embedded simulated cluster (started by kubedeck itself). */
  simulated: boolean;
  readonly: boolean;
  version: string;
  /** The API server's gitVersion, once known. */
  serverVersion?: string;
  /** Cluster CPU and memory use, when the cluster serves metrics (`CPU 12% (1.2/10)  MEM 34% (5.1Gi/15Gi)`). */
  usage?: string;
}

/** The header's usage line, k9s's floored percentages plus the absolute amounts. */
export function formatUsage(u: ClusterUsage): string {
  const cores = (m: number) => String(Math.round(m / 100) / 10);
  const pct = (used: number, total: number) => {
    const p = formatPercent(used, total);
    return p === 'n/a' ? p : `${p}%`;
  };
  return `CPU ${pct(u.cpuMilli, u.cpuAllocMilli)} (${cores(u.cpuMilli)}/${cores(u.cpuAllocMilli)})  MEM ${pct(u.memBytes, u.memAllocBytes)} (${formatBytes(u.memBytes)}/${formatBytes(u.memAllocBytes)})`;
}
