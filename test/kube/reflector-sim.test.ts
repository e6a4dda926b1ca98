// The reflector against the real simulated cluster (HTTPS, its own watch and compaction), through a TCP
// proxy that can freeze and cut connections: add, update, delete, then a frozen watch while the cluster
// moves on and compacts → 410 → relist, ending with the cache equal to the server's state exactly.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseKubeconfig } from '../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../src/kube/kubeconfig.js';
import { Reflector } from '../../src/kube/reflector.js';
import { createTransport } from '../../src/kube/transport.js';
import type { RequestOptions, Transport } from '../../src/kube/transport.js';
import { PODS, startSim } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import type { KObject } from '../../src/util/k8s.js';
import { TcpProxy } from './tcp-proxy.js';
import { waitFor } from '../helpers/wait.js';

interface Row {
  key: string;
  rv: string;
  image: string;
}
const NS = 'default';

function podObj(name: string, image = 'nginx:1.27'): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS, labels: { test: 'reflector' } }, spec: { containers: [{ name: 'c', image }] } } as KObject;
}

void describe('Reflector against the simulated cluster', () => {
  let sim: SimHandle;
  let proxy: TcpProxy;
  let t: Transport;
  let r: Reflector<Row>;
  let lists = 0;
  let watchRvs: string[] = [];

  before(async () => {
    sim = await startSim({ scenario: 'empty', seed: 7 });
    proxy = await TcpProxy.to(sim.url);
    const yaml = sim.kubeconfig().split(sim.url).join(proxy.url);
    const load = parseKubeconfig(yaml, 'sim');
    assert.equal(load.kind, 'loaded');
    t = await createTransport((load as { config: LoadedKubeconfig }).config);
    const counting: Pick<Transport, 'request' | 'streamBatches'> = {
      request: <T>(path: string, o?: RequestOptions): Promise<T> => {
        if (!o?.query?.['continue']) lists++;
        return t.request<T>(path, o);
      },
      streamBatches: (path, o) => {
        watchRvs.push(String(o?.query?.['resourceVersion']));
        return t.streamBatches(path, o);
      },
    };
    r = new Reflector<Row>({
      transport: counting,
      path: { group: '', version: 'v1', plural: 'pods', namespace: NS },
      project: (o) => ({
        key: `${o.metadata.namespace}/${o.metadata.name}`,
        rv: o.metadata.resourceVersion ?? '',
        image: (o as { spec?: { containers?: { image?: string }[] } }).spec?.containers?.[0]?.image ?? '',
      }),
      onChange: () => undefined,
      timing: { pageSize: 3, healthyAfterMs: 50, backoff: { initialMs: 10, maxMs: 100, random: () => 0.5 } },
    });
  });
  after(async () => {
    await r?.stop();
    await t?.close();
    await proxy?.close();
    await sim?.close();
  });

  const serverState = (): Map<string, string> => new Map(sim.storage.list(PODS, NS).items.map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o.metadata.resourceVersion ?? '']));
  const same = (): boolean => {
    const s = serverState();
    if (s.size !== r.size) return false;
    for (const [k, rv] of s) if (r.get(k)?.rv !== rv) return false;
    return true;
  };
  const converge = async (what: string): Promise<void> => {
    try {
      await waitFor(same, { what: what, timeoutMs: 10_000 });
    } catch (e) {
      const mine = [...r.entries()].map(([k, v]) => `${k}@${v.rv}`).sort();
      const theirs = [...serverState()].map(([k, v]) => `${k}@${v}`).sort();
      throw new Error(`${(e as Error).message}: cache ${JSON.stringify(mine)} server ${JSON.stringify(theirs)}`, { cause: e });
    }
  };

  void it('lists (paginated) and follows add, update and delete', async () => {
    for (let i = 0; i < 7; i++) sim.storage.create(PODS, podObj(`p${i}`));
    r.start();
    await waitFor(() => r.synced, { what: 'synced', timeoutMs: 10_000 });
    await converge('initial list');
    assert.equal(lists, 1);

    sim.storage.create(PODS, podObj('added'));
    const cur = sim.storage.get(PODS, NS, 'p1');
    assert.ok(cur);
    sim.storage.update(PODS, { ...cur, spec: { containers: [{ name: 'c', image: 'nginx:1.28' }] } } as KObject);
    sim.storage.delete(PODS, NS, 'p2');
    await converge('add/update/delete');
    assert.equal(r.get(`${NS}/p1`)?.image, 'nginx:1.28');
    assert.equal(r.get(`${NS}/p2`), undefined);
    assert.equal(r.get(`${NS}/added`)?.image, 'nginx:1.27');
  });

  void it('relists after a frozen watch falls behind a compaction (410), leaving no ghosts or stale rows', async () => {
    await waitFor(() => proxy.connections > 0 && r.synced, { what: 'watching through the proxy' });
    const listsBefore = lists;
    const staleRv = r.resourceVersion;
    watchRvs = [];
    proxy.freeze();
    sim.storage.delete(PODS, NS, 'p3');
    sim.storage.create(PODS, podObj('while-frozen'));
    const p4 = sim.storage.get(PODS, NS, 'p4');
    assert.ok(p4);
    sim.storage.update(PODS, { ...p4, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } } as KObject);
    assert.ok(!same(), 'the frozen cache is behind');
    sim.storage.compact();
    proxy.cut();
    await converge('relisted after 410');
    assert.equal(watchRvs[0], staleRv, 'first re-watch resumed from the stale resourceVersion');
    assert.equal(lists, listsBefore + 1, 'exactly one relist');
    assert.equal(r.get(`${NS}/p3`), undefined, 'no ghost');
    assert.equal(r.get(`${NS}/p4`)?.image, 'busybox:1.36', 'no stale row');
    assert.ok(r.get(`${NS}/while-frozen`), 'no missing row');

    sim.storage.create(PODS, podObj('after-relist'));
    await converge('watching again after the relist');
    assert.equal(r.state.phase, 'synced');
  });
});
