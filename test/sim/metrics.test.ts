// metrics.k8s.io/v1beta1 with kubectl top as the oracle: rows with CPU and memory for pods (one
// namespace, a label selector) and nodes; raw NodeMetrics/PodMetrics shapes; values deterministic.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSim } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { PODS } from '../../src/sim/resources.js';
import type { Pod } from '../../src/util/k8s.js';
import { podUsage, scrapeTime } from '../../src/sim/metrics/usage.js';
import { api, kubectlFor, parseTable } from './helpers.js';
import type { Kubectl } from './helpers.js';
import { waitFor } from '../helpers/wait.js';

let sim: SimHandle;
let k: Kubectl;

const running = (ns: string): Pod[] =>
  (sim.storage.list(PODS, ns).items as Pod[]).filter(
    (p) => p.status?.phase === 'Running' && p.status.containerStatuses?.every((c) => c.state?.running),
  );

before(async () => {
  sim = await startSim({ scenario: 'demo', seed: 4 });
  k = kubectlFor(sim);
  await waitFor(() => running('shop').length >= 6, { what: 'shop pods running', timeoutMs: 30_000 });
});
after(async () => {
  k.cleanup();
  await sim.close();
});

test('kubectl top pods -n shop: a row per running pod with CPU (m) and memory (Mi)', async () => {
  const r = await k.run(['top', 'pods', '-n', 'shop']);
  assert.equal(r.code, 0, r.stderr);
  const t = parseTable(r.stdout);
  assert.deepEqual(t.header, ['NAME', 'CPU(cores)', 'MEMORY(bytes)']);
  assert.ok(t.rows.length >= 6, r.stdout);
  for (const [name, cpu, mem] of t.rows) {
    assert.ok(name && (sim.storage.get(PODS, 'shop', name) as Pod | undefined), `${name} is a pod`);
    assert.match(cpu ?? '', /^\d+m$/);
    assert.match(mem ?? '', /^\d+Mi$/);
    assert.ok(Number((mem ?? '').slice(0, -2)) > 0);
  }
});

test('kubectl top pods -l selects by label; --containers lists containers', async () => {
  const all = parseTable((await k.run(['top', 'pods', '-n', 'shop'])).stdout).rows.map((x) => x[0]);
  const r = await k.run(['top', 'pods', '-n', 'shop', '-l', 'app=frontend']);
  assert.equal(r.code, 0, r.stderr);
  const names = parseTable(r.stdout).rows.map((x) => x[0] ?? '');
  assert.ok(names.length > 0 && names.length < all.length, r.stdout);
  assert.ok(
    names.every((n) => n.startsWith('frontend-')),
    r.stdout,
  );
  const c = await k.run(['top', 'pods', '-n', 'shop', '-l', 'app=frontend', '--containers']);
  assert.equal(c.code, 0, c.stderr);
  assert.deepEqual(parseTable(c.stdout).header, ['POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
});

test('kubectl top nodes: every Ready node with CPU, CPU%, memory, memory%', async () => {
  const r = await k.run(['top', 'nodes']);
  assert.equal(r.code, 0, r.stderr);
  const t = parseTable(r.stdout);
  assert.deepEqual(t.header.slice(0, 5), ['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
  assert.deepEqual(t.rows.map((x) => x[0]).sort(), [
    'kubedeck-control-plane',
    'kubedeck-worker',
    'kubedeck-worker2',
  ]);
  for (const row of t.rows) {
    assert.match(row[1] ?? '', /^\d+m$/);
    assert.match(row[2] ?? '', /^\d+%$/);
    assert.match(row[3] ?? '', /^\d+Mi$/);
    assert.match(row[4] ?? '', /^\d+%$/);
  }
  const one = await k.run(['top', 'node', 'kubedeck-worker']);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(parseTable(one.stdout).rows.length, 1);
});

test('raw API: PodMetrics and NodeMetrics shapes, 404 for a pod that is not running, read-only', async () => {
  const p = running('shop')[0];
  assert.ok(p);
  const m = (await api(sim, `/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods/${p.metadata.name}`)).json<{
    kind: string;
    window: string;
    timestamp: string;
    containers: { name: string; usage: { cpu: string; memory: string } }[];
  }>();
  assert.equal(m.kind, 'PodMetrics');
  assert.equal(m.window, '30s');
  assert.match(m.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.match(m.containers[0]?.usage.cpu ?? '', /^\d+n$/);
  assert.match(m.containers[0]?.usage.memory ?? '', /^\d+Ki$/);
  const nodes = (await api(sim, '/apis/metrics.k8s.io/v1beta1/nodes')).json<{
    kind: string;
    items: unknown[];
  }>();
  assert.equal(nodes.kind, 'NodeMetricsList');
  assert.equal(nodes.items.length, 3);
  assert.equal((await api(sim, '/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods/nope')).status, 404);
  assert.equal((await api(sim, '/apis/metrics.k8s.io/v1beta1/nodes', { method: 'DELETE' })).status, 405);
  assert.equal((await api(sim, '/apis/metrics.k8s.io/v1beta1/nodes', { token: null })).status, 401);
});

test('usage is deterministic for a seed and drifts slowly between scrapes', () => {
  const p = running('shop')[0];
  assert.ok(p);
  // the start of a scrape window, so that t0 + 1 s is in the same one (it straddled a boundary 1 time in 15)
  const t0 = scrapeTime(Date.parse(p.status?.startTime ?? '') + 3_600_000);
  const a = podUsage(4, p, t0);
  assert.deepEqual(a, podUsage(4, p, t0 + 1_000), 'same scrape window, same values');
  const b = podUsage(4, p, t0 + 15_000);
  const ratio = (b?.[0]?.usage.cpu ?? 0) / (a?.[0]?.usage.cpu ?? 1);
  assert.ok(ratio > 0.8 && ratio < 1.25, `slow drift: ${ratio}`);
  assert.notDeepEqual(a, podUsage(5, p, t0), 'another seed, other values');
});
