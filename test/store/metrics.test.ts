// The metrics overlay's poller, following a real AppStore: it asks once when a pods or nodes view opens
// and then every interval while one is shown (for the view's namespace and drill-down selector), stops
// when the view changes to anything else, drops answers for a view that is gone, logs errors without a
// flash, and stops asking for good when the cluster has no metrics API. Time is driven by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppStore } from '../../src/store/app-store.js';
import { METRICS_EVERY_MS, MetricsOverlay, metricsScope, pollEvery } from '../../src/store/metrics/metrics.js';
import type { MetricsScope, UsageMap } from '../../src/store/metrics/metrics.js';
import { resolveResource } from '../../src/resources/registry.js';
import type { ResourceDef } from '../../src/resources/types.js';
import { fakeSources } from '../helpers/fake-source.js';
import { FakeClock } from '../helpers/fake-clock.js';

const def = (name: string): ResourceDef => {
  const r = resolveResource(name);
  assert.ok(r, name);
  return r;
};
const pods = def('pods');
const nodes = def('nodes');
const deployments = def('deployments');

interface Call {
  scope: MetricsScope;
  signal: AbortSignal;
  resolve: (m: UsageMap | undefined) => void;
  reject: (e: Error) => void;
}

/** A fetch whose answers the test gives, and a clock the test moves. */
function harness(initial: ResourceDef, namespace: string | undefined) {
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: initial, namespace } });
  const calls: Call[] = [];
  const clock = new FakeClock();
  const logs: string[] = [];
  const overlay = new MetricsOverlay({
    store,
    fetch: (scope, signal) =>
      new Promise<UsageMap | undefined>((resolve, reject) => {
        calls.push({ scope, signal, resolve, reject });
      }),
    clock,
    log: (m) => logs.push(m),
  });
  const pending = () => clock.pending();
  /** The interval elapsing. */
  const elapse = () => clock.advance(METRICS_EVERY_MS);
  const settle = () => new Promise<void>((r) => setImmediate(r));
  const close = () => {
    overlay.stop();
    store.dispose();
  };
  return { store, overlay, calls, pending, elapse, settle, logs, close };
}

const usage = (entries: [string, number, number][]): UsageMap =>
  new Map(entries.map(([k, cpuMilli, memBytes]) => [k, { cpuMilli, memBytes }]));

test('metricsScope: pods with namespace and drill-down selector, nodes; nothing for other views', () => {
  assert.deepEqual(metricsScope({ resource: pods, namespace: 'shop' }), { kind: 'pods', namespace: 'shop' });
  assert.deepEqual(metricsScope({ resource: pods, namespace: undefined, labelSelector: 'app=web' }), {
    kind: 'pods',
    labelSelector: 'app=web',
  });
  assert.deepEqual(metricsScope({ resource: nodes, namespace: 'shop' }), { kind: 'nodes' });
  assert.equal(metricsScope({ resource: deployments, namespace: 'shop' }), undefined);
  assert.equal(
    // a kind that declares no usage (e.g. a CRD that happens to be called pods) has no metrics columns
    metricsScope({ resource: { ...pods, group: 'example.com', usage: undefined }, namespace: undefined }),
    undefined,
  );
});

