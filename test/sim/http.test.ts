// The simulator's API over HTTPS: auth, discovery, errors, list paging, get, Tables.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSim, ManualScheduler, PODS, NAMESPACES } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import type { KObject } from '../../src/util/k8s.js';
import { api, TABLE_ACCEPT } from './helpers.js';

let sim: SimHandle;
const scheduler = new ManualScheduler(Date.UTC(2026, 0, 1, 12, 0, 0));

const pod = (ns: string, name: string, labels: Record<string, string> = {}): KObject => ({
  metadata: { name, namespace: ns, labels },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
});

before(async () => {
  sim = await startSim({ scenario: 'empty', scheduler });
  sim.storage.create(NAMESPACES, { metadata: { name: 'paging' } });
  for (let i = 0; i < 7; i++)
    sim.storage.create(PODS, pod('paging', `p${i}`, { app: i % 2 ? 'odd' : 'even', i: String(i) }));
});
after(async () => {
  await sim.close();
});

test('auth: 401 Status without or with a wrong token; viewer token reads; /version is open', async () => {
  for (const token of [null, 'wrong', `${sim.token}x`]) {
    const r = await api(sim, '/api/v1/pods', { token });
    assert.equal(r.status, 401);
    assert.deepEqual(r.json(), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
  }
  assert.equal((await api(sim, '/api/v1/pods', { token: sim.viewerToken })).status, 200);
  const v = await api(sim, '/version', { token: null });
  assert.equal(v.status, 200);
  assert.equal(v.json()['gitVersion'], 'v1.32.0+kubedeck-sim');
  assert.equal(v.json()['minor'], '32');
  assert.ok(sim.url.startsWith('https://127.0.0.1:'));
});

test('aggregated discovery: exact Content-Type and resources with verbs, shortNames, categories, subresources', async () => {
  const accept =
    'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
  const core = await api(sim, '/api', { accept });
  assert.equal(
    core.headers['content-type'],
    'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
  );
  type Disc = {
    kind: string;
    items: {
      metadata: { name?: string };
      versions: { version: string; resources: Record<string, unknown>[] }[];
    }[];
  };
  const c = core.json<Disc>();
  assert.equal(c.kind, 'APIGroupDiscoveryList');
  assert.equal(c.items.length, 1);
  assert.equal(c.items[0]?.metadata.name ?? '', '');
  const res = c.items[0]?.versions[0]?.resources ?? [];
  const pods = res.find((r) => r['resource'] === 'pods') ?? {};
  assert.deepEqual(pods['shortNames'], ['po']);
  assert.deepEqual(pods['categories'], ['all']);
  assert.equal(pods['scope'], 'Namespaced');
  assert.ok((pods['verbs'] as string[]).includes('watch'));
  const subs = (pods['subresources'] as { subresource: string }[]).map((s) => s.subresource);
  for (const s of ['log', 'exec', 'attach', 'portforward', 'status']) assert.ok(subs.includes(s), s);
  const ns = res.find((r) => r['resource'] === 'namespaces') ?? {};
  assert.equal(ns['scope'], 'Cluster');
  assert.equal(ns['categories'], undefined, 'namespaces are not in "all"');
  const svc = res.find((r) => r['resource'] === 'services') ?? {};
  assert.deepEqual(svc['shortNames'], ['svc']);

  const groups = (await api(sim, '/apis', { accept })).json<Disc>();
  const apps = groups.items.find((g) => g.metadata.name === 'apps');
  const deploy = apps?.versions[0]?.resources.find((r) => r['resource'] === 'deployments') ?? {};
  assert.deepEqual(deploy['shortNames'], ['deploy']);
  const scale = (
    deploy['subresources'] as { subresource: string; responseKind: { group: string; kind: string } }[]
  ).find((s) => s.subresource === 'scale');
  assert.deepEqual(scale?.responseKind, { group: 'autoscaling', version: 'v1', kind: 'Scale' });
});

test('legacy discovery: APIVersions, APIGroupList, APIGroup, APIResourceList', async () => {
  const v = (await api(sim, '/api')).json();
  assert.equal(v['kind'], 'APIVersions');
  assert.deepEqual(v['versions'], ['v1']);
  const g = (await api(sim, '/apis')).json<{
    kind: string;
    groups: { name: string; preferredVersion: { groupVersion: string } }[];
  }>();
  assert.equal(g.kind, 'APIGroupList');
  assert.deepEqual(
    g.groups.map((x) => [x.name, x.preferredVersion.groupVersion]),
    [
      ['apps', 'apps/v1'],
      ['batch', 'batch/v1'],
      ['networking.k8s.io', 'networking.k8s.io/v1'],
      ['storage.k8s.io', 'storage.k8s.io/v1'],
      ['discovery.k8s.io', 'discovery.k8s.io/v1'],
      ['coordination.k8s.io', 'coordination.k8s.io/v1'],
      ['policy', 'policy/v1'],
      ['autoscaling', 'autoscaling/v2'],
      ['scheduling.k8s.io', 'scheduling.k8s.io/v1'],
      ['events.k8s.io', 'events.k8s.io/v1'],
      ['rbac.authorization.k8s.io', 'rbac.authorization.k8s.io/v1'],
      ['authentication.k8s.io', 'authentication.k8s.io/v1'],
      ['authorization.k8s.io', 'authorization.k8s.io/v1'],
      ['apiextensions.k8s.io', 'apiextensions.k8s.io/v1'],
      ['metrics.k8s.io', 'metrics.k8s.io/v1beta1'],
    ],
  );
  assert.equal((await api(sim, '/apis/apps')).json()['kind'], 'APIGroup');
  type RL = {
    kind: string;
    groupVersion: string;
    resources: { name: string; namespaced: boolean; kind: string; shortNames?: string[]; group?: string }[];
  };
  const core = (await api(sim, '/api/v1')).json<RL>();
  assert.equal(core.kind, 'APIResourceList');
  assert.equal(core.groupVersion, 'v1');
  assert.deepEqual(core.resources.find((r) => r.name === 'pods')?.shortNames, ['po']);
  assert.equal(core.resources.find((r) => r.name === 'namespaces')?.namespaced, false);
  assert.ok(core.resources.some((r) => r.name === 'pods/log'));
  const apps = (await api(sim, '/apis/apps/v1')).json<RL>();
  assert.equal(apps.groupVersion, 'apps/v1');
  assert.equal(apps.resources.find((r) => r.name === 'deployments/scale')?.group, 'autoscaling');
  assert.equal((await api(sim, '/apis/nope/v1')).status, 404);
  assert.equal((await api(sim, '/apis/nope')).status, 404);
});

test('errors are Status objects: 404 NotFound, 405, 400, 406', async () => {
  const nf = await api(sim, '/api/v1/namespaces/default/pods/nope');
  assert.equal(nf.status, 404);
  assert.deepEqual(nf.json(), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'pods "nope" not found',
    reason: 'NotFound',
    details: { name: 'nope', kind: 'pods' },
    code: 404,
  });
  const dnf = (await api(sim, '/apis/apps/v1/namespaces/default/deployments/nope')).json();
  assert.equal(dnf['message'], 'deployments.apps "nope" not found');
  assert.deepEqual(dnf['details'], { name: 'nope', group: 'apps', kind: 'deployments' });
  const unknown = await api(sim, '/api/v1/frobs');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json()['kind'], 'Status');
  assert.equal(
    (await api(sim, '/api/v1/namespaces/default/namespaces')).status,
    404,
    'cluster-scoped under a namespace',
  );
  const post = await api(sim, '/api/v1/namespaces/default/pods/x', { method: 'POST', body: '{}' });
  assert.equal(post.status, 405);
  assert.equal(post.json()['reason'], 'MethodNotAllowed');
  const bad = await api(sim, '/api/v1/pods?labelSelector=' + encodeURIComponent('app in (a'));
  assert.equal(bad.status, 400);
  assert.match(String(bad.json()['message']), /invalid label selector/);
  const badField = await api(sim, '/api/v1/pods?fieldSelector=spec.foo%3Dx');
  assert.equal(badField.status, 400);
  assert.equal(badField.json()['message'], 'field label not supported: spec.foo');
  assert.equal((await api(sim, '/api/v1/pods?limit=abc')).status, 400);
  assert.equal((await api(sim, '/api/v1/pods?watch=true&resourceVersion=abc')).status, 400);
  const proto = await api(sim, '/api/v1/pods', { accept: 'application/vnd.kubernetes.protobuf' });
  assert.equal(proto.status, 406);
});

