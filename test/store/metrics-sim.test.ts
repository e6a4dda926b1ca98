// The metrics overlay end to end in the data layer: a real AppStore followed by the poller, whose fetch
// goes through a real transport to the simulated cluster (usage for every running pod of the view's
// namespace, then for every node), and to a server without metrics.k8s.io (absent, asked once).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppStore } from '../../src/store/app-store.js';
import { MetricsOverlay, transportMetricsFetch } from '../../src/store/metrics/metrics.js';
import { parseKubeconfig } from '../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../src/kube/kubeconfig.js';
import { createTransport } from '../../src/kube/transport.js';
import type { Transport } from '../../src/kube/transport.js';
import { startSim } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { PODS } from '../../src/sim/resources.js';
import type { Pod } from '../../src/util/k8s.js';
import { resolveResource } from '../../src/resources/registry.js';
import type { ResourceDef } from '../../src/resources/types.js';
import { fakeSources } from '../helpers/fake-source.js';
import { FakeApiServer } from '../kube/fake-apiserver.js';
import { waitFor } from '../helpers/wait.js';

const pods = resolveResource('pods') as ResourceDef;
const nodes = resolveResource('nodes') as ResourceDef;
const deployments = resolveResource('deployments') as ResourceDef;

async function transportFor(kubeconfig: string): Promise<Transport> {
  const load = parseKubeconfig(kubeconfig, 'test');
  assert.equal(load.kind, 'loaded');
  return createTransport((load as { config: LoadedKubeconfig }).config);
}

void describe('metrics overlay against the simulated cluster', () => {
  let sim: SimHandle;
  let t: Transport;
  before(async () => {
    sim = await startSim({ scenario: 'demo', seed: 4 });
    t = await transportFor(sim.kubeconfig());
    await waitFor(() =>
        (sim.storage.list(PODS, 'shop').items as Pod[]).filter((p) =>
          p.status?.containerStatuses?.some((c) => c.state?.running),
        ).length >= 6, { what: 'shop pods running', timeoutMs: 30_000 });
  });
  after(async () => {
    await t?.close();
    await sim?.close();
  });

  it('polls the pods view’s namespace, then nodes when they are shown, and stops on other views', async () => {
    const store = new AppStore({
      sources: fakeSources().factory,
      initial: { resource: pods, namespace: 'shop' },
    });
    const overlay = new MetricsOverlay({ store, fetch: transportMetricsFetch(Promise.resolve(t)) });
    try {
      await waitFor(() => overlay.has('pods'), { what: 'pod usage', timeoutMs: 10_000 });
      assert.equal(overlay.state, 'available');
      const running = (sim.storage.list(PODS, 'shop').items as Pod[]).filter(
        (p) =>
          p.status?.phase === 'Running' &&
          !p.metadata.deletionTimestamp &&
          p.status.containerStatuses?.every((c) => c.state?.running),
      );
      const withUsage = running.filter((p) => overlay.usage('pods', `shop/${p.metadata.name ?? ''}`));
      assert.ok(
        withUsage.length >= running.length - 1 && withUsage.length >= 5,
        `${withUsage.length} of ${running.length} running pods have usage`,
      );
      for (const p of withUsage) {
        const u = overlay.usage('pods', `shop/${p.metadata.name ?? ''}`);
        assert.ok(u && u.cpuMilli > 0 && u.memBytes > 0);
      }
      const system = (sim.storage.list(PODS, 'kube-system').items as Pod[]).map(
        (p) => `kube-system/${p.metadata.name ?? ''}`,
      );
      assert.ok(system.length > 0);
      assert.ok(
        system.every((key) => overlay.usage('pods', key) === undefined),
        'only the view’s namespace',
      );

      store.setView({ resource: nodes, namespace: undefined });
      await waitFor(() => overlay.has('nodes'), { what: 'node usage', timeoutMs: 10_000 });
      for (const n of ['kubedeck-control-plane', 'kubedeck-worker', 'kubedeck-worker2'])
        assert.ok(overlay.usage('nodes', n), n);

      const polls = overlay.polls;
      store.setView({ resource: deployments, namespace: 'shop' });
      assert.equal(overlay.active, false);
      assert.equal(overlay.has('nodes'), false);
      assert.equal(overlay.polls, polls);
    } finally {
      overlay.stop();
      store.dispose();
    }
  });
});

void describe('metrics overlay against a cluster without metrics.k8s.io', () => {
  it('asks once, reports the API absent, adds nothing, asks no more', async () => {
    const api = await new FakeApiServer().listen();
    const tr = await transportFor(api.kubeconfig());
    const store = new AppStore({
      sources: fakeSources().factory,
      initial: { resource: pods, namespace: 'default' },
    });
    const overlay = new MetricsOverlay({ store, fetch: transportMetricsFetch(Promise.resolve(tr)) });
    try {
      await waitFor(() => overlay.state === 'absent', { what: 'absent', timeoutMs: 5000 });
      assert.equal(overlay.has('pods'), false);
      store.setView({ resource: nodes, namespace: undefined });
      store.setView({ resource: pods, namespace: undefined });
      assert.equal(overlay.polls, 1);
      assert.equal(api.requests.filter((r) => r.path.startsWith('/apis/metrics.k8s.io/')).length, 1);
      assert.equal(store.getSnapshot().flash, undefined, 'no error flash');
    } finally {
      overlay.stop();
      store.dispose();
      await tr.close();
      await api.close();
    }
  });
});
