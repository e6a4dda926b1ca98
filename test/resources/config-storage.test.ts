import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configmaps } from '../../src/resources/configmaps.js';
import { persistentvolumeclaims } from '../../src/resources/persistentvolumeclaims.js';
import { persistentvolumes } from '../../src/resources/persistentvolumes.js';
import { secrets } from '../../src/resources/secrets.js';
import { serviceaccounts } from '../../src/resources/serviceaccounts.js';
import { storageclasses } from '../../src/resources/storageclasses.js';
import type { ObjectMeta } from '../../src/util/k8s.js';
import type { ConfigMap, PersistentVolume, PersistentVolumeClaim, Secret, ServiceAccount, StorageClass } from '../../src/util/k8s-more.js';
import { NOW, ago } from '../util/fixtures.js';

const meta = (name: string, extra: Partial<ObjectMeta> = {}): ObjectMeta => ({
  name, namespace: 'shop', uid: `u-${name}`, resourceVersion: '1', creationTimestamp: ago(90_000), ...extra,
});

void test('configmaps and serviceaccounts: counts and plain status', () => {
  assert.deepEqual(configmaps.columns.map((c) => c.name), ['NAME', 'DATA', 'AGE']);
  const cmObj: ConfigMap = { metadata: meta('cfg'), data: { a: '1' }, binaryData: { b: 'AA==' } };
  const cm = configmaps.project(cmObj);
  assert.deepEqual(configmaps.row(cm, NOW), ['cfg', '2', '90s']);
  assert.deepEqual(configmaps.status(cm), { text: 'Active', tone: 'ok' });
  assert.deepEqual(serviceaccounts.columns.map((c) => c.name), ['NAME', 'SECRETS', 'AGE']);
  const saObj: ServiceAccount = { metadata: meta('default', { deletionTimestamp: ago(1) }), secrets: [{ name: 't' }] };
  const sa = serviceaccounts.project(saObj);
  assert.deepEqual(serviceaccounts.row(sa, NOW), ['default', '1', '90s']);
  assert.deepEqual(serviceaccounts.status(sa), { text: 'Terminating', tone: 'warn' });
});

void test('secrets: TYPE and DATA, and the record never holds a value', () => {
  assert.deepEqual(secrets.columns.map((c) => c.name), ['NAME', 'TYPE', 'DATA', 'AGE']);
  const s: Secret = { metadata: meta('tls'), type: 'kubernetes.io/tls', data: { 'tls.crt': 'Q0VSVA==', 'tls.key': 'c3VwZXJzZWNyZXQ=' } };
  const r = secrets.project(s);
  assert.deepEqual(secrets.row(r, NOW), ['tls', 'kubernetes.io/tls', '2', '90s']);
  const dump = JSON.stringify(r);
  assert.ok(!dump.includes('c3VwZXJzZWNyZXQ=') && !dump.includes('tls.key'), dump);
  assert.deepEqual(secrets.status(r), { text: 'Active', tone: 'ok' });
});

function pvc(phase: string, bound: boolean): PersistentVolumeClaim {
  return {
    metadata: meta('data'),
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard', volumeMode: 'Filesystem', ...(bound ? { volumeName: 'pvc-1f2e' } : {}) },
    status: { phase, ...(bound ? { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } : {}) },
  };
}

void test('persistentvolumeclaims: row and tones', () => {
  assert.deepEqual(persistentvolumeclaims.columns.map((c) => c.name), ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE', 'VOLUMEMODE']);
  assert.deepEqual(persistentvolumeclaims.columns.filter((c) => c.wide).map((c) => c.name), ['VOLUMEMODE']);
  const r = persistentvolumeclaims.project(pvc('Bound', true));
  assert.deepEqual(persistentvolumeclaims.row(r, NOW), ['data', 'Bound', 'pvc-1f2e', '1Gi', 'RWO', 'standard', '<unset>', '90s', 'Filesystem']);
  assert.deepEqual(persistentvolumeclaims.status(r), { text: 'Bound', tone: 'ok' });
  const pending = persistentvolumeclaims.project(pvc('Pending', false));
  assert.deepEqual(persistentvolumeclaims.row(pending, NOW).slice(1, 5), ['Pending', '', '', '']);
  assert.deepEqual(persistentvolumeclaims.status(pending), { text: 'Pending', tone: 'pending' });
  assert.deepEqual(persistentvolumeclaims.status(persistentvolumeclaims.project(pvc('Lost', true))), { text: 'Lost', tone: 'error' });
});

function pv(phase: string): PersistentVolume {
  return {
    metadata: meta('pvc-1f2e', { namespace: undefined }),
    spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce', 'ReadWriteOncePod'], persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'standard', claimRef: { namespace: 'shop', name: 'data' } },
    status: { phase },
  };
}

void test('persistentvolumes: row and tones', () => {
  assert.deepEqual(persistentvolumes.columns.map((c) => c.name), ['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE', 'VOLUMEMODE']);
  const r = persistentvolumes.project(pv('Bound'));
  assert.equal(r.key, 'pvc-1f2e');
  assert.deepEqual(persistentvolumes.row(r, NOW), ['pvc-1f2e', '10Gi', 'RWO,RWOP', 'Delete', 'Bound', 'shop/data', 'standard', '<unset>', '', '90s', '<unset>']);
  assert.deepEqual(persistentvolumes.status(r), { text: 'Bound', tone: 'ok' });
  assert.deepEqual(persistentvolumes.status(persistentvolumes.project(pv('Released'))), { text: 'Released', tone: 'warn' });
  assert.deepEqual(persistentvolumes.status(persistentvolumes.project(pv('Failed'))), { text: 'Failed', tone: 'error' });
  assert.deepEqual(persistentvolumes.status(persistentvolumes.project(pv('Available'))), { text: 'Available', tone: 'ok' });
});

void test('storageclasses: "(default)" on the name cell, record name unchanged', () => {
  assert.deepEqual(storageclasses.columns.map((c) => c.name), ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE']);
  const sc: StorageClass = {
    metadata: meta('standard', { namespace: undefined, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
    provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer',
  };
  const r = storageclasses.project(sc);
  assert.equal(r.name, 'standard');
  assert.deepEqual(storageclasses.row(r, NOW), ['standard (default)', 'rancher.io/local-path', 'Delete', 'WaitForFirstConsumer', 'false', '90s']);
  assert.deepEqual(storageclasses.status(r), { text: 'Default', tone: 'ok' });
});
