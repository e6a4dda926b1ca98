// Fault injection: the SPEC and JSON forms, a dropped watch, a seeded error fraction, 410 after a forced
// compaction, latency on the injected clock, the admin endpoint's auth, and cluster faults (node loss,
// a crashed container, paused controllers) on a manual clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { startSim } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { parseFaultSpec } from '../../src/sim/faults/spec.js';
import { parseFaultJson } from '../../src/sim/faults/json.js';
import { FaultInjector } from '../../src/sim/faults/injector.js';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import type { Cluster } from '../../src/sim/cluster.js';
import { DEPLOYMENTS, NAMESPACES, NODES, PODS } from '../../src/sim/resources.js';
import type { Pod } from '../../src/util/k8s.js';
import { podSummary } from '../../src/util/printers.js';
import { api, watch } from './helpers.js';

const post = (sim: SimHandle, body: unknown, token?: string | null) =>
  api(sim, '/kubedeck-sim/faults', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
    ...(token !== undefined ? { token } : {}),
  });

test('SPEC: every fault parses; a bad one is one clear message', () => {
  const p = parseFaultSpec(
    'error=5%:503,latency=200ms~50ms,drop-watch=30s,compact@1m,kill-node=kubedeck-worker@10s,crash=shop/cart-1/cart:137@2m,pause-controllers@5s,resume-controllers@6s',
  );
  assert.ok(p.ok);
  assert.deepEqual(p.value.settings, {
    errorRate: 0.05,
    errorStatus: 503,
    latencyMs: 200,
    jitterMs: 50,
    dropWatchEveryMs: 30_000,
  });
  assert.deepEqual(
    p.value.actions.map((a) => [a.afterMs, a.action.kind]),
    [
      [60_000, 'compact'],
      [10_000, 'kill-node'],
      [120_000, 'crash'],
      [5_000, 'pause-controllers'],
      [6_000, 'resume-controllers'],
    ],
  );
  assert.deepEqual(p.value.actions[2]?.action, {
    kind: 'crash',
    namespace: 'shop',
    pod: 'cart-1',
    container: 'cart',
    exitCode: 137,
  });
  const bad = (s: string) => {
    const r = parseFaultSpec(s);
    assert.ok(!r.ok, s);
    return r.error;
  };
  assert.match(bad('explode=1'), /^unknown fault "explode" \(known: error, latency/);
  assert.match(bad('error=2'), /error rate must be 0-1/);
  assert.match(bad('error=0.1:200'), /error status must be 400-599/);
  assert.match(bad('latency=fast'), /latency needs a duration/);
  assert.match(bad('drop-watch=10ms'), /at least 100ms/);
  assert.match(bad('kill-node@5s'), /kill-node needs a node name/);
  assert.match(bad('crash=just-a-pod'), /crash needs NS\/POD/);
  assert.match(bad('error=0.1@5s'), /takes no @time/);
  assert.match(bad(''), /empty fault spec/);
  const j = parseFaultJson({ errorRate: 0.5, actions: [{ kind: 'kill-node' }] });
  assert.ok(!j.ok && /actions\[0\]: kill-node needs "node"/.test(j.error));
  assert.ok(!parseFaultJson({ surprise: 1 }).ok);
});

test('admin endpoint: 401 without a token, 403 for the viewer, 400 for a bad request; GET shows the settings', async () => {
  const sim = await startSim({ scenario: 'empty' });
  try {
    assert.equal((await post(sim, { errorRate: 0.5 }, null)).status, 401);
    assert.equal((await post(sim, { errorRate: 0.5 }, 'wrong')).status, 401);
    assert.equal((await post(sim, { errorRate: 0.5 }, sim.viewerToken)).status, 403);
    assert.equal((await api(sim, '/kubedeck-sim/faults', { token: null })).status, 401);
    const bad = await post(sim, { actions: [{ kind: 'nope' }] });
    assert.equal(bad.status, 400);
    assert.match(bad.json<{ message: string }>().message, /unknown kind "nope"/);
    const missing = await post(sim, { actions: [{ kind: 'kill-node', node: 'no-such-node' }] });
    assert.equal(missing.status, 422);
    assert.equal(sim.faults.current().errorRate, 0, 'nothing applied by the refused requests');
    const ok = await post(sim, { spec: 'latency=1ms', jitterMs: 1 });
    assert.equal(ok.status, 200, ok.body);
    const got = (await api(sim, '/kubedeck-sim/faults', { token: sim.viewerToken })).json<{
      settings: { latencyMs: number; jitterMs: number };
    }>();
    assert.deepEqual([got.settings.latencyMs, got.settings.jitterMs], [1, 1]);
  } finally {
    await sim.close();
  }
});

test('drop-watches ends every open watch; the client sees the stream end', async () => {
  const sim = await startSim({ scenario: 'empty' });
  try {
    const w = await watch(sim, '/api/v1/namespaces?watch=true');
    await w.until((e) => e.object.metadata?.name === 'kube-system');
    const r = await post(sim, { actions: [{ kind: 'drop-watches' }] });
    assert.equal(r.status, 200, r.body);
    assert.match(r.json<{ results: { message: string }[] }>().results[0]?.message ?? '', /dropped 1 watch/);
    await w.ended;
    assert.equal(await w.next(), undefined);
  } finally {
    await sim.close();
  }
});

async function statuses(seed: number, n: number): Promise<number[]> {
  const sim = await startSim({
    scenario: 'empty',
    seed,
    faults: { settings: { errorRate: 0.3 }, actions: [] },
  });
  try {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = await api(sim, '/api/v1/namespaces');
      if (r.status === 500) assert.equal(r.json<{ reason: string }>().reason, 'InternalError');
      out.push(r.status);
    }
    assert.equal(sim.faults.injectedErrors, out.filter((s) => s === 500).length);
    return out;
  } finally {
    await sim.close();
  }
}

