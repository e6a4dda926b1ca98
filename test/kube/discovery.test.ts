// Discovery parsing from fixtures shaped like a real API server's answers (aggregated v2 and the legacy
// documents), and discover()'s choice between the two forms, against a fake transport.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AGGREGATED_ACCEPT, DiscoveryCache, discover, parseAggregated, parseResourceList, preferredGroupVersions } from '../../src/kube/discovery.js';
import { KubeError } from '../../src/kube/errors.js';
import type { RequestOptions } from '../../src/kube/transport.js';

const aggregatedCore = {
  kind: 'APIGroupDiscoveryList',
  apiVersion: 'apidiscovery.k8s.io/v2',
  metadata: {},
  items: [
    {
      metadata: { creationTimestamp: null },
      versions: [
        {
          version: 'v1',
          resources: [
            {
              resource: 'pods',
              responseKind: { group: '', version: 'v1', kind: 'Pod' },
              scope: 'Namespaced',
              singularResource: 'pod',
              verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
              shortNames: ['po'],
              categories: ['all'],
              subresources: [{ subresource: 'log', responseKind: { group: '', version: 'v1', kind: 'Pod' }, verbs: ['get'] }],
            },
            {
              resource: 'bindings',
              responseKind: { group: '', version: 'v1', kind: 'Binding' },
              scope: 'Namespaced',
              singularResource: 'binding',
              verbs: ['create'],
            },
            {
              resource: 'componentstatuses',
              responseKind: { group: '', version: 'v1', kind: 'ComponentStatus' },
              scope: 'Cluster',
              singularResource: 'componentstatus',
              verbs: ['get', 'list'],
              shortNames: ['cs'],
            },
          ],
          freshness: 'Current',
        },
      ],
    },
  ],
};