test('a pods view is polled at once and every interval; leaving it stops the polling and drops the data', async () => {
  const h = harness(pods, 'shop');
  try {
    assert.equal(h.calls.length, 1, 'asked at once');
    assert.deepEqual(h.calls[0]?.scope, { kind: 'pods', namespace: 'shop' });
    assert.equal(h.overlay.has('pods'), false);
    assert.equal(h.pending().length, 0, 'the next poll is timed from the end of this one');
    let notified = 0;
    h.overlay.subscribe(() => notified++);
    const v0 = h.overlay.getVersion();
    h.calls[0]?.resolve(usage([['shop/web-1', 12, 40 * 2 ** 20]]));
    await h.settle();
    assert.equal(h.overlay.state, 'available');
    assert.ok(h.overlay.has('pods') && !h.overlay.has('nodes'));
    assert.deepEqual(h.overlay.usage('pods', 'shop/web-1'), { cpuMilli: 12, memBytes: 40 * 2 ** 20 });
    assert.equal(h.overlay.usage('pods', 'shop/other'), undefined);
    assert.ok(h.overlay.getVersion() > v0 && notified === 1);
    assert.deepEqual(
      h.pending().map((t) => t.ms),
      [15_000],
    );
    h.elapse();
    assert.equal(h.calls.length, 2, 'polled again after the interval');
    h.calls[1]?.resolve(usage([['shop/web-1', 20, 41 * 2 ** 20]]));
    await h.settle();
    assert.equal(h.overlay.usage('pods', 'shop/web-1')?.cpuMilli, 20);
    assert.equal(h.pending().length, 1);

    h.store.setView({ resource: deployments, namespace: 'shop' });
    assert.equal(h.pending().length, 0, 'timer cancelled');
    assert.equal(h.overlay.active, false);
    assert.equal(h.overlay.has('pods'), false, 'no stale usage kept');
    h.elapse();
    assert.equal(h.calls.length, 2, 'nothing asked while deployments are shown');
    // rows changing in the deployments view (snapshots published) do not start polling either
    h.store.setFilter('web');
    assert.equal(h.calls.length, 2);
  } finally {
    h.close();
  }
});

test('a big view is polled less often, in proportion to its size, up to 2 minutes', async () => {
  assert.equal(pollEvery(15_000, 0), 15_000);
  assert.equal(pollEvery(15_000, 10_000), 15_000);
  assert.equal(pollEvery(15_000, 30_000), 45_000);
  assert.equal(pollEvery(15_000, 100_000), 120_000);
  assert.equal(pollEvery(15_000, 1_000_000), 120_000);
  assert.equal(pollEvery(300_000, 100_000), 300_000, 'never sooner than the interval asked for');
  const h = harness(pods, undefined);
  try {
    const many: [string, number, number][] = Array.from({ length: 40_000 }, (_, i) => [`ns-${i % 50}/p-${i}`, 1, 1]);
    h.calls[0]?.resolve(usage(many));
    await h.settle();
    assert.deepEqual(h.pending().map((t) => t.ms), [60_000]);
    h.elapse();
    assert.equal(h.calls.length, 1, 'not asked again after 15 s');
    h.elapse();
    h.elapse();
    h.elapse();
    assert.equal(h.calls.length, 2, 'asked again after 60 s');
    // the view shrinks (a namespace): back to the interval
    h.calls[1]?.resolve(usage(many.slice(0, 800)));
    await h.settle();
    assert.deepEqual(h.pending().map((t) => t.ms), [15_000]);
  } finally {
    h.close();
  }
});

test('opening nodes asks for nodes at once; another namespace of pods asks for that namespace', async () => {
  const h = harness(deployments, 'shop');
  try {
    assert.equal(h.calls.length, 0, 'deployments: no metrics');
    h.store.setView({ resource: nodes, namespace: 'shop' });
    assert.deepEqual(
      h.calls.map((c) => c.scope),
      [{ kind: 'nodes' }],
    );
    h.calls[0]?.resolve(usage([['worker-1', 900, 2 ** 30]]));
    await h.settle();
    assert.ok(h.overlay.has('nodes'));
    // drilling into a node's pods: all namespaces (its pods' metrics carry no node name)
    const node = {
      key: 'worker-1',
      uid: 'n1',
      name: 'worker-1',
      rv: '1',
      labels: {},
      created: 0,
      deleting: false,
      namespace: undefined,
    };
    assert.ok(h.store.drill(node));
    assert.deepEqual(h.calls[1]?.scope, { kind: 'pods' });
    assert.equal(h.overlay.has('nodes'), false, 'node usage is not pod usage');
    assert.equal(h.pending().length, 0, "the nodes view's timer is gone");
    h.calls[1]?.resolve(usage([['shop/web-1', 5, 2 ** 20]]));
    await h.settle();
    h.store.setView({ resource: pods, namespace: 'kube-system' });
    assert.deepEqual(h.calls[2]?.scope, { kind: 'pods', namespace: 'kube-system' });
    assert.ok(h.calls[2]?.signal.aborted === false);
    assert.ok(h.overlay.has('pods'), 'pods data kept until the new namespace answers (no blinking columns)');
  } finally {
    h.close();
  }
});