test('error=0.3 with a fixed seed: about 30% are 500s, the same requests for the same seed', async () => {
  const a = await statuses(7, 120);
  const b = await statuses(7, 120);
  const c = await statuses(8, 120);
  const errors = a.filter((s) => s === 500).length;
  assert.ok(errors >= 20 && errors <= 60, `errors: ${errors}/120`);
  assert.ok(a.every((s) => s === 200 || s === 500));
  assert.deepEqual(a, b, 'same seed, same faults');
  assert.notDeepEqual(a, c, 'another seed, other faults');
});

test('forced compaction: a watch from an older resourceVersion gets 410 Expired', async () => {
  const sim = await startSim({ scenario: 'empty' });
  try {
    const rv = (await api(sim, '/api/v1/namespaces')).json<{ metadata: { resourceVersion: string } }>()
      .metadata.resourceVersion;
    sim.storage.create(NAMESPACES, { metadata: { name: 'later' } });
    const before = await watch(sim, `/api/v1/namespaces?watch=true&resourceVersion=${rv}`);
    const first = await before.next();
    assert.equal(first?.type, 'ADDED', 'history still kept before the compaction');
    before.close();
    const r = await post(sim, { actions: [{ kind: 'compact' }] });
    assert.equal(r.status, 200, r.body);
    const w = await watch(sim, `/api/v1/namespaces?watch=true&resourceVersion=${rv}`);
    const e = await w.next();
    assert.equal(e?.type, 'ERROR');
    assert.equal((e?.object as { code?: number }).code, 410);
    assert.equal((e?.object as { reason?: string }).reason, 'Expired');
  } finally {
    await sim.close();
  }
});

function manualCluster(): { s: ManualScheduler; c: Cluster; f: FaultInjector } {
  const s = new ManualScheduler(Date.UTC(2026, 0, 1, 12));
  const c = createCluster({ scenario: 'demo', seed: 2, scheduler: s });
  const f = new FaultInjector(
    {
      storage: c.storage,
      scheduler: s,
      killNode: (n) => c.killNode(n),
      restoreNode: (n) => c.restoreNode(n),
      pauseControllers: () => c.pauseControllers(),
      resumeControllers: () => c.resumeControllers(),
    },
    2,
  );
  s.advance(30_000);
  return { s, c, f };
}

test('latency on the injected clock: a request waits until the delay has passed', () => {
  const { s, c, f } = manualCluster();
  f.apply({ settings: { latencyMs: 200 }, actions: [] });
  let ran = false;
  f.gate({ destroyed: false } as ServerResponse, () => (ran = true));
  s.advance(199);
  assert.equal(ran, false);
  s.advance(1);
  assert.equal(ran, true);
  f.stop();
  c.stop();
  s.dispose();
});