const aggregatedGroups = {
  kind: 'APIGroupDiscoveryList',
  apiVersion: 'apidiscovery.k8s.io/v2',
  metadata: {},
  items: [
    {
      metadata: { name: 'autoscaling', creationTimestamp: null },
      versions: [
        {
          version: 'v2',
          resources: [
            {
              resource: 'horizontalpodautoscalers',
              responseKind: { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' },
              scope: 'Namespaced',
              singularResource: 'horizontalpodautoscaler',
              verbs: ['list', 'watch', 'get'],
              shortNames: ['hpa'],
            },
          ],
        },
        {
          version: 'v1',
          resources: [
            {
              resource: 'horizontalpodautoscalers',
              responseKind: { group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscaler' },
              scope: 'Namespaced',
              singularResource: 'horizontalpodautoscaler',
              verbs: ['list', 'watch', 'get'],
              shortNames: ['hpa'],
            },
          ],
        },
      ],
    },
    {
      metadata: { name: 'example.com', creationTimestamp: null },
      versions: [
        {
          version: 'v1',
          resources: [
            {
              resource: 'widgets',
              responseKind: { group: 'example.com', version: 'v1', kind: 'Widget' },
              scope: 'Namespaced',
              singularResource: 'widget',
              verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
              shortNames: ['wg'],
            },
          ],
          freshness: 'Stale',
        },
      ],
    },
  ],
};

const legacyCoreList = {
  kind: 'APIResourceList',
  groupVersion: 'v1',
  resources: [
    { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list', 'watch'], shortNames: ['po'], categories: ['all'] },
    { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
    { name: 'nodes', singularName: 'node', namespaced: false, kind: 'Node', verbs: ['get', 'list', 'watch'], shortNames: ['no'] },
    { name: 'bindings', singularName: 'binding', namespaced: true, kind: 'Binding', verbs: ['create'] },
  ],
};
const legacyGroupList = {
  kind: 'APIGroupList',
  apiVersion: 'v1',
  groups: [
    {
      name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    },
    {
      name: 'stable.example.com',
      versions: [
        { groupVersion: 'stable.example.com/v2', version: 'v2' },
        { groupVersion: 'stable.example.com/v1', version: 'v1' },
      ],
      preferredVersion: { groupVersion: 'stable.example.com/v2', version: 'v2' },
    },
    { name: 'broken.example.com', versions: [{ groupVersion: 'broken.example.com/v1', version: 'v1' }] },
  ],
};
const legacyApps = {
  kind: 'APIResourceList',
  groupVersion: 'apps/v1',
  resources: [
    { name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: ['list', 'watch'], shortNames: ['deploy'] },
    { name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch'] },
  ],
};
const legacyStable = {
  kind: 'APIResourceList',
  groupVersion: 'stable.example.com/v2',
  resources: [{ name: 'crontabs', singularName: '', namespaced: false, kind: 'CronTab', verbs: ['list', 'watch', 'get'], shortNames: ['ct'] }],
};

void test('aggregated: listable and watchable kinds only, preferred version first, subresources and create-only kinds left out', () => {
  const kinds = parseAggregated(aggregatedCore);
  parseAggregated(aggregatedGroups, kinds, new Set(kinds.map((k) => `${k.plural}.${k.group}`)));
  assert.deepEqual(
    kinds.map((k) => `${k.plural}.${k.group}/${k.version}`),
    ['pods./v1', 'horizontalpodautoscalers.autoscaling/v2', 'widgets.example.com/v1'],
  );
  assert.deepEqual(kinds[0], {
    group: '',
    version: 'v1',
    kind: 'Pod',
    plural: 'pods',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
  });
  const w = kinds[2];
  assert.equal(w?.kind, 'Widget');
  assert.deepEqual(w?.shortNames, ['wg']);
});

void test('legacy: APIResourceList parsed with group/version from groupVersion; preferred versions from APIGroupList', () => {
  const core = parseResourceList(legacyCoreList);
  assert.deepEqual(
    core.map((k) => [k.plural, k.namespaced, k.singular]),
    [
      ['pods', true, 'pod'],
      ['nodes', false, 'node'],
    ],
  );
  const stable = parseResourceList(legacyStable);
  assert.deepEqual(stable[0], {
    group: 'stable.example.com',
    version: 'v2',
    kind: 'CronTab',
    plural: 'crontabs',
    singular: 'crontab',
    namespaced: false,
    shortNames: ['ct'],
    categories: [],
  });
  assert.deepEqual(preferredGroupVersions(legacyGroupList), ['apps/v1', 'stable.example.com/v2', 'broken.example.com/v1']);
  assert.deepEqual(parseAggregated({ items: 'nonsense' }), []);
  assert.deepEqual(parseResourceList(null), []);
});

function fakeTransport(docs: Record<string, unknown>, seen: { path: string; accept?: string }[] = []) {
  return {
    request<T>(path: string, o?: RequestOptions): Promise<T> {
      seen.push({ path, ...(o?.accept ? { accept: o.accept } : {}) });
      if (!(path in docs)) return Promise.reject(new KubeError('NotFound', `${path} not found`, { code: 404 }));
      return Promise.resolve(docs[path] as T);
    },
  };
}

void test('discover: aggregated in two requests with the apidiscovery Accept header', async () => {
  const seen: { path: string; accept?: string }[] = [];
  const r = await discover(fakeTransport({ '/api': aggregatedCore, '/apis': aggregatedGroups }, seen));
  assert.equal(r.form, 'aggregated');
  assert.equal(r.kinds.length, 3);
  assert.deepEqual(seen.map((s) => s.path).sort(), ['/api', '/apis']);
  for (const s of seen) assert.equal(s.accept, AGGREGATED_ACCEPT);
  assert.match(AGGREGATED_ACCEPT, /^application\/json;g=apidiscovery\.k8s\.io;v=v2;as=APIGroupDiscoveryList,/);
});

void test('discover: legacy walk of /api/v1 and each preferred group version; a failing group is reported, not fatal', async () => {
  const r = await discover(
    fakeTransport({
      '/api': { kind: 'APIVersions', versions: ['v1'] },
      '/apis': legacyGroupList,
      '/api/v1': legacyCoreList,
      '/apis/apps/v1': legacyApps,
      '/apis/stable.example.com/v2': legacyStable,
    }),
  );
  assert.equal(r.form, 'legacy');
  assert.deepEqual(
    r.kinds.map((k) => `${k.plural}.${k.group}`),
    ['pods.', 'nodes.', 'deployments.apps', 'crontabs.stable.example.com'],
  );
  assert.equal(r.partial.length, 1);
  assert.equal(r.partial[0]?.groupVersion, 'broken.example.com/v1');
  assert.equal(r.partial[0]?.error.reason, 'NotFound');
});

void test('discover rejects with a KubeError; the cache keeps its last good kinds and reports the error', async () => {
  await assert.rejects(discover(fakeTransport({})), (e: unknown) => e instanceof KubeError && e.reason === 'NotFound');
  let docs: Record<string, unknown> = { '/api': aggregatedCore, '/apis': aggregatedGroups };
  const t = { request: <T>(p: string, o?: RequestOptions) => fakeTransport(docs).request<T>(p, o) };
  let now = 1000;
  const cache = new DiscoveryCache(Promise.resolve(t), { now: () => now });
  let changes = 0;
  cache.onChange(() => changes++);
  assert.equal(cache.fresh(5000), false);
  const [a, b] = [cache.refresh(), cache.refresh()];
  assert.equal(a, b, 'concurrent refreshes share one discovery');
  const s = await a;
  assert.equal(s.phase, 'ready');
  assert.equal(cache.kinds.length, 3);
  assert.equal(cache.fresh(5000), true);
  now += 10_000;
  assert.equal(cache.fresh(5000), false);
  docs = {};
  const failed = await cache.refresh();
  assert.equal(failed.phase, 'error');
  assert.equal(failed.error?.reason, 'NotFound');
  assert.equal(cache.kinds.length, 3, 'last good answer kept');
  assert.ok(changes >= 4);
  cache.close();
});
