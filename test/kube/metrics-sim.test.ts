// Per-pod and per-node usage from metrics.k8s.io against the simulated cluster on a loopback port, with
// `kubectl top` as the oracle: the same CPU (millicores) and memory (MiB) for pods of one namespace, of
// all namespaces, and for nodes (with %CPU/%MEM over allocatable). The sim's values change every 15 s
// scrape, so each comparison is made inside one scrape window (ours read before and after kubectl agree).
// A server without the metrics API (404) gives undefined, never an error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AllocatableCache, fetchClusterUsage, fetchNodeMetrics, fetchPodMetrics } from '../../src/kube/metrics.js';
import type { UsageMap } from '../../src/kube/metrics.js';
import { parseKubeconfig } from '../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../src/kube/kubeconfig.js';
import { createTransport } from '../../src/kube/transport.js';
import type { Transport } from '../../src/kube/transport.js';
import { startSim } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { NODES, PODS } from '../../src/sim/resources.js';
import type { Pod } from '../../src/util/k8s.js';
import type { KObject } from '../../src/util/k8s.js';
import { nodes } from '../../src/resources/nodes.js';
import { formatCpu, formatMemory, formatPercent } from '../../src/util/quantity.js';
import { kubectlFor } from '../sim/helpers.js';
import type { Kubectl } from '../sim/helpers.js';
import { FakeApiServer } from './fake-apiserver.js';
import { waitFor } from '../helpers/wait.js';
import { createServer } from 'node:http';

async function transportFor(kubeconfig: string): Promise<Transport> {
  const load = parseKubeconfig(kubeconfig, 'test');
  assert.equal(load.kind, 'loaded');
  return createTransport((load as { config: LoadedKubeconfig }).config);
}

/** kubectl's `--no-headers` rows as arrays of cells. */
const rowsOf = (out: string): string[][] =>
  out
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => l.trim().split(/\s+/));

/**
 * Ours, kubectl's output, ours again; retried until every pod in both of ours reads the same (one scrape
 * window: a new window changes every value). `map` holds only those pods, so pods that came or went
 * meanwhile (the demo has crash-looping pods and finishing jobs) are left out of the comparison.
 */
async function inOneWindow(
  ours: () => Promise<UsageMap | undefined>,
  theirs: () => Promise<string>,
): Promise<{ map: UsageMap; out: string; churn: number }> {
  let fallback: { map: UsageMap; out: string; churn: number } | undefined;
  for (let attempt = 0; attempt < 6; attempt++) {
    const a = await ours();
    const out = await theirs();
    const b = await ours();
    assert.ok(a && b, 'the sim serves metrics.k8s.io');
    const map: UsageMap = new Map([...a].filter(([key]) => b.has(key)));
    const stable =
      map.size > 0 &&
      [...map].every(
        ([key, u]) => b.get(key)?.cpuMilli === u.cpuMilli && b.get(key)?.memBytes === u.memBytes,
      );
    if (!stable) continue;
    const churn = a.size + b.size - 2 * map.size;
    if (churn === 0) return { map, out, churn };
    fallback = { map, out, churn }; // pods came or went: try for a quiet moment, else compare the rest
  }
  if (fallback) return fallback;
  throw new Error('metrics kept changing between reads');
}

