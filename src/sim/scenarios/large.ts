// A large cluster for scale work: `kubedeck sim --scenario large --pods N --nodes M` (default 10,000
// pods on 100 nodes: one control plane, the rest workers). The pods are made by controllers, as in a real
// cluster: a node-exporter DaemonSet (one pod per node), and in team namespaces StatefulSets (about 5%),
// long-running Jobs (about 5%) and Deployments for the rest, so exactly N pods end up Running. Nodes are
// sized so that the pods fit (pod capacity ~1.25× the average, 64 CPUs, 256Gi). The pods are shaped like
// real ones (large-pod.ts): with managedFields a mean of 5-6 KB of JSON each.

import type { KObject } from '../../util/k8s.js';
import { CONFIGMAPS, DAEMONSETS, DEPLOYMENTS, JOBS, NAMESPACES, STATEFULSETS } from '../resources.js';
import { systemObjects } from './empty.js';
import { realisticTemplate } from './large-pod.js';
import type { PodShape } from './large-pod.js';
import type { Scenario, SeedObject, SimNode } from './types.js';

const DAY = 86_400_000;
const LARGE_DEFAULT_PODS = 10_000;
const LARGE_DEFAULT_NODES = 100;
/** Node indices name pod CIDRs in 10.244.0.0/14 (ipam.ts podCidr): up to 1,024 nodes. */
const LARGE_MAX_NODES = 1000;

function largeNodes(count: number, pods: number): SimNode[] {
  const workers = Math.max(1, count - 1);
  const capacity = Math.max(110, Math.ceil((pods / workers) * 1.25) + 10);
  const big = { cpu: '64', memory: '256Gi', pods: capacity };
  const nodes: SimNode[] = [
    { name: 'large-control-plane', index: 0, hostIP: '172.20.0.2', controlPlane: true },
  ];
  for (let i = 1; i < Math.max(2, count); i++)
    nodes.push({
      name: `large-worker-${String(i).padStart(3, '0')}`,
      index: i,
      hostIP: `172.20.${Math.floor((i + 2) / 256)}.${(i + 2) % 256}`,
      ...big,
    });
  return nodes;
}

const meta = (name: string, ns: string, labels: Record<string, string>): KObject['metadata'] => ({
  name,
  namespace: ns,
  labels,
});

const CONFIG = 'app-config';
const shape = (app: string, seed: number, image: string, component: PodShape['component'], command?: string[]): PodShape => ({
  app,
  seed,
  image,
  configMap: CONFIG,
  component,
  ...(command ? { command } : {}),
});
const configMap = (ns: string): KObject => ({
  metadata: { name: CONFIG, namespace: ns, labels: { 'app.kubernetes.io/managed-by': 'Helm' } },
  data: { 'config.yaml': 'server:\n  port: 8080\nmetrics:\n  port: 9090\nlog:\n  format: json\n' },
} as KObject);

/** The workloads: counts of pods per kind add up to `pods`. */
function workloads(pods: number, nodeCount: number): SeedObject[] {
  const out: SeedObject[] = [];
  const age = 3 * DAY;
  const add = (gvr: SeedObject['gvr'], object: KObject): void => void out.push({ gvr, object, ageMs: age });
  add(NAMESPACES, { metadata: { name: 'monitoring' } });
  add(CONFIGMAPS, configMap('monitoring'));
  let left = pods;
  if (pods >= nodeCount) {
    const labels = { app: 'node-exporter' };
    add(DAEMONSETS, {
      metadata: meta('node-exporter', 'monitoring', labels),
      spec: {
        selector: { matchLabels: labels },
        template: realisticTemplate(
          shape('node-exporter', 0, 'quay.io/prometheus/node-exporter:v1.8.2', 'agent'),
          labels,
          { tolerations: [{ operator: 'Exists' }] },
        ),
      },
    } as KObject);
    left -= nodeCount;
  }
  // about 250 pods a namespace: controllers list a namespace's pods when they reconcile, so crowded
  // namespaces cost time quadratic in their size
  const teams = Math.max(3, Math.min(1000, Math.ceil(pods / 250)));
  for (let t = 0; t < teams; t++) {
    add(NAMESPACES, { metadata: { name: `team-${String(t).padStart(3, '0')}` } });
    add(CONFIGMAPS, configMap(`team-${String(t).padStart(3, '0')}`));
  }
  const ns = (i: number): string => `team-${String(i % teams).padStart(3, '0')}`;
  let stsPods = Math.floor(left * 0.05);
  let jobPods = Math.floor(left * 0.05);
  left -= stsPods + jobPods;
  for (let i = 0; stsPods > 0; i++) {
    const replicas = Math.min(stsPods, 3);
    stsPods -= replicas;
    const labels = { app: `db-${i}` };
    add(STATEFULSETS, {
      metadata: meta(`db-${i}`, ns(i), labels),
      spec: {
        replicas,
        serviceName: `db-${i}`,
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: labels },
        template: realisticTemplate(shape(`db-${i}`, i, 'postgres:16.4', 'database'), labels),
      },
    } as KObject);
  }
  for (let i = 0; jobPods > 0; i++) {
    const n = Math.min(jobPods, 5);
    jobPods -= n;
    add(JOBS, {
      metadata: meta(`batch-${i}`, ns(i + 1), { app: `batch-${i}` }),
      spec: {
        parallelism: n,
        completions: n,
        template: realisticTemplate(
          shape(`batch-${i}`, i, 'busybox:1.36', 'worker', ['sh', '-c', 'sleep 86400']),
          { app: `batch-${i}` },
          { restartPolicy: 'Never' },
        ),
      },
    } as KObject);
  }
  const sizes = [2, 3, 5, 8, 10, 20, 50];
  for (let i = 0; left > 0; i++) {
    const replicas = Math.min(left, sizes[i % sizes.length] ?? 5);
    left -= replicas;
    const labels = { app: `svc-${i}` };
    add(DEPLOYMENTS, {
      metadata: meta(`svc-${i}`, ns(i + 2), labels),
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: realisticTemplate(
          shape(`svc-${i}`, i, `registry.example/svc-${i % 40}:1.${i % 7}.0`, 'server'),
          labels,
        ),
      },
    } as KObject);
  }
  return out;
}

export function largeScenario(size: { pods?: number; nodes?: number } = {}): Scenario {
  const pods = Math.max(0, Math.floor(size.pods ?? LARGE_DEFAULT_PODS));
  const nodeCount = Math.min(LARGE_MAX_NODES, Math.max(2, Math.floor(size.nodes ?? LARGE_DEFAULT_NODES)));
  const nodes = largeNodes(nodeCount, pods);
  return {
    name: 'large',
    description: `${pods} pods over ${nodeCount} nodes from Deployments, StatefulSets, a DaemonSet and Jobs (--pods, --nodes)`,
    nodes,
    objects: () => [...systemObjects(3 * DAY), ...workloads(pods, nodes.length)],
    sized: (s) => largeScenario({ pods: s.pods ?? pods, nodes: s.nodes ?? nodeCount }),
  };
}
