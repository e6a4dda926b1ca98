import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accessModes,
  configMapCells,
  controllerRevisionCells,
  createdAtCell,
  endpointSliceCells,
  endpointsCell,
  eventCells,
  ingressCells,
  ingressHosts,
  pvCells,
  pvcCells,
  secretCells,
  serviceAccountCells,
  storageClassCells,
} from '../../src/util/printers.js';
import type { Event, PersistentVolumeClaim } from '../../src/util/k8s-more.js';
import { NOW, ago } from './fixtures.js';

void test('configMap, secret, serviceAccount counts', () => {
  assert.deepEqual(configMapCells({ metadata: {}, data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }), { data: 3 });
  assert.deepEqual(configMapCells({ metadata: {} }), { data: 0 });
  assert.deepEqual(secretCells({ metadata: {}, type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } }), { type: 'kubernetes.io/tls', data: 2 });
  assert.deepEqual(secretCells({ metadata: {} }), { type: 'Opaque', data: 0 });
  assert.deepEqual(serviceAccountCells({ metadata: {}, secrets: [{ name: 't' }] }), { secrets: 1 });
  assert.deepEqual(serviceAccountCells({ metadata: {} }), { secrets: 0 });
});

void test('ingress: class, hosts with "+ N more...", sorted addresses, ports', () => {
  assert.equal(ingressHosts(undefined), '*');
  assert.equal(ingressHosts([{}, { host: '' }]), '*');
  assert.equal(ingressHosts([{ host: 'a' }, {}, { host: 'b' }]), 'a,b');
  assert.equal(ingressHosts([{ host: 'a' }, { host: 'b' }, { host: 'c' }]), 'a,b,c');
  assert.equal(ingressHosts([{ host: 'a' }, { host: 'b' }, { host: 'c' }, { host: 'd' }]), 'a,b,c + 1 more...');
  assert.equal(ingressHosts([{ host: 'a' }, {}, { host: 'c' }, { host: 'd' }, { host: 'e' }]), 'a,c,d + 2 more...');
  assert.deepEqual(
    ingressCells({
      metadata: {},
      spec: { ingressClassName: 'nginx', rules: [{ host: 'shop.example.com' }], tls: [{ hosts: ['shop.example.com'] }] },
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.9' }, { hostname: 'lb.example.com' }, { ip: '198.51.100.1' }, { ip: '203.0.113.9' }] } },
    }),
    { className: 'nginx', hosts: 'shop.example.com', address: '198.51.100.1,203.0.113.9,lb.example.com', ports: '80, 443' },
  );
  assert.deepEqual(ingressCells({ metadata: {} }), { className: '<none>', hosts: '*', address: '', ports: '80' });
});

void test('endpointsCell: ip:port per port, headless bare ips, IPv6 brackets, "+ N more..."', () => {
  assert.equal(endpointsCell({ metadata: {} }), '<none>');
  assert.equal(endpointsCell({ metadata: {}, subsets: [{ notReadyAddresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }] }), '');
  assert.equal(endpointsCell({ metadata: {}, subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }] }] }), '10.0.0.1,10.0.0.2');
  assert.equal(endpointsCell({ metadata: {}, subsets: [{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 443 }] }] }), '[fd00::1]:443');
  assert.equal(
    endpointsCell({ metadata: {}, subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] }] }),
    '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...',
  );
  assert.equal(
    endpointsCell({ metadata: {}, subsets: [{ addresses: [{ ip: 'a' }, { ip: 'b' }], ports: [{ port: 1 }] }, { addresses: [{ ip: 'c' }, { ip: 'd' }, { ip: 'e' }], ports: [{ port: 2 }] }] }),
    'a:1,b:1,c:2 + 2 more...',
  );
});

void test('endpointSliceCells: ports and endpoints, "<unset>" when empty', () => {
  assert.deepEqual(
    endpointSliceCells({
      metadata: {},
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: null }, { port: null }, { port: 9000 }],
      endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2', '10.0.0.3'] }, { addresses: ['10.0.0.4'] }],
    }),
    { addressType: 'IPv4', ports: '80,metrics,* + 1 more...', endpoints: '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...' },
  );
  assert.deepEqual(endpointSliceCells({ metadata: {}, addressType: 'IPv6', ports: null, endpoints: null }), { addressType: 'IPv6', ports: '<unset>', endpoints: '<unset>' });
});

void test('accessModes: fixed order, abbreviated, duplicates dropped', () => {
  assert.equal(accessModes(['ReadWriteMany', 'ReadWriteOncePod', 'ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteOnce']), 'RWO,ROX,RWX,RWOP');
  assert.equal(accessModes(undefined), '');
});