void describe('metrics.k8s.io per pod and per node against the simulated cluster (kubectl top as the oracle)', () => {
  let sim: SimHandle;
  let t: Transport;
  let k: Kubectl;
  const running = (ns?: string): Pod[] =>
    (sim.storage.list(PODS, ns).items as Pod[]).filter(
      (p) => p.status?.phase === 'Running' && p.status.containerStatuses?.every((c) => c.state?.running),
    );

  before(async () => {
    sim = await startSim({ scenario: 'demo', seed: 4 });
    t = await transportFor(sim.kubeconfig());
    k = kubectlFor(sim);
    // every shop pod up (the namespace then holds still); other namespaces have jobs and crash loops
    await waitFor(() =>
        running('shop').length >= 6 && running('shop').length === sim.storage.list(PODS, 'shop').items.length, { what: 'shop pods running', timeoutMs: 30_000 });
  });
  after(async () => {
    k?.cleanup();
    await t?.close();
    await sim?.close();
  });

  const kubectl = async (args: string[]): Promise<string> => {
    const r = await k.run(args);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  };

  it('pods of one namespace: CPU and MEM equal `kubectl top pods -n shop`', async () => {
    const { map, out, churn } = await inOneWindow(
      () => fetchPodMetrics(t, { namespace: 'shop' }),
      () => kubectl(['top', 'pods', '-n', 'shop', '--no-headers']),
    );
    const rows = rowsOf(out);
    assert.ok(rows.length >= 6, out);
    if (churn === 0) assert.equal(map.size, rows.length, 'one entry per pod kubectl lists');
    for (const [name, cpu, mem] of rows) {
      const u = map.get(`shop/${name}`);
      if (!u && churn > 0) continue;
      assert.ok(u, `${name} has usage`);
      assert.equal(`${formatCpu(u.cpuMilli)}m`, cpu, `${name} CPU`);
      assert.equal(`${formatMemory(u.memBytes)}Mi`, mem, `${name} MEM`);
    }
    assert.ok([...map.keys()].every((key) => key.startsWith('shop/')));
  });

  it('pods of all namespaces: equal `kubectl top pods -A`', async () => {
    const { map, out } = await inOneWindow(
      () => fetchPodMetrics(t),
      () => kubectl(['top', 'pods', '-A', '--no-headers']),
    );
    const rows = rowsOf(out);
    assert.ok(new Set(rows.map((r) => r[0])).size >= 3, 'several namespaces');
    const compared = rows.filter(([ns, name]) => map.has(`${ns}/${name}`));
    assert.ok(
      compared.length >= rows.length - 3 && compared.length >= map.size - 3,
      `pods came or went: ${rows.length} vs ${map.size}`,
    );
    for (const [ns, name, cpu, mem] of compared) {
      const u = map.get(`${ns}/${name}`);
      assert.ok(u);
      assert.equal(`${formatCpu(u.cpuMilli)}m`, cpu);
      assert.equal(`${formatMemory(u.memBytes)}Mi`, mem);
    }
  });

  it('a label selector narrows the pods as `kubectl top pods -l` does', async () => {
    const { map, out, churn } = await inOneWindow(
      () => fetchPodMetrics(t, { namespace: 'shop', labelSelector: 'app=frontend' }),
      () => kubectl(['top', 'pods', '-n', 'shop', '-l', 'app=frontend', '--no-headers']),
    );
    const names = rowsOf(out).map((r) => `shop/${r[0]}`);
    assert.ok(names.length > 0 && [...map.keys()].every((key) => key.startsWith('shop/frontend-')));
    if (churn === 0) assert.deepEqual([...map.keys()].sort(), names.sort());
    else
      assert.ok(
        [...map.keys()].every((key) => names.includes(key)),
        `${[...map.keys()].join(' ')} vs ${out}`,
      );
  });

  it('nodes: CPU, MEM and %CPU/%MEM over allocatable equal `kubectl top nodes`', async () => {
    const { map, out } = await inOneWindow(
      () => fetchNodeMetrics(t),
      () => kubectl(['top', 'nodes', '--no-headers']),
    );
    const rows = rowsOf(out);
    assert.equal(rows.length, 3, out);
    for (const [name, cpu, cpuPct, mem, memPct] of rows) {
      const u = map.get(name ?? '');
      assert.ok(u, `${name} has usage`);
      const rec = nodes.project(sim.storage.get(NODES, undefined, name ?? '') as KObject);
      assert.equal(`${formatCpu(u.cpuMilli)}m`, cpu);
      assert.equal(`${formatMemory(u.memBytes)}Mi`, mem);
      assert.equal(`${formatPercent(u.cpuMilli, rec.cpuAlloc)}%`, cpuPct);
      assert.equal(`${formatPercent(u.memBytes, rec.memAlloc)}%`, memPct);
    }
  });

  it('the header’s cluster usage is the nodes’ usage summed (over their allocatable)', async () => {
    for (let attempt = 0; attempt < 4; attempt++) {
      const before = await fetchNodeMetrics(t);
      const u = await fetchClusterUsage(t);
      const after = await fetchNodeMetrics(t);
      assert.ok(before && after && u);
      const sum = (m: UsageMap, f: 'cpuMilli' | 'memBytes') => [...m.values()].reduce((a, x) => a + x[f], 0);
      if (sum(before, 'cpuMilli') !== sum(after, 'cpuMilli')) continue; // a scrape boundary in between
      assert.equal(u.nodes, 3);
      assert.equal(u.cpuMilli, sum(before, 'cpuMilli'));
      assert.equal(u.memBytes, sum(before, 'memBytes'));
      const alloc = sim.storage.list(NODES).items.map((n) => nodes.project(n));
      assert.equal(
        u.cpuAllocMilli,
        alloc.reduce((a, r) => a + r.cpuAlloc, 0),
      );
      assert.equal(
        u.memAllocBytes,
        alloc.reduce((a, r) => a + r.memAlloc, 0),
      );
      return;
    }
    assert.fail('node metrics kept changing');
  });

  it('the header’s poll lists the nodes again only for a node it does not know, or after maxAgeMs', async () => {
    const paths: string[] = [];
    const counting = new Proxy(t, {
      get: (target, key, receiver) =>
        key === 'request'
          ? (path: string, opts?: object) => {
              paths.push(path);
              return target.request(path, opts);
            }
          : (Reflect.get(target, key, receiver) as unknown),
    });
    const listings = (): number => paths.filter((p) => p === '/api/v1/nodes').length;
    let now = 0;
    const cache = new AllocatableCache(60_000, () => now);
    const first = await fetchClusterUsage(counting, undefined, cache);
    const second = await fetchClusterUsage(counting, undefined, cache);
    assert.equal(listings(), 1, 'the second look reads the nodes kept from the first');
    assert.equal(second?.cpuAllocMilli, first?.cpuAllocMilli);
    assert.equal(second?.nodes, 3);
    now += 60_001;
    await fetchClusterUsage(counting, undefined, cache);
    assert.equal(listings(), 2, 'listed again once the kept nodes are older than maxAgeMs');
    // a node reporting metrics that the cache does not know (one came since)
    const known = cache.get(sim.storage.list(NODES).items.map((n) => n.metadata.name ?? ''));
    assert.ok(known);
    const [gone] = [...known.keys()];
    cache.set(new Map([...known].filter(([name]) => name !== gone)));
    const u = await fetchClusterUsage(counting, undefined, cache);
    assert.equal(listings(), 3, 'listed again for a node it did not know');
    assert.equal(u?.nodes, 3);
  });

  it('a namespace without running pods is an empty map, not absence', async () => {
    const m = await fetchPodMetrics(t, { namespace: 'no-such-namespace' });
    assert.ok(m);
    assert.equal(m.size, 0);
  });
});

