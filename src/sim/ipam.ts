// Address allocation for the simulated cluster: Service ClusterIPs from 10.96.0.0/12 (the kubeadm
// default), NodePorts from 30000-32767, pod IPs from one /24 per node of 10.244.0.0/14 (1,024 nodes; node i
// has 10.<244 + i/256>.<i%256>.0/24, so the first 256 are 10.244.<i>.0/24), LoadBalancer IPs from 172.18.255.0/24.
// Draws come from a seeded stream, so a seed gives the same addresses every run.

import type { Rng } from './rng.js';

export class Ipam {
  private readonly clusterIPs = new Set<string>();
  private readonly nodePorts = new Set<number>();
  private readonly podCounters = new Map<number, number>();
  private lbNext = 200;

  constructor(private readonly rng: Rng) {}

  /** Reserve a specific ClusterIP; false when it is taken or outside 10.96.0.0/12. */
  reserveClusterIP(ip: string): boolean {
    const m = /^10\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
    if (!m || Number(m[1]) < 96 || Number(m[1]) > 111 || this.clusterIPs.has(ip)) return false;
    this.clusterIPs.add(ip);
    return true;
  }

  allocateClusterIP(): string {
    for (let i = 0; i < 10_000; i++) {
      const ip = `10.${96 + this.rng.int(16)}.${this.rng.int(256)}.${1 + this.rng.int(254)}`;
      // keep the well-known low addresses (kubernetes 10.96.0.1, kube-dns 10.96.0.10) for explicit requests
      if (ip.startsWith('10.96.0.')) continue;
      if (this.reserveClusterIP(ip)) return ip;
    }
    throw new Error('service IP range exhausted');
  }

  releaseClusterIP(ip: string | undefined): void {
    if (ip) this.clusterIPs.delete(ip);
  }

  reserveNodePort(port: number): boolean {
    if (port < 30000 || port > 32767 || this.nodePorts.has(port)) return false;
    this.nodePorts.add(port);
    return true;
  }

  allocateNodePort(): number {
    for (let i = 0; i < 100_000; i++) {
      const p = 30000 + this.rng.int(2768);
      if (this.reserveNodePort(p)) return p;
    }
    throw new Error('node port range exhausted');
  }

  releaseNodePort(port: number | undefined): void {
    if (port !== undefined) this.nodePorts.delete(port);
  }

  /** Next pod IP on node number `node` (its podCidr, .2 to .254, then wrapping). */
  allocatePodIP(node: number): string {
    const n = this.podCounters.get(node) ?? 1;
    const next = n >= 254 ? 2 : n + 1;
    this.podCounters.set(node, next);
    return `${podNet(node)}.${next}`;
  }

  allocateLoadBalancerIP(): string {
    const ip = `172.18.255.${this.lbNext}`;
    this.lbNext = this.lbNext >= 250 ? 200 : this.lbNext + 1;
    return ip;
  }
}

/** The first three octets of node number `node`'s pod network. */
const podNet = (node: number): string => `10.${244 + (node >> 8)}.${node & 255}`;

/** Node number `node`'s pod CIDR: 10.244.0.0/14 cut in /24s. */
export const podCidr = (node: number): string => `${podNet(node)}.0/24`;
