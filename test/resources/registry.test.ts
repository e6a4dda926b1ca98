import { test } from 'node:test';
import assert from 'node:assert/strict';
import { genericResource } from '../../src/resources/generic.js';
import { resolveResource, resources } from '../../src/resources/registry.js';

void test('the registry lists every built-in kind once, kubectl’s columns without NAMESPACE', () => {
  assert.deepEqual(resources.map((r) => r.plural), [
    'pods', 'deployments', 'services', 'namespaces', 'nodes', 'replicasets', 'replicationcontrollers', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs',
    'configmaps', 'secrets', 'serviceaccounts', 'ingresses', 'persistentvolumeclaims', 'persistentvolumes', 'storageclasses',
    'containers', 'contexts', 'portforwards', 'events', 'endpoints', 'endpointslices', 'controllerrevisions', 'customresourcedefinitions',
    'helm', 'helmresources',
  ]);
  for (const r of resources) {
    // Events follow kubectl: LAST SEEN first, NAME last (wide).
    if (r.kind !== 'Event') assert.ok(r.columns[0]?.name === 'NAME', `${r.kind} starts with NAME`);
    assert.ok(r.columns.some((c) => c.name === 'NAME'), `${r.kind} has NAME`);
    // `:helm` has helm list's columns, NAMESPACE included (the table then adds none of its own)
    if (r.plural === 'helm') assert.deepEqual(r.columns.map((c) => c.name), ['NAME', 'NAMESPACE', 'REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION']);
    else assert.ok(!r.columns.some((c) => c.name === 'NAMESPACE'), `${r.kind} has no NAMESPACE column`);
  }
});

void test('resolveResource by plural, singular, kind, alias, case-insensitively', () => {
  const cases: [string, string][] = [
    ['pods', 'Pod'], ['pod', 'Pod'], ['po', 'Pod'], ['Pod', 'Pod'], ['PODS', 'Pod'], ['pods.v1.', 'Pod'],
    ['deployments', 'Deployment'], ['deploy', 'Deployment'], ['dp', 'Deployment'], ['deployments.apps', 'Deployment'], ['Deployment', 'Deployment'],
    ['svc', 'Service'], ['service', 'Service'],
    ['ns', 'Namespace'], ['namespaces', 'Namespace'], [' ns ', 'Namespace'],
    ['no', 'Node'], ['node', 'Node'], ['nodes', 'Node'],
    ['rs', 'ReplicaSet'], ['replicasets.apps', 'ReplicaSet'], ['sts', 'StatefulSet'], ['ds', 'DaemonSet'],
    ['job', 'Job'], ['jobs', 'Job'], ['jobs.batch', 'Job'], ['cj', 'CronJob'], ['cronjob', 'CronJob'],
    ['cm', 'ConfigMap'], ['sec', 'Secret'], ['secret', 'Secret'], ['secrets', 'Secret'], ['sa', 'ServiceAccount'],
    ['ing', 'Ingress'], ['ingresses.networking.k8s.io', 'Ingress'], ['pvc', 'PersistentVolumeClaim'], ['pv', 'PersistentVolume'],
    ['sc', 'StorageClass'], ['ev', 'Event'], ['event', 'Event'], ['events', 'Event'], ['ep', 'Endpoints'], ['endpoints', 'Endpoints'],
    ['eps', 'EndpointSlice'], ['controllerrevisions', 'ControllerRevision'],
    ['crd', 'CustomResourceDefinition'], ['crds', 'CustomResourceDefinition'], ['customresourcedefinitions.apiextensions.k8s.io', 'CustomResourceDefinition'],
  ];
  for (const [name, kind] of cases) assert.equal(resolveResource(name)?.kind, kind, name);
  for (const name of ['', 'nope', 'deployments.core', 'p']) assert.equal(resolveResource(name), undefined, name);
});

void test('resolveResource searches discovered kinds after the built-ins', () => {
  const widgets = genericResource({ group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true, shortNames: ['wd', 'po'] });
  for (const n of ['widgets', 'widget', 'Widget', 'wd', 'widgets.example.com', 'widgets.v1.example.com']) {
    assert.equal(resolveResource(n, [widgets]), widgets, n);
  }
  assert.equal(resolveResource('po', [widgets])?.kind, 'Pod');
  assert.equal(resolveResource('widgets'), undefined);
  assert.equal(resolveResource('', [widgets]), undefined);
});

void test('GVR and scope', () => {
  const gvrs = resources.map((r) => `${r.group}/${r.version}/${r.plural}:${r.namespaced ? 'ns' : 'cluster'}`);
  assert.ok(gvrs.includes('apps/v1/deployments:ns'));
  assert.ok(gvrs.includes('/v1/namespaces:cluster'));
  assert.ok(gvrs.includes('/v1/nodes:cluster'));
  assert.ok(gvrs.includes('/v1/persistentvolumes:cluster'));
  assert.ok(gvrs.includes('storage.k8s.io/v1/storageclasses:cluster'));
  assert.ok(gvrs.includes('apiextensions.k8s.io/v1/customresourcedefinitions:cluster'));
  assert.ok(gvrs.includes('batch/v1/cronjobs:ns'));
  assert.ok(gvrs.includes('discovery.k8s.io/v1/endpointslices:ns'));
  assert.deepEqual(resources.filter((r) => r.can?.some((c) => c.effect.type === 'scale')).map((r) => r.plural), ['deployments', 'replicasets', 'replicationcontrollers', 'statefulsets']);
});

void test('every row has one cell per column, even for a bare object', () => {
  const obj = { metadata: { name: 'x', namespace: 'd', uid: 'u', resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z' } };
  for (const r of resources) {
    const rec = r.project(obj);
    assert.equal(r.row(rec, Date.parse('2026-01-01T00:01:00Z')).length, r.columns.length, r.kind);
    assert.ok(['ok', 'pending', 'warn', 'error', 'dim'].includes(r.status(rec).tone));
  }
});

void test('cells from the cluster are sanitized in every kind', () => {
  const evil = '\u001b]0;pwned\u0007x\u001b[2J';
  const obj = { metadata: { name: evil, namespace: 'd', uid: 'u', resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z' } };
  for (const r of resources) {
    for (const cell of r.row(r.project(obj), Date.parse('2026-01-01T00:01:00Z'))) {
      assert.ok(!/[\u0000-\u001f\u007f-\u009f]/.test(cell), `${r.kind}: ${JSON.stringify(cell)}`);
    }
  }
});
