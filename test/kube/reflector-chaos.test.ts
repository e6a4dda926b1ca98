// Caches that never lie, under the simulator's own fault switches: while the demo cluster's controllers
// and kubelet keep changing pods, and this test scales, deletes and creates, the API server answers 30% of
// requests with 500, drops every watch every 700 ms and compacts every 1.5 s (so watches from old versions
// get 410). Then the faults stop: every cache (all pods, one namespace's deployments, a label-selected view)
// must equal the server's state exactly — no missing, ghost or stale object — and none may have stopped.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseKubeconfig } from '../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../src/kube/kubeconfig.js';
import { Reflector } from '../../src/kube/reflector.js';
import { createTransport } from '../../src/kube/transport.js';
import type { RequestOptions, Transport } from '../../src/kube/transport.js';
import { DEPLOYMENTS, PODS, startSim } from '../../src/sim/index.js';
import type { Gvr, SimHandle } from '../../src/sim/index.js';
import type { KObject } from '../../src/util/k8s.js';
import { parseLabelSelector, matchesLabels } from '../../src/util/selector.js';
import { waitFor } from '../helpers/wait.js';

interface Row {
  key: string;
  rv: string;
}
const project = (o: KObject): Row => ({ key: `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`, rv: o.metadata.resourceVersion ?? '' });

interface Cache {
  name: string;
  r: Reflector<Row>;
  gvr: Gvr;
  namespace?: string;
  selector?: string;
}