void test('pvcCells: bound, pending, terminating, class annotation wins', () => {
  const bound: PersistentVolumeClaim = {
    metadata: { name: 'data' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeName: 'pvc-123', storageClassName: 'standard', volumeMode: 'Filesystem' },
    status: { phase: 'Bound', accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], capacity: { storage: '2Gi' } },
  };
  assert.deepEqual(pvcCells(bound), { status: 'Bound', volume: 'pvc-123', capacity: '2Gi', accessModes: 'RWO,ROX', storageClass: 'standard', volumeAttributesClass: '<unset>', volumeMode: 'Filesystem' });
  const pending: PersistentVolumeClaim = {
    metadata: { name: 'p', annotations: { 'volume.beta.kubernetes.io/storage-class': 'old' }, deletionTimestamp: ago(1) },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', volumeAttributesClassName: 'gold' },
    status: { phase: 'Pending' },
  };
  assert.deepEqual(pvcCells(pending), { status: 'Terminating', volume: '', capacity: '', accessModes: '', storageClass: 'old', volumeAttributesClass: 'gold', volumeMode: '<unset>' });
  assert.equal(pvcCells({ metadata: {}, spec: { volumeAttributesClassName: '' } }).volumeAttributesClass, '');
});

void test('pvCells', () => {
  assert.deepEqual(
    pvCells({
      metadata: { name: 'pv1' },
      spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteMany'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'nfs', claimRef: { namespace: 'shop', name: 'data' }, volumeMode: 'Block' },
      status: { phase: 'Released', reason: 'Gone' },
    }),
    { capacity: '10Gi', accessModes: 'RWX', reclaimPolicy: 'Retain', status: 'Released', claim: 'shop/data', storageClass: 'nfs', volumeAttributesClass: '<unset>', reason: 'Gone', volumeMode: 'Block' },
  );
  assert.deepEqual(pvCells({ metadata: { deletionTimestamp: ago(1) } }), {
    capacity: '0', accessModes: '', reclaimPolicy: '', status: 'Terminating', claim: '', storageClass: '', volumeAttributesClass: '<unset>', reason: '', volumeMode: '<unset>',
  });
});

void test('storageClassCells: "(default)" marker and defaults', () => {
  assert.deepEqual(
    storageClassCells({ metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'rancher.io/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer' }),
    { name: 'standard (default)', provisioner: 'rancher.io/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: false },
  );
  const beta = storageClassCells({ metadata: { name: 'b', annotations: { 'storageclass.beta.kubernetes.io/is-default-class': 'true' } }, provisioner: 'x', allowVolumeExpansion: true });
  assert.deepEqual(beta, { name: 'b (default)', provisioner: 'x', reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate', allowVolumeExpansion: true });
  assert.equal(storageClassCells({ metadata: { name: 'c', annotations: { 'storageclass.kubernetes.io/is-default-class': 'false' } } }).name, 'c');
});

function event(over: Partial<Event> = {}): Event {
  return {
    metadata: { name: 'web-0.17f', namespace: 'shop' },
    involvedObject: { kind: 'Pod', name: 'web-0', namespace: 'shop', fieldPath: 'spec.containers{app}' },
    reason: 'BackOff',
    message: '  Back-off restarting failed container\n',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: ago(600_000),
    lastTimestamp: ago(30_000),
    count: 12,
    type: 'Warning',
    ...over,
  };
}

void test('eventCells: core/v1 event', () => {
  assert.deepEqual(eventCells(event(), NOW), {
    lastSeen: '30s', type: 'Warning', reason: 'BackOff', object: 'pod/web-0', subobject: 'spec.containers{app}',
    source: 'kubelet, node-1', message: 'Back-off restarting failed container', firstSeen: '10m', count: 12,
  });
});

void test('eventCells: events.k8s.io-style (eventTime, series, reporting*), singleton count, no name', () => {
  const ev = event({ firstTimestamp: null, lastTimestamp: null, count: 0, eventTime: ago(90_000), source: {}, reportingComponent: 'default-scheduler', series: { count: 4, lastObservedTime: ago(5_000) } });
  const c = eventCells(ev, NOW);
  assert.deepEqual([c.firstSeen, c.lastSeen, c.count, c.source], ['90s', '5s', 4, 'default-scheduler']);
  const single = eventCells(event({ lastTimestamp: null, count: undefined, involvedObject: { kind: 'Node' } }), NOW);
  assert.deepEqual([single.lastSeen, single.count, single.object], ['10m', 1, 'node']);
  const none = eventCells(event({ firstTimestamp: null, lastTimestamp: null }), NOW);
  assert.deepEqual([none.firstSeen, none.lastSeen], ['<unknown>', '<unknown>']);
});

void test('controllerRevisionCells and createdAtCell', () => {
  assert.deepEqual(
    controllerRevisionCells({ metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true }] }, revision: 3 }),
    { controller: 'statefulset.apps/web', revision: 3 },
  );
  assert.deepEqual(controllerRevisionCells({ metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'x', uid: 'u' }] } }), { controller: '<none>', revision: 0 });
  assert.equal(controllerRevisionCells({ metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'x', uid: 'u', controller: true }] } }).controller, 'pod/x');
  assert.equal(createdAtCell({ metadata: { creationTimestamp: '2026-01-01T10:00:00.123Z' } }), '2026-01-01T10:00:00Z');
  assert.equal(createdAtCell({ metadata: { creationTimestamp: '2026-01-01T10:00:00+02:00' } }), '2026-01-01T08:00:00Z');
  assert.equal(createdAtCell({ metadata: {} }), '');
});