test('kill-node at a time: NotReady/Unknown, pods Unknown, replaced elsewhere; restore-node brings it back', () => {
  const { s, c, f } = manualCluster();
  const node = 'kubedeck-worker';
  const onNode = () => (c.storage.list(PODS, 'shop').items as Pod[]).filter((p) => p.spec?.nodeName === node);
  assert.ok(onNode().length > 0);
  const plan = parseFaultSpec(`kill-node=${node}@5s,restore-node=${node}@10m`);
  assert.ok(plan.ok);
  assert.deepEqual(f.apply(plan.value), []);
  s.advance(50_000);
  const ready = () =>
    (
      c.storage.get(NODES, undefined, node) as {
        status?: { conditions?: { type: string; status: string }[] };
      }
    ).status?.conditions?.find((x) => x.type === 'Ready')?.status;
  assert.equal(ready(), 'Unknown');
  s.advance(301_000);
  assert.ok(onNode().every((p) => podSummary(p).status === 'Unknown'));
  s.advance(20_000);
  const live = (c.storage.list(PODS, 'shop').items as Pod[]).filter((p) => !p.metadata.deletionTimestamp);
  assert.ok(live.length > 0 && live.every((p) => p.spec?.nodeName !== node), 'replacements elsewhere');
  s.advance(240_000); // past 10 min: restored
  assert.equal(ready(), 'True');
  f.stop();
  c.stop();
  s.dispose();
});

test('crash: the container exits with the code and the kubelet restarts it', () => {
  const { s, c, f } = manualCluster();
  const running = (c.storage.list(PODS, 'shop').items as Pod[]).find(
    (p) => p.status?.phase === 'Running' && p.status.containerStatuses?.[0]?.state?.running,
  );
  assert.ok(running);
  const name = running.metadata.name ?? '';
  const r = f.run({ kind: 'crash', namespace: 'shop', pod: name, exitCode: 137 });
  assert.ok(r.ok, r.message);
  const now = () => c.storage.get(PODS, 'shop', name) as Pod;
  assert.equal(now().status?.containerStatuses?.[0]?.state?.terminated?.exitCode, 137);
  s.advance(5_000);
  const cs = now().status?.containerStatuses?.[0];
  assert.equal(cs?.restartCount, (running.status?.containerStatuses?.[0]?.restartCount ?? 0) + 1);
  assert.equal(cs?.lastState?.terminated?.exitCode, 137);
  assert.ok(cs?.state?.running);
  assert.ok(!f.run({ kind: 'crash', namespace: 'shop', pod: 'nope', exitCode: 1 }).ok);
  f.stop();
  c.stop();
  s.dispose();
});

test('pause-controllers: a scaled Deployment gets no pods until resume-controllers', () => {
  const { s, c, f } = manualCluster();
  const pods = () =>
    (c.storage.list(PODS, 'shop').items as Pod[]).filter(
      (p) => p.metadata.labels?.['app'] === 'frontend' && !p.metadata.deletionTimestamp,
    ).length;
  const before = pods();
  assert.ok(f.run({ kind: 'pause-controllers' }).ok);
  c.storage.mutate(DEPLOYMENTS, 'shop', 'frontend', (d) => {
    (d as { spec: { replicas: number } }).spec.replicas = before + 2;
  });
  s.advance(30_000);
  assert.equal(pods(), before, 'nothing reconciles while paused');
  assert.ok(f.run({ kind: 'resume-controllers' }).ok);
  s.advance(30_000);
  assert.equal(pods(), before + 2);
  f.stop();
  c.stop();
  s.dispose();
});

test('startSim refuses a fault plan that names an unknown node or whose immediate action fails', async () => {
  const plan = parseFaultSpec('kill-node=no-such-node@1m');
  assert.ok(plan.ok);
  await assert.rejects(
    startSim({ scenario: 'empty', faults: plan.value }),
    /faults: node "no-such-node" not found/,
  );
  const crash = parseFaultSpec('crash=default/nope');
  assert.ok(crash.ok);
  await assert.rejects(
    startSim({ scenario: 'empty', faults: crash.value }),
    /faults: pod default\/nope not found/,
  );
});
