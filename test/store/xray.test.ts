// The `:xray` tree model over fixture records: which caches a kind's declarations open, owner references
// (a CRD owner included), a Service's selected pods, a pod's references (missing ones marked), live
// updates, collapse and the filter that keeps the path to each match; and `:xray` parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../src/util/k8s.js';
import { XrayModel } from '../../src/store/xray/xray-model.js';
import { xrayPlan } from '../../src/store/xray/plan.js';
import { buildXrayTree } from '../../src/store/xray/tree.js';
import { xrayLines } from '../../src/store/xray/lines.js';
import type { XrayLine } from '../../src/store/xray/lines.js';
import { parseCommand } from '../../src/store/commands/command.js';
import type { KindCatalog } from '../../src/store/commands/command.js';
import { podReferences } from '../../src/util/pod-references.js';
import type { Pod } from '../../src/util/k8s.js';
import { fakeSources } from '../helpers/fake-source.js';
import type { FakeSource } from '../helpers/fake-source.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { cached, deployment, kind, plain, pod, replicaSet, service, webPodSpec, widget, widgets } from '../helpers/xray-fixtures.js';

const text = (l: XrayLine): string => `${l.guide}${l.branch ? (l.open ? '▾' : '▸') : '·'} ${l.node.resource.kind} ${l.node.rec.name} ${l.status.text}`;

function openModel(resource = kind('deployments'), namespace: string | undefined = 'shop') {
  const f = fakeSources();
  const clock = new FakeClock();
  const model = new XrayModel({ sources: f.factory, resource, namespace, clock, publishIntervalMs: 50, ...(resource.generic ? { resolve: (p: string) => (p === resource.plural ? resource : kind(p)) } : {}) });
  const src = (plural: string): FakeSource => {
    const s = f.all.find((x) => x.req.resource.plural === plural);
    if (!s) throw new Error(`no cache of ${plural}`);
    return s;
  };
  /** Puts raw objects into a cache through the projection the model opened it with. */
  const put = (plural: string, ...objs: KObject[]) => src(plural).put(...objs.map((o) => src(plural).req.resource.project(o)));
  const lines = () => {
    clock.advance(100);
    return model.getSnapshot().lines.map(text);
  };
  return { f, clock, model, src, put, lines };
}

