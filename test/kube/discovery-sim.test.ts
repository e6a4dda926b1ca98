// Discovery and generic (server-side Table) reflectors against the simulated cluster on a loopback port:
// both discovery forms agree; CRDs (one namespaced, one cluster-scoped, with additionalPrinterColumns)
// show up after a refresh; a Table reflector lists their objects with the CRD's columns, and MODIFIED
// and DELETED events arrive as one-row Tables.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DiscoveryCache, discover } from '../../src/kube/discovery.js';
import { parseKubeconfig } from '../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../src/kube/kubeconfig.js';
import { Reflector } from '../../src/kube/reflector.js';
import { TABLE_ACCEPT, tableFormat } from '../../src/kube/table-format.js';
import { createTransport } from '../../src/kube/transport.js';
import type { RequestOptions, StreamOptions, Transport } from '../../src/kube/transport.js';
import { genericResource } from '../../src/resources/generic.js';
import type { GenericRec, GenericResourceDef } from '../../src/resources/generic.js';
import { startSim } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { widgetCrd } from '../helpers/widget-crd.js';
import { waitFor } from '../helpers/wait.js';

const NOW = () => Date.now();

const gadgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gadgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Cluster',
    names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        additionalPrinterColumns: [{ name: 'Phase', type: 'string', jsonPath: '.status.phase' }],
      },
    ],
  },
};

const widget = (namespace: string, name: string, color: string, size: number) => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name, namespace },
  spec: { color, size, owner: 'team-a' },
});