test('LIST: namespaced and all-namespace paths, sorted; limit/continue paging with remainingItemCount', async () => {
  type List = {
    kind: string;
    apiVersion: string;
    metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
    items: KObject[];
  };
  const all = (await api(sim, '/api/v1/namespaces/paging/pods')).json<List>();
  assert.equal(all.kind, 'PodList');
  assert.equal(all.apiVersion, 'v1');
  assert.deepEqual(
    all.items.map((p) => p.metadata.name),
    ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6'],
  );
  assert.equal(all.metadata.resourceVersion, String(sim.storage.currentRV()));
  assert.equal(all.metadata.continue, undefined);

  const names: string[] = [];
  let cont: string | undefined;
  const pages: number[] = [];
  do {
    const q: string = `/api/v1/namespaces/paging/pods?limit=3${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
    const page: List = (await api(sim, q)).json<List>();
    pages.push(page.items.length);
    names.push(...page.items.map((p) => p.metadata.name ?? ''));
    if (page.metadata.continue) assert.equal(page.metadata.remainingItemCount, 7 - names.length);
    cont = page.metadata.continue;
  } while (cont);
  assert.deepEqual(pages, [3, 3, 1]);
  assert.deepEqual(names, ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);

  const everywhere = (await api(sim, '/api/v1/pods')).json<List>();
  assert.ok(everywhere.items.length >= 7);
  const sel = (
    await api(sim, '/api/v1/pods?labelSelector=' + encodeURIComponent('app=odd,i notin (5)'))
  ).json<List>();
  assert.deepEqual(
    sel.items.map((p) => p.metadata.name),
    ['p1', 'p3'],
  );
  const fsel = (await api(sim, '/api/v1/pods?fieldSelector=metadata.name%3Dp4')).json<List>();
  assert.deepEqual(
    fsel.items.map((p) => p.metadata.name),
    ['p4'],
  );
  const ns = (await api(sim, '/api/v1/namespaces')).json<List>();
  assert.deepEqual(
    ns.items.map((n) => n.metadata.name),
    ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'paging'],
  );
  assert.equal(ns.kind, 'NamespaceList');
  const deps = (await api(sim, '/apis/apps/v1/deployments')).json<List>();
  assert.equal(deps.kind, 'DeploymentList');
  assert.equal(deps.apiVersion, 'apps/v1');
});

test('LIST: an invalid continue token is 400; one whose RV was compacted is 410 Expired', async () => {
  type List = { metadata: { continue?: string } };
  const first = (await api(sim, '/api/v1/namespaces/paging/pods?limit=2')).json<List>();
  assert.ok(first.metadata.continue);
  assert.equal((await api(sim, '/api/v1/namespaces/paging/pods?limit=2&continue=garbage')).status, 400);
  sim.storage.mutate(PODS, 'paging', 'p0', (o) => void (o.metadata.annotations = { touched: 'yes' }));
  sim.storage.compact();
  const r = await api(
    sim,
    `/api/v1/namespaces/paging/pods?limit=2&continue=${encodeURIComponent(first.metadata.continue ?? '')}`,
  );
  assert.equal(r.status, 410);
  assert.equal(r.json()['reason'], 'Expired');
  assert.match(String(r.json()['message']), /continue parameter is too old/);
});

test('LIST: a continue token outlives the watch history (only compaction expires it), as on a real API server', async () => {
  type List = { metadata: { continue?: string }; items: KObject[] };
  const own = await startSim({ scenario: 'empty', scheduler: new ManualScheduler(), historyLimit: 5 });
  try {
    own.storage.create(NAMESPACES, { metadata: { name: 'busy' } });
    for (let i = 0; i < 4; i++) own.storage.create(PODS, pod('busy', `p${i}`, {}));
    const first = (await api(own, '/api/v1/namespaces/busy/pods?limit=2')).json<List>();
    assert.ok(first.metadata.continue);
    // a busy cluster: far more pod changes than the watch history keeps
    for (let i = 0; i < 20; i++) own.storage.mutate(PODS, 'busy', 'p0', (o) => void (o.metadata.annotations = { n: String(i) }));
    const cont = encodeURIComponent(first.metadata.continue ?? '');
    const rest = await api(own, `/api/v1/namespaces/busy/pods?limit=2&continue=${cont}`);
    assert.equal(rest.status, 200);
    assert.deepEqual(rest.json<List>().items.map((p) => p.metadata.name), ['p2', 'p3']);
    // a watch from the first page's resourceVersion is past the history: 410, as before
    assert.equal(own.storage.isExpired(PODS, 1), true);
  } finally {
    await own.close();
  }
});

test('GET single objects: namespaced, cluster-scoped, status subresource', async () => {
  const p = (await api(sim, '/api/v1/namespaces/paging/pods/p2')).json<KObject>();
  assert.equal(p.kind, 'Pod');
  assert.equal(p.apiVersion, 'v1');
  assert.equal(p.metadata.name, 'p2');
  assert.match(p.metadata.uid ?? '', /^[0-9a-f-]{36}$/);
  assert.equal(typeof p.metadata.resourceVersion, 'string');
  assert.equal(
    (await api(sim, '/api/v1/namespaces/paging/pods/p2/status')).json<KObject>().metadata.name,
    'p2',
  );
  assert.equal((await api(sim, '/api/v1/namespaces/kube-system')).json<KObject>().kind, 'Namespace');
  const svc = (await api(sim, '/api/v1/namespaces/default/services/kubernetes')).json<{
    spec: { clusterIP: string };
  }>();
  assert.equal(svc.spec.clusterIP, '10.96.0.1');
  assert.equal((await api(sim, '/api/v1/pods/p2')).status, 404, 'a namespaced object needs its namespace');
});

test('Tables: kubectl columns, wide columns at priority 1, includeObject None/Metadata/Object', async () => {
  type Table = {
    kind: string;
    apiVersion: string;
    columnDefinitions: { name: string; priority: number; type: string }[];
    rows: {
      cells: unknown[];
      object?: { kind: string; apiVersion?: string; metadata: { name: string }; spec?: unknown };
    }[];
  };
  const reply = await api(sim, '/api/v1/namespaces/paging/pods', { accept: TABLE_ACCEPT });
  assert.equal(reply.headers['content-type'], 'application/json;as=Table;v=v1;g=meta.k8s.io');
  const t = reply.json<Table>();
  assert.equal(t.kind, 'Table');
  assert.equal(t.apiVersion, 'meta.k8s.io/v1');
  assert.deepEqual(
    t.columnDefinitions.map((c) => [c.name, c.priority]),
    [
      ['Name', 0],
      ['Ready', 0],
      ['Status', 0],
      ['Restarts', 0],
      ['Age', 0],
      ['IP', 1],
      ['Node', 1],
      ['Nominated Node', 1],
      ['Readiness Gates', 1],
    ],
  );
  // manual clock never advanced: pods are fresh and Pending with no container statuses
  assert.deepEqual(t.rows[0]?.cells, [
    'p0',
    '0/1',
    'Pending',
    '0',
    '0s',
    '<none>',
    '<none>',
    '<none>',
    '<none>',
  ]);
  assert.equal(t.rows[0]?.object?.kind, 'PartialObjectMetadata');
  assert.equal(t.rows[0]?.object?.spec, undefined);
  const full = (
    await api(sim, '/api/v1/namespaces/paging/pods?includeObject=Object', { accept: TABLE_ACCEPT })
  ).json<Table>();
  assert.equal(full.rows[0]?.object?.kind, 'Pod');
  assert.ok(full.rows[0]?.object?.spec);
  const none = (
    await api(sim, '/api/v1/namespaces/paging/pods?includeObject=None', { accept: TABLE_ACCEPT })
  ).json<Table>();
  assert.equal(none.rows[0]?.object, undefined);
  assert.equal((await api(sim, '/api/v1/pods?includeObject=Bogus', { accept: TABLE_ACCEPT })).status, 400);

  const ns = (await api(sim, '/api/v1/namespaces', { accept: TABLE_ACCEPT })).json<Table>();
  assert.deepEqual(
    ns.columnDefinitions.map((c) => c.name),
    ['Name', 'Status', 'Age'],
  );
  assert.deepEqual(ns.rows.find((r) => r.cells[0] === 'kube-system')?.cells.slice(0, 2), [
    'kube-system',
    'Active',
  ]);
  const svc = (await api(sim, '/api/v1/services', { accept: TABLE_ACCEPT })).json<Table>();
  assert.deepEqual(
    svc.columnDefinitions.map((c) => c.name),
    ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector'],
  );
  assert.deepEqual(svc.rows[0]?.cells.slice(0, 5), [
    'kubernetes',
    'ClusterIP',
    '10.96.0.1',
    '<none>',
    '443/TCP',
  ]);
  const dep = (await api(sim, '/apis/apps/v1/deployments', { accept: TABLE_ACCEPT })).json<Table>();
  assert.deepEqual(
    dep.columnDefinitions.map((c) => [c.name, c.type, c.priority]),
    [
      ['Name', 'string', 0],
      ['Ready', 'string', 0],
      ['Up-to-date', 'integer', 0],
      ['Available', 'integer', 0],
      ['Age', 'string', 0],
      ['Containers', 'string', 1],
      ['Images', 'string', 1],
      ['Selector', 'string', 1],
    ],
  );
  const one = (await api(sim, '/api/v1/namespaces/paging/pods/p3', { accept: TABLE_ACCEPT })).json<Table>();
  assert.equal(one.rows.length, 1);
  assert.equal(one.rows[0]?.cells[0], 'p3');
  const v1beta1 = (
    await api(sim, '/api/v1/namespaces', { accept: 'application/json;as=Table;v=v1beta1;g=meta.k8s.io' })
  ).json<Table>();
  assert.equal(v1beta1.apiVersion, 'meta.k8s.io/v1beta1');
});

test('the server survives bad input', async () => {
  const paths = [
    '/api/v1/namespaces/%zz/pods',
    '/api/v1/namespaces//pods',
    `/api/v1/${'x'.repeat(5000)}`,
    '/api/v1/namespaces/default/pods/a/b/c/d',
    '/api/v1/namespaces/default/pods/p/../..',
    '/apis/apps/v1/namespaces/default/deployments?limit=-1',
    '/api/v1/pods?continue=%00%01',
    '/api/v1/pods?labelSelector=%E2%9C%93',
    '/api/v1/pods?watch=maybe&timeoutSeconds=x',
    '/%',
    '/',
  ];
  for (const p of paths) {
    const r = await api(sim, p);
    assert.ok(r.status >= 200 && r.status < 500, `${p} → ${r.status}`);
    if (r.status >= 400) assert.equal(r.json()['kind'], 'Status', p);
  }
  assert.equal((await api(sim, '/version')).status, 200, 'still alive');
});