test('plan: the kinds a declaration leads to, each once; a CRD looks among the operands; a kind without declarations opens only itself', () => {
  const plurals = (r: Parameters<typeof xrayPlan>[0]) => xrayPlan(r).kinds.map((k) => k.plural);
  assert.deepEqual(plurals(kind('deployments')), ['deployments', 'replicasets', 'pods', 'configmaps', 'secrets', 'persistentvolumeclaims', 'serviceaccounts', 'persistentvolumes']);
  assert.deepEqual(plurals(kind('cronjobs')).slice(0, 3), ['cronjobs', 'jobs', 'pods']);
  assert.ok(plurals(kind('services')).includes('pods'));
  assert.deepEqual(plurals(kind('nodes')), ['nodes']);
  assert.deepEqual(plurals(kind('configmaps')), ['configmaps']);
  const crd = xrayPlan(widgets, (p) => (p === 'widgets' ? widgets : kind(p))).kinds.map((k) => k.plural);
  for (const p of ['widgets', 'deployments', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs', 'services', 'pods', 'configmaps', 'secrets', 'persistentvolumeclaims', 'replicasets']) assert.ok(crd.includes(p), p);
  assert.ok(!crd.includes('nodes'));
});

test('pod references: volumes (projected, PVC, ephemeral), env, envFrom, pull secrets and the ServiceAccount, each once', () => {
  const p = pod('web-1', 'shop', 'web', undefined, { ...webPodSpec, volumes: [...webPodSpec.volumes, { name: 'scratch', ephemeral: { volumeClaimTemplate: {} } }] }) as Pod;
  assert.deepEqual(podReferences(p), [
    { resource: 'configmaps', name: 'web-config' },
    { resource: 'persistentvolumeclaims', name: 'web-data' },
    { resource: 'configmaps', name: 'kube-root-ca.crt' },
    { resource: 'persistentvolumeclaims', name: 'web-1-scratch' },
    { resource: 'secrets', name: 'web-password' },
    { resource: 'secrets', name: 'regcred' },
    { resource: 'serviceaccounts', name: 'web-sa' },
  ]);
  assert.deepEqual(podReferences(pod('x', 'shop', 'x', undefined) as Pod), [{ resource: 'serviceaccounts', name: 'default' }]);
});

test('deployment → ReplicaSet → pods → containers and references; a missing Secret is marked, unknown before its cache lists', () => {
  const m = openModel();
  try {
    assert.deepEqual(
      m.f.all.map((s) => `${s.req.resource.plural}@${s.req.namespace ?? '*'}`),
      ['deployments@shop', 'replicasets@shop', 'pods@shop', 'configmaps@shop', 'secrets@shop', 'persistentvolumeclaims@shop', 'serviceaccounts@shop', 'persistentvolumes@*'],
    );
    assert.ok(m.f.all.every((s) => s.started));
    m.put('deployments', deployment('web', 'shop', 1), deployment('api', 'shop', 0));
    m.put('replicasets', replicaSet('web-5d8', 'shop', 'web', 1));
    m.put('pods', pod('web-5d8-aaa', 'shop', 'web', 'web-5d8', webPodSpec));
    m.put('configmaps', plain('ConfigMap', 'web-config', 'shop'), plain('ConfigMap', 'kube-root-ca.crt', 'shop'));
    m.put('persistentvolumeclaims', plain('PersistentVolumeClaim', 'web-data', 'shop', undefined, { spec: { volumeName: 'pv-1' }, status: { phase: 'Bound' } }));
    m.put('persistentvolumes', plain('PersistentVolume', 'pv-1', undefined, undefined, { spec: { capacity: { storage: '1Gi' } }, status: { phase: 'Bound' } }));
    m.put('serviceaccounts', plain('ServiceAccount', 'web-sa', 'shop'));
    // the secrets cache has not listed yet: a named Secret is not known to be missing
    const before = m.lines();
    assert.ok(before.includes('      ├─ · Secret web-password ?'), before.join('\n'));
    m.put('secrets', plain('Secret', 'regcred', 'shop', undefined, { type: 'kubernetes.io/dockerconfigjson' }));
    assert.deepEqual(m.lines(), [
      '· Deployment api ScaledDown',
      '▾ Deployment web Available',
      '└─ ▾ ReplicaSet web-5d8 Ready',
      '   └─ ▾ Pod web-5d8-aaa Running',
      '      ├─ · Container app Running',
      '      ├─ · Container sidecar Running',
      '      ├─ · ConfigMap web-config Active',
      '      ├─ ▾ PersistentVolumeClaim web-data Bound',
      '      │  └─ · PersistentVolume pv-1 Bound',
      '      ├─ · ConfigMap kube-root-ca.crt Active',
      '      ├─ · Secret web-password missing',
      '      ├─ · Secret regcred Active',
      '      └─ · ServiceAccount web-sa Active',
    ]);
    const snap = m.model.getSnapshot();
    assert.equal(snap.roots, 2);
    assert.equal(snap.namespaceLabel, 'shop');
    const missing = snap.lines.find((l) => l.node.rec.name === 'web-password');
    assert.equal(missing?.node.absent, 'missing');
    assert.equal(missing?.status.tone, 'error');
  } finally {
    m.model.dispose();
  }
  assert.ok(m.f.all.every((s) => s.stopped), 'every cache the tree opened is closed with it');
});

test('live: a scaled deployment’s new pod appears, a deleted one goes, a status change shows', () => {
  const m = openModel();
  try {
    m.put('deployments', deployment('web', 'shop', 1));
    m.put('replicasets', replicaSet('web-5d8', 'shop', 'web', 1));
    m.put('pods', pod('web-5d8-aaa', 'shop', 'web', 'web-5d8'));
    assert.equal(m.lines().filter((l) => l.includes(' Pod ')).length, 1);
    m.put('deployments', deployment('web', 'shop', 2));
    m.put('pods', pod('web-5d8-bbb', 'shop', 'web', 'web-5d8', {}, 'Pending'));
    const two = m.lines();
    assert.deepEqual(two.filter((l) => l.includes(' Pod ')), ['   ├─ ▾ Pod web-5d8-aaa Running', '   └─ ▾ Pod web-5d8-bbb ContainerCreating']);
    m.src('pods').remove('shop/web-5d8-aaa');
    assert.deepEqual(m.lines().filter((l) => l.includes(' Pod ')), ['   └─ ▾ Pod web-5d8-bbb ContainerCreating']);
  } finally {
    m.model.dispose();
  }
});

test('the roots listed but a kind under them not yet: the tree says it is loading that kind, then is synced', () => {
  const m = openModel();
  try {
    m.put('deployments', deployment('web', 'shop', 1));
    m.put('replicasets', replicaSet('web-5d8', 'shop', 'web', 1));
    m.lines();
    const loading = m.model.getSnapshot().state;
    assert.equal(loading.phase, 'connecting');
    assert.equal(loading.message, 'loading pods…');
    for (const s of m.f.all) if (s.state.phase !== 'synced') s.put();
    m.lines();
    assert.equal(m.model.getSnapshot().state.phase, 'synced');
    // a cache that fails is said as such, before one still loading
    m.src('secrets').state = { phase: 'forbidden', message: 'forbidden: no', since: 0, attempt: 1 };
    m.src('pods').state = { phase: 'connecting', since: 0, attempt: 0, loading: true };
    m.put('deployments', deployment('api', 'shop', 0));
    m.src('pods').state = { phase: 'connecting', since: 0, attempt: 0, loading: true };
    m.lines();
    assert.deepEqual([m.model.getSnapshot().state.phase, m.model.getSnapshot().state.message], ['forbidden', 'secrets: forbidden: no']);
  } finally {
    m.model.dispose();
  }
});

test('a CRD owner: a Widget’s ConfigMap and Deployment hang under it (owner uid), the Deployment with its own tree', () => {
  const m = openModel(widgets, 'shop');
  try {
    const owner = { kind: 'Widget', name: 'w1', uid: 'uid-widget-w1' };
    m.put('widgets', widget('w1', 'shop'), widget('w2', 'shop'));
    m.put('configmaps', plain('ConfigMap', 'w1-settings', 'shop', owner), plain('ConfigMap', 'unrelated', 'shop'));
    m.put('deployments', deployment('w1-app', 'shop', 1, owner));
    m.put('replicasets', replicaSet('w1-app-1', 'shop', 'w1-app', 1));
    m.put('pods', pod('w1-app-1-x', 'shop', 'w1-app', 'w1-app-1'));
    const lines = m.lines();
    assert.deepEqual(lines.slice(0, 4), ['▾ Widget w1 ', '├─ ▾ Deployment w1-app Available', '│  └─ ▾ ReplicaSet w1-app-1 Ready', '│     └─ ▾ Pod w1-app-1-x Running']);
    assert.ok(lines.includes('└─ · ConfigMap w1-settings Active'), lines.join('\n'));
    assert.ok(!lines.some((l) => l.includes('unrelated')));
    assert.equal(lines.at(-1), '· Widget w2 ');
  } finally {
    m.model.dispose();
  }
});

test('a cluster-scoped root (a cluster-scoped CRD) looks for what it owns in every namespace', () => {
  const clusterWidgets = { ...widgets, namespaced: false };
  const m = openModel(clusterWidgets, 'shop');
  try {
    assert.equal(m.src('widgets').req.namespace, undefined);
    assert.equal(m.src('deployments').req.namespace, undefined);
    assert.equal(m.src('configmaps').req.namespace, undefined);
  } finally {
    m.model.dispose();
  }
});

test('a Service: the pods its selector picks in its namespace, not others', () => {
  const svc = kind('services');
  const pods = kind('pods');
  const forest = buildXrayTree({
    root: svc,
    caches: [
      { resource: svc, records: [cached(svc, service('web', 'shop', { app: 'web' })), cached(svc, service('ext', 'shop', {}))], synced: true },
      { resource: pods, records: [cached(pods, pod('web-1', 'shop', 'web', undefined)), cached(pods, pod('api-1', 'shop', 'api', undefined)), cached(pods, pod('web-1', 'other', 'web', undefined))], synced: true },
    ],
    resolve: kind,
  });
  const lines = xrayLines(forest, { allOpen: false, toggled: new Set(['services:shop/web']) }).map(text);
  assert.deepEqual(lines, ['· Service ext ClusterIP', '▾ Service web ClusterIP', '└─ ▸ Pod web-1 Running']);
  assert.equal(forest[1]?.children[0]?.rec.namespace, 'shop');
});

test('collapse and expand, all or one; the filter keeps the path to each match and what is under it', () => {
  const m = openModel();
  try {
    m.put('deployments', deployment('web', 'shop', 2), deployment('api', 'shop', 1));
    m.put('replicasets', replicaSet('web-5d8', 'shop', 'web', 2), replicaSet('api-7f', 'shop', 'api', 1));
    m.put('pods', pod('web-5d8-aaa', 'shop', 'web', 'web-5d8'), pod('web-5d8-bbb', 'shop', 'web', 'web-5d8'), pod('api-7f-ccc', 'shop', 'api', 'api-7f'));
    m.model.setAllOpen(false);
    assert.deepEqual(m.lines(), ['▸ Deployment api Available', '▸ Deployment web Available']);
    m.model.toggle('deployments:shop/web');
    assert.deepEqual(m.lines(), ['▸ Deployment api Available', '▾ Deployment web Available', '└─ ▸ ReplicaSet web-5d8 Ready']);
    m.model.setAllOpen(true);
    // per pod: two containers and its ServiceAccount
    assert.equal(m.lines().length, 2 + 2 + 3 + 3 * 3);
    m.model.toggle('deployments:shop/web>replicasets:shop/web-5d8');
    assert.deepEqual(m.lines().slice(-2), ['▾ Deployment web Available', '└─ ▸ ReplicaSet web-5d8 Ready']);
    // the filter: matches, the path down to them (opened even where collapsed), nothing else
    m.model.setAllOpen(false);
    m.model.setFilter('bbb');
    const f = m.model.getSnapshot().lines;
    assert.deepEqual(f.map(text), ['▾ Deployment web Available', '└─ ▾ ReplicaSet web-5d8 Ready', '   └─ ▸ Pod web-5d8-bbb Running']);
    assert.deepEqual(f[2]?.match, [8, 11]);
    m.model.setFilter('sidecar');
    assert.equal(m.model.getSnapshot().lines.filter((l) => l.node.resource.plural === 'containers').length, 3);
    assert.ok(m.model.getSnapshot().lines.every((l) => l.node.resource.plural !== 'containers' || l.node.rec.name === 'sidecar'));
    m.model.setFilter('');
    assert.deepEqual(m.lines(), ['▸ Deployment api Available', '▸ Deployment web Available']);
  } finally {
    m.model.dispose();
  }
});

test(':xray parses KIND as : does, with a namespace or -A; bad ones say why', async () => {
  assert.deepEqual(parseCommand('xray deploy shop'), { type: 'xray', resource: kind('deployments'), namespace: 'shop' });
  assert.deepEqual(parseCommand('xray sts -A'), { type: 'xray', resource: kind('statefulsets'), allNamespaces: true });
  assert.deepEqual(parseCommand('xray svc'), { type: 'xray', resource: kind('services') });
  assert.match(JSON.stringify(parseCommand('xray')), /usage: xray KIND/);
  assert.match(JSON.stringify(parseCommand('xray nope')), /unknown command \\"nope\\"/);
  assert.match(JSON.stringify(parseCommand('xray ctx')), /no xray of contexts/);
  assert.match(JSON.stringify(parseCommand('xray po -l app=web')), /xray takes no selector/);
  const delivered: string[] = [];
  const catalog: KindCatalog = {
    resolve: (n) => (n === 'wg' ? widgets : undefined),
    names: () => ['widgets'],
    fresh: () => false,
    lookup: async (n) => (n === 'gadgets' ? { resource: { ...widgets, plural: 'gadgets' } } : {}),
    deliver: (c) => delivered.push(c.type),
  };
  assert.deepEqual(parseCommand('xray wg shop', catalog), { type: 'xray', resource: widgets, namespace: 'shop' });
  // a kind discovery has to be asked about: "looking up", then the xray is handed to `later`
  const later = await new Promise<unknown>((resolve) => {
    assert.equal(parseCommand('xray gadgets', catalog, { value: 0 }, resolve).type, 'pending');
  });
  assert.equal((later as { type: string; resource: { plural: string } }).resource.plural, 'gadgets');
  assert.deepEqual(delivered, ['pending']);
});