void describe('discovery and generic Table reflectors against the simulated cluster', () => {
  let sim: SimHandle;
  let t: Transport;
  const seen: { path: string; accept?: string; query?: string }[] = [];
  let counting: Pick<Transport, 'request' | 'streamBatches'>;
  const reflectors: Reflector<GenericRec>[] = [];

  before(async () => {
    sim = await startSim({ scenario: 'empty', seed: 3 });
    const load = parseKubeconfig(sim.kubeconfig(), 'sim');
    assert.equal(load.kind, 'loaded');
    t = await createTransport((load as { config: LoadedKubeconfig }).config);
    counting = {
      request: <T>(path: string, o?: RequestOptions): Promise<T> => {
        seen.push({ path, ...(o?.accept ? { accept: o.accept } : {}), query: JSON.stringify(o?.query ?? {}) });
        return t.request<T>(path, o);
      },
      streamBatches: (path: string, o?: StreamOptions) => {
        seen.push({ path, ...(o?.accept ? { accept: o.accept } : {}), query: JSON.stringify(o?.query ?? {}) });
        return t.streamBatches(path, o);
      },
    };
  });
  after(async () => {
    await Promise.all(reflectors.map((r) => r.stop()));
    await t?.close();
    await sim?.close();
  });

  function tableReflector(def: GenericResourceDef, namespace?: string): Reflector<GenericRec> {
    const r = new Reflector<GenericRec>({
      transport: counting,
      path: { group: def.group, version: def.version, plural: def.plural, ...(namespace ? { namespace } : {}) },
      project: def.project,
      format: tableFormat((defs) => def.setColumns(defs)),
      onChange: () => undefined,
    });
    reflectors.push(r);
    r.start();
    return r;
  }

  it('aggregated and legacy discovery find the same listable kinds', async () => {
    const t0 = performance.now();
    const agg = await discover(t);
    const ms = performance.now() - t0;
    // forcing plain JSON makes the server answer the legacy documents
    const legacyOnly = { request: <T>(p: string, o?: RequestOptions) => t.request<T>(p, { ...o, accept: 'application/json' }) };
    const leg = await discover(legacyOnly);
    assert.equal(agg.form, 'aggregated');
    assert.equal(leg.form, 'legacy');
    const ids = (ks: { plural: string; group: string; version: string; namespaced: boolean }[]) =>
      ks.map((k) => `${k.plural}.${k.group}/${k.version}/${k.namespaced}`).sort();
    assert.deepEqual(ids(leg.kinds), ids(agg.kinds));
    const pods = agg.kinds.find((k) => k.plural === 'pods' && k.group === '');
    assert.deepEqual(pods?.shortNames, ['po']);
    assert.ok(agg.kinds.some((k) => k.plural === 'customresourcedefinitions' && k.group === 'apiextensions.k8s.io'));
    assert.ok(!agg.kinds.some((k) => k.plural.includes('/')), 'no subresources');
    process.stderr.write(`# discovery (aggregated) against the sim: ${agg.kinds.length} listable kinds in ${ms.toFixed(1)} ms\n`);
  });

  it('a new CRD is found after a refresh; its Table reflector lists objects with the printer columns', async () => {
    const cache = new DiscoveryCache(Promise.resolve(t));
    await cache.refresh();
    assert.ok(!cache.kinds.some((k) => k.plural === 'widgets'));
    await t.request('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { method: 'POST', body: widgetCrd() });
    await t.request('/api/v1/namespaces', { method: 'POST', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } } });
    await t.request('/apis/example.com/v1/namespaces/default/widgets', { method: 'POST', body: widget('default', 'w1', 'red', 3) });
    await t.request('/apis/example.com/v1/namespaces/shop/widgets', { method: 'POST', body: widget('shop', 'w2', 'blue', 12) });
    const s = await cache.refresh();
    assert.equal(s.phase, 'ready');
    const info = cache.kinds.find((k) => k.plural === 'widgets');
    assert.deepEqual(info && { ...info }, {
      group: 'example.com',
      version: 'v1',
      kind: 'Widget',
      plural: 'widgets',
      singular: 'widget',
      namespaced: true,
      shortNames: ['wg'],
      categories: [],
    });
    cache.close();

    const def = genericResource(info as NonNullable<typeof info>);
    assert.deepEqual(def.columns.map((c) => c.name), ['NAME', 'AGE'], 'NAME and AGE until the server says');
    const r = tableReflector(def);
    await waitFor(() => r.synced && r.size === 2, { what: 'two widgets listed' });
    assert.deepEqual(
      def.columns.map((c) => `${c.name}${c.wide ? '(wide)' : ''}${c.align === 'right' ? '>' : ''}`),
      ['NAME', 'COLOR', 'SIZE>', 'OWNER(wide)', 'AGE'],
    );
    const w2 = r.get('shop/w2');
    assert.ok(w2, 'keyed namespace/name from the row metadata');
    assert.equal(w2.namespace, 'shop');
    assert.ok(w2.uid && w2.rv && Number.isFinite(w2.created), 'identity and age from includeObject=Metadata');
    assert.deepEqual(def.row(w2, w2.created + 65_000), ['w2', 'blue', '12', 'team-a', '65s']);
    const list = seen.find((x) => x.path === '/apis/example.com/v1/widgets' && !x.query?.includes('"watch"'));
    assert.equal(list?.accept, TABLE_ACCEPT);
    assert.match(list?.query ?? '', /"includeObject":"Metadata"/);

    // MODIFIED: a one-row Table without columnDefinitions
    await waitFor(() => seen.some((x) => x.path === '/apis/example.com/v1/widgets' && x.query?.includes('"watch"')), { what: 'watch open' });
    await t.request('/apis/example.com/v1/namespaces/shop/widgets/w2', {
      method: 'PATCH',
      body: { spec: { color: 'green' } },
      contentType: 'application/merge-patch+json',
    });
    await waitFor(() => r.get('shop/w2')?.cells[1] === 'green', { what: 'MODIFIED applied' });
    assert.equal(def.columns.length, 5, 'columns kept when events carry none');
    // DELETED
    await t.request('/apis/example.com/v1/namespaces/default/widgets/w1', { method: 'DELETE' });
    await waitFor(() => r.get('default/w1') === undefined, { what: 'DELETED applied' });
    assert.equal(r.size, 1);
    // a new object: ADDED
    await t.request('/apis/example.com/v1/namespaces/default/widgets', { method: 'POST', body: widget('default', 'w3', 'teal', 1) });
    await waitFor(() => r.get('default/w3')?.cells[1] === 'teal', { what: 'ADDED applied' });
    assert.equal(r.projectionErrors, 0);
  });

  it('a cluster-scoped CRD: rows keyed by name, its printer column, a namespaced view of one namespace', async () => {
    await t.request('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { method: 'POST', body: gadgetCrd });
    await t.request('/apis/example.com/v1alpha1/gadgets', {
      method: 'POST',
      body: { apiVersion: 'example.com/v1alpha1', kind: 'Gadget', metadata: { name: 'g1' }, status: { phase: 'Ready' } },
    });
    const { kinds } = await discover(t);
    const info = kinds.find((k) => k.plural === 'gadgets');
    assert.equal(info?.namespaced, false);
    assert.equal(info?.version, 'v1alpha1');
    const def = genericResource(info as NonNullable<typeof info>);
    const r = tableReflector(def);
    await waitFor(() => r.synced && r.size === 1, { what: 'gadget listed' });
    const g = r.get('g1');
    assert.ok(g);
    assert.equal(g.namespace, undefined);
    assert.deepEqual(def.columns.map((c) => c.name), ['NAME', 'PHASE']);
    assert.deepEqual(def.row(g, NOW()), ['g1', 'Ready']);
    assert.deepEqual(def.status(g), { text: 'Ready', tone: 'ok' });

    // one namespace of the widgets
    const winfo = kinds.find((k) => k.plural === 'widgets');
    const wdef = genericResource(winfo as NonNullable<typeof winfo>);
    const shop = tableReflector(wdef, 'shop');
    await waitFor(() => shop.synced && shop.size === 1, { what: 'shop widgets' });
    assert.ok(shop.get('shop/w2'));
  });

  it('Table BOOKMARKs (zero-row Tables) only advance the resourceVersion', async () => {
    const bsim = await startSim({ scenario: 'empty', seed: 4, bookmarkIntervalMs: 50 });
    const load = parseKubeconfig(bsim.kubeconfig(), 'sim');
    const bt = await createTransport((load as { config: LoadedKubeconfig }).config);
    const def = genericResource({ group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false });
    const r = new Reflector<GenericRec>({
      transport: bt,
      path: { group: '', version: 'v1', plural: 'namespaces' },
      project: def.project,
      format: tableFormat((d) => def.setColumns(d)),
      onChange: () => undefined,
    });
    try {
      r.start();
      await waitFor(() => r.synced && r.size > 0, { what: 'namespaces listed' });
      const size = r.size;
      // a change elsewhere moves the global resourceVersion; only a bookmark can tell this watch
      await bt.request('/api/v1/namespaces/default/configmaps', { method: 'POST', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bump' } } });
      const target = String(bsim.storage.currentRV());
      await waitFor(() => r.resourceVersion === target, { what: 'bookmark resourceVersion' });
      assert.equal(r.size, size, 'no row from a bookmark');
      assert.deepEqual(def.columns.map((c) => c.name), ['NAME', 'STATUS', 'AGE']);
      assert.equal(r.projectionErrors, 0);
    } finally {
      await r.stop();
      await bt.close();
      await bsim.close();
    }
  });
});
