// The metrics overlay's poll cost (not a test): against the `large` scenario, the bytes of one
// PodMetrics list (all namespaces, one namespace) and one NodeMetrics list, and the time of one poll
// through the real transport (request + parse + summing into the usage map), median of several.
// The sim runs in this process, so the times include its own work of making the metrics.
// Run: node_modules/.bin/node --import tsx test/bench/metrics-poll.ts [pods=2000] [nodes=20] [rounds=15]

import { request } from 'node:https';
import { startSim, PODS } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import type { Pod } from '../../src/util/k8s.js';
import { parseKubeconfig } from '../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../src/kube/kubeconfig.js';
import { createTransport } from '../../src/kube/transport.js';
import type { Transport } from '../../src/kube/transport.js';
import { fetchNodeMetrics, fetchPodMetrics } from '../../src/kube/metrics.js';
import { waitFor } from '../helpers/wait.js';

const [PODS_N = 2000, NODES_N = 20, ROUNDS = 15] = process.argv.slice(2).map((a) => Number(a));
const log = (s: string): void => void process.stdout.write(`${s}\n`);

function bytesOf(sim: SimHandle, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, sim.url),
      { rejectUnauthorized: false, headers: { Authorization: `Bearer ${sim.token}` } },
      (res) => {
        let n = 0;
        res.on('data', (c: Buffer) => (n += c.length));
        res.on('end', () => resolve(n));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function median(f: () => Promise<unknown>): Promise<{ median: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] ?? 0, max: times[times.length - 1] ?? 0 };
}

async function main(): Promise<void> {
  const sim = await startSim({ scenario: 'large', size: { pods: PODS_N, nodes: NODES_N } });
  const t0 = Date.now();
  await waitFor(
    () => (sim.storage.list(PODS).items as Pod[]).filter((p) => p.status?.phase === 'Running').length >= PODS_N,
    { what: `all ${PODS_N} pods Running`, timeoutMs: 10 * 60_000, intervalMs: 500 },
  );
  log(
    `large: ${PODS_N} pods on ${NODES_N} nodes, all Running after ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  const load = parseKubeconfig(sim.kubeconfig(), 'sim');
  if (load.kind !== 'loaded') throw new Error('kubeconfig');
  const t = await createTransport((load as { config: LoadedKubeconfig }).config);
  const ns = 'team-000';
  const nsPods = (sim.storage.list(PODS, ns).items as Pod[]).length;
  const all = await fetchPodMetrics(t);
  const one = await fetchPodMetrics(t, { namespace: ns });
  const nodes = await fetchNodeMetrics(t);
  const kb = (n: number): string => `${(n / 1024).toFixed(0)} KiB`;
  const rows: [string, number, string, () => Promise<unknown>][] = [
    [
      `pods, all namespaces (${all?.size ?? 0} with usage)`,
      all?.size ?? 0,
      '/apis/metrics.k8s.io/v1beta1/pods',
      () => fetchPodMetrics(t),
    ],
    [
      `pods, namespace ${ns} (${one?.size ?? 0} of ${nsPods})`,
      one?.size ?? 0,
      `/apis/metrics.k8s.io/v1beta1/namespaces/${ns}/pods`,
      () => fetchPodMetrics(t, { namespace: ns }),
    ],
    [
      `nodes (${nodes?.size ?? 0})`,
      nodes?.size ?? 0,
      '/apis/metrics.k8s.io/v1beta1/nodes',
      () => fetchNodeMetrics(t),
    ],
  ];
  for (const [label, n, path, poll] of rows) {
    const bytes = await bytesOf(sim, path);
    const { median: med, max } = await median(poll);
    log(
      `  ${label}: ${kb(bytes)} (${n ? (bytes / n).toFixed(0) : '-'} B each), poll median ${med.toFixed(1)} ms, max ${max.toFixed(1)} ms over ${ROUNDS}`,
    );
  }
  // the client's share: JSON.parse of the body and summing it into the map, without network or sim
  const body = await t.requestText('/apis/metrics.k8s.io/v1beta1/pods');
  const local = { request: <T>() => Promise.resolve(JSON.parse(body) as T) } as unknown as Transport;
  const { median: parse } = await median(() => fetchPodMetrics(local));
  log(`  client side of the all-namespaces poll (parse + sum): median ${parse.toFixed(1)} ms`);
  await t.close();
  await sim.close();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