void describe('reflectors under 500s, dropped watches and forced 410s', () => {
  let sim: SimHandle;
  let t: Transport;
  const caches: Cache[] = [];
  const lists = new Map<string, number>();
  const watches = new Map<string, number>();

  before(async () => {
    sim = await startSim({ scenario: 'demo', seed: 11 });
    const load = parseKubeconfig(sim.kubeconfig(), 'sim');
    assert.equal(load.kind, 'loaded');
    t = await createTransport((load as { config: LoadedKubeconfig }).config);
    const mk = (name: string, gvr: Gvr, path: { group: string; version: string; plural: string; namespace?: string }, selector?: string): Cache => {
      const counting: Pick<Transport, 'request' | 'streamBatches'> = {
        request: <T>(p: string, o?: RequestOptions): Promise<T> => {
          if (!o?.query?.['continue']) lists.set(name, (lists.get(name) ?? 0) + 1);
          return t.request<T>(p, o);
        },
        streamBatches: (p, o) => {
          watches.set(name, (watches.get(name) ?? 0) + 1);
          return t.streamBatches(p, o);
        },
      };
      const r = new Reflector<Row>({
        transport: counting,
        path,
        ...(selector ? { labelSelector: selector } : {}),
        project,
        onChange: () => undefined,
        timing: { pageSize: 7, healthyAfterMs: 50, backoff: { initialMs: 20, maxMs: 200, random: Math.random } },
      });
      return { name, r, gvr, ...(path.namespace ? { namespace: path.namespace } : {}), ...(selector ? { selector } : {}) };
    };
    caches.push(
      mk('all pods', PODS, { group: '', version: 'v1', plural: 'pods' }),
      mk('shop deployments', DEPLOYMENTS, { group: 'apps', version: 'v1', plural: 'deployments', namespace: 'shop' }),
      mk('frontend pods', PODS, { group: '', version: 'v1', plural: 'pods', namespace: 'shop' }, 'app=frontend'),
    );
    for (const c of caches) c.r.start();
    for (const c of caches) await waitFor(() => c.r.synced, { what: `${c.name} synced`, timeoutMs: 15_000 });
  });
  after(async () => {
    for (const c of caches) await c.r.stop();
    await t?.close();
    await sim?.close();
  });

  const serverState = (c: Cache): Map<string, string> => {
    const sel = c.selector ? parseLabelSelector(c.selector) : undefined;
    const items = sim.storage.list(c.gvr, c.namespace).items.filter((o) => !sel || (sel.ok && matchesLabels(sel.selector, o.metadata.labels)));
    return new Map(items.map((o) => [`${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`, o.metadata.resourceVersion ?? '']));
  };
  const diff = (c: Cache): string | undefined => {
    const s = serverState(c);
    const mine = new Map([...c.r.entries()].map(([k, v]) => [k, v.rv]));
    const missing = [...s.keys()].filter((k) => !mine.has(k));
    const ghosts = [...mine.keys()].filter((k) => !s.has(k));
    const stale = [...s].filter(([k, rv]) => mine.has(k) && mine.get(k) !== rv).map(([k]) => k);
    if (!missing.length && !ghosts.length && !stale.length) return undefined;
    return `${c.name}: missing ${JSON.stringify(missing)} ghosts ${JSON.stringify(ghosts)} stale ${JSON.stringify(stale)}`;
  };

  void it('every cache equals the server afterwards, and none stopped', async () => {
    const lists0 = new Map(lists);
    const watches0 = new Map(watches);
    sim.faults.apply({ settings: { errorRate: 0.3, dropWatchEveryMs: 700, compactEveryMs: 1500 }, actions: [] });
    // churn for ~6 s: scale the shop's deployments up and down, delete pods, add and remove labelled pods
    const deps = sim.storage.list(DEPLOYMENTS, 'shop').items;
    for (let round = 0; round < 12; round++) {
      const d = deps[round % deps.length];
      if (d) {
        const cur = sim.storage.get(DEPLOYMENTS, 'shop', d.metadata.name ?? '') as (KObject & { spec: { replicas?: number } }) | undefined;
        if (cur) sim.storage.update(DEPLOYMENTS, { ...cur, spec: { ...cur.spec, replicas: round % 2 ? 1 : 3 } } as KObject);
      }
      const victim = sim.storage.list(PODS, 'shop').items[round % 3];
      if (victim) sim.storage.delete(PODS, 'shop', victim.metadata.name ?? '');
      const name = `chaos-${round}`;
      sim.storage.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', labels: { app: 'frontend', chaos: 'yes' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } as KObject);
      if (round >= 2) {
        const old = `chaos-${round - 2}`;
        if (sim.storage.get(PODS, 'shop', old)) sim.storage.delete(PODS, 'shop', old);
      }
      if (round % 3 === 0) {
        // a forced 410 for every cache: drop the watches, change what each one sees, compact, all in one
        // tick, so each re-opens its watch from a version the server no longer has
        sim.faults.run({ kind: 'drop-watches' });
        sim.storage.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: `gone-${round}`, namespace: 'shop', labels: { app: 'frontend' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } as KObject);
        const dep = sim.storage.get(DEPLOYMENTS, 'shop', deps[0]?.metadata.name ?? '');
        if (dep) sim.storage.update(DEPLOYMENTS, { ...dep, metadata: { ...dep.metadata, annotations: { ...dep.metadata.annotations, chaos: String(round) } } } as KObject);
        sim.faults.run({ kind: 'compact' });
        sim.storage.delete(PODS, 'shop', `gone-${round}`);
      }
      // Not synchronisation: the churn has to span real time, since the faults run on the server's own
      // timers (a watch dropped every 700 ms, a compaction every 1.5 s); the caches are checked below.
      await new Promise((r) => setTimeout(r, 500));
    }
    // the faults bit: every cache re-opened its watch many times and relisted after the forced 410s. On a
    // loaded machine the server's fault timers and the caches' backoff slip, so the faults stay on until
    // that has happened (not counted against the churn's wall time).
    const reopened = (c: Cache): number => (watches.get(c.name) ?? 0) - (watches0.get(c.name) ?? 0);
    const relisted = (c: Cache): number => (lists.get(c.name) ?? 0) - (lists0.get(c.name) ?? 0);
    const faultsBit = (): string | undefined => {
      const short = caches.filter((c) => reopened(c) < 4 || relisted(c) < 1);
      return short.length ? short.map((c) => `${c.name}: watches re-opened ${reopened(c)}, relists ${relisted(c)}`).join('; ') : undefined;
    };
    let shortfall: string | undefined;
    try {
      await waitFor(() => (shortfall = faultsBit()) === undefined, { what: 'every cache re-opened its watch and relisted', timeoutMs: 60_000 });
    } catch (e) {
      assert.fail(shortfall ?? String(e));
    }
    sim.faults.apply({ settings: { errorRate: 0, dropWatchEveryMs: 0, compactEveryMs: 0 }, actions: [] }, true);
    // the cluster keeps moving (kubelet stages): equal at some moment, for every cache
    for (const c of caches) {
      let last: string | undefined = 'not checked';
      try {
        await waitFor(() => (last = diff(c)) === undefined, { what: c.name, timeoutMs: 20_000 });
      } catch (e) {
        assert.fail(last === 'not checked' ? String(e) : last);
      }
      assert.equal(c.r.state.phase, 'synced', `${c.name} is synced`);
    }
  });
});