test('an answer for a view that is gone is dropped; its request is aborted', async () => {
  const h = harness(pods, 'shop');
  try {
    const first = h.calls[0];
    h.store.setView({ resource: deployments, namespace: 'shop' });
    assert.equal(first?.signal.aborted, true);
    first?.resolve(usage([['shop/web-1', 1, 1]]));
    await h.settle();
    assert.equal(h.overlay.has('pods'), false);
    assert.equal(h.pending().length, 0, 'no poll scheduled for a view that is gone');
  } finally {
    h.close();
  }
});

test('errors are logged, not flashed, and polling goes on with the last data', async () => {
  const h = harness(pods, 'shop');
  try {
    h.calls[0]?.resolve(usage([['shop/web-1', 12, 2 ** 20]]));
    await h.settle();
    h.elapse();
    h.calls[1]?.reject(new Error('Server: metrics-server timed out'));
    await h.settle();
    assert.ok(h.logs.some((l) => l.includes('metrics-server timed out')));
    assert.equal(h.store.getSnapshot().flash, undefined, 'no flash');
    assert.equal(h.overlay.usage('pods', 'shop/web-1')?.cpuMilli, 12, 'last data kept');
    assert.equal(h.pending().length, 1, 'asked again later');
  } finally {
    h.close();
  }
});

test('a transient failure (503 from metrics-server restarting) retries with back-off and keeps the columns', async () => {
  const h = harness(pods, 'shop');
  try {
    h.calls[0]?.resolve(usage([['shop/web-1', 12, 2 ** 20]]));
    await h.settle();
    const delays: number[] = [];
    for (let i = 1; i <= 5; i++) {
      h.elapse();
      h.calls[i]?.reject(new Error('server error: 503 Service Unavailable'));
      await h.settle();
      delays.push(h.pending()[0]?.ms ?? -1);
      assert.equal(h.overlay.state, 'available', 'still available');
      assert.equal(h.overlay.has('pods'), true, 'columns kept');
    }
    assert.deepEqual(delays, [1000, 2000, 4000, 8000, 15_000]);
    h.elapse();
    h.calls[6]?.resolve(usage([['shop/web-1', 30, 2 ** 20]]));
    await h.settle();
    assert.equal(h.overlay.usage('pods', 'shop/web-1')?.cpuMilli, 30);
    assert.equal(h.pending()[0]?.ms, 15_000, 'back to the interval once it answers');
  } finally {
    h.close();
  }
});

test('no metrics API: asked once, then never again for this connection; no data', async () => {
  const h = harness(pods, undefined);
  try {
    let notified = 0;
    h.overlay.subscribe(() => notified++);
    h.calls[0]?.resolve(undefined);
    await h.settle();
    assert.equal(h.overlay.state, 'absent');
    assert.equal(h.overlay.has('pods'), false);
    assert.equal(h.overlay.active, false);
    assert.equal(h.pending().length, 0);
    assert.equal(notified, 1);
    h.store.setView({ resource: nodes, namespace: undefined });
    h.store.setView({ resource: pods, namespace: 'shop' });
    h.elapse();
    assert.equal(h.calls.length, 1, 'never asked again');
    assert.equal(h.store.getSnapshot().flash, undefined);
  } finally {
    h.close();
  }
});

test('stop: no more polls, in-flight request aborted', () => {
  const h = harness(pods, 'shop');
  h.overlay.stop();
  assert.equal(h.calls[0]?.signal.aborted, true);
  h.store.setView({ resource: nodes, namespace: undefined });
  h.elapse();
  assert.equal(h.calls.length, 1);
  h.store.dispose();
});