void describe('a cluster without metrics.k8s.io', () => {
  it('pod and node metrics resolve undefined (404 is absence, not an error)', async () => {
    const api = await new FakeApiServer().listen();
    const t = await transportFor(api.kubeconfig());
    try {
      assert.equal(await fetchPodMetrics(t, { namespace: 'default' }), undefined);
      assert.equal(await fetchPodMetrics(t), undefined);
      assert.equal(await fetchNodeMetrics(t), undefined);
      assert.equal(await fetchClusterUsage(t), undefined);
      assert.ok(api.requests.some((r) => r.path === '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods'));
    } finally {
      await t.close();
      await api.close();
    }
  });
});

void describe('metrics-server restarting', () => {
  it('a 503 from metrics.k8s.io rejects (transient), it is not absence', async () => {
    const srv = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (path === '/apis/metrics.k8s.io') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ kind: 'APIGroup', apiVersion: 'v1', name: 'metrics.k8s.io', versions: [] }));
        return;
      }
      res.writeHead(503, { 'Content-Type': 'text/plain' });
      res.end('service unavailable');
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    const t = await transportFor(
      `current-context: x\nclusters: [{name: x, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]\ncontexts: [{name: x, context: {cluster: x}}]\n`,
    );
    try {
      await assert.rejects(fetchPodMetrics(t, { namespace: 'default' }), /503/);
      await assert.rejects(fetchNodeMetrics(t), /503/);
      await assert.rejects(fetchClusterUsage(t), /503/);
    } finally {
      await t.close();
      await new Promise<void>((r) => srv.close(() => r()));
    }
  });
});
