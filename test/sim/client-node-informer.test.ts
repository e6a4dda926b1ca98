// @kubernetes/client-node's informer (list, then watch) against the simulator: adds, updates, deletes,
// and it still equals the server after history is compacted. (A forced 410 → relist needs a dropped watch,
// i.e. the fault switches of issue 4; kubedeck's own reflector is tested through that path with a proxy.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CoreV1Api, KubeConfig, makeInformer } from '@kubernetes/client-node';
import type { Informer, ObjectCache, V1ConfigMap } from '@kubernetes/client-node';
import { startSim, CONFIGMAPS } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { waitFor } from '../helpers/wait.js';

let sim: SimHandle;
let kc: KubeConfig;
before(async () => {
  sim = await startSim({ scenario: 'empty' });
  kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig());
});
after(() => sim.close());

const cm = (name: string, v: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { v } }) as never;

test('client-node informer: add, update, delete; equal to the server after compaction', async () => {
  const core = kc.makeApiClient(CoreV1Api);
  sim.storage.create(CONFIGMAPS, cm('before', '0'));
  // makeInformer returns a ListWatch, which is also the informer's object cache
  const informer = makeInformer(kc, '/api/v1/namespaces/default/configmaps', () =>
    core.listNamespacedConfigMap({ namespace: 'default' }),
  ) as Informer<V1ConfigMap> & ObjectCache<V1ConfigMap>;
  const seen: string[] = [];
  informer.on('add', (o) => seen.push(`add ${o.metadata?.name}`));
  informer.on('update', (o) => seen.push(`update ${o.metadata?.name} ${o.data?.['v']}`));
  informer.on('delete', (o) => seen.push(`delete ${o.metadata?.name}`));
  const errors: unknown[] = [];
  informer.on('error', (e) => errors.push(e));
  await informer.start();
  try {
    await waitFor(() => seen.includes('add before'), { what: 'the initial list' });
    sim.storage.create(CONFIGMAPS, cm('a', '1'));
    sim.storage.mutate(CONFIGMAPS, 'default', 'before', (o) => {
      (o as unknown as { data: Record<string, string> }).data['v'] = '2';
    });
    sim.storage.delete(CONFIGMAPS, 'default', 'a');
    await waitFor(() => seen.includes('delete a') && seen.includes('update before 2'), { what: 'watch events' });
    assert.deepEqual(seen.slice(0, 4), ['add before', 'add a', 'update before 2', 'delete a']);

    // a change, then history compacted under the live watch
    sim.storage.create(CONFIGMAPS, cm('b', '3'));
    sim.storage.compact();
    await waitFor(() => informer.list('default').some((o) => o.metadata?.name === 'b'), { what: 'b', timeoutMs: 40000, intervalMs: 100 });
    const names = informer
      .list('default')
      .map((o) => o.metadata?.name)
      .sort();
    const server = sim.storage
      .list(CONFIGMAPS, 'default')
      .items.map((o) => o.metadata.name)
      .sort();
    assert.deepEqual(names, server);
    assert.deepEqual(errors, []);
  } finally {
    await informer.stop();
  }
});
