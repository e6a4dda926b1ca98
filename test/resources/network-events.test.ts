import { test } from 'node:test';
import assert from 'node:assert/strict';
import { controllerrevisions } from '../../src/resources/controllerrevisions.js';
import { customresourcedefinitions } from '../../src/resources/customresourcedefinitions.js';
import { endpoints } from '../../src/resources/endpoints.js';
import { endpointslices } from '../../src/resources/endpointslices.js';
import { events } from '../../src/resources/events.js';
import { ingresses } from '../../src/resources/ingresses.js';
import type { ObjectMeta } from '../../src/util/k8s.js';
import type { ControllerRevision, CustomResourceDefinition, EndpointSlice, Endpoints, Event, Ingress } from '../../src/util/k8s-more.js';
import { NOW, ago } from '../util/fixtures.js';

const meta = (name: string, extra: Partial<ObjectMeta> = {}): ObjectMeta => ({
  name, namespace: 'shop', uid: `u-${name}`, resourceVersion: '1', creationTimestamp: ago(3_600_000), ...extra,
});

void test('ingresses: row, pending until an address is published', () => {
  assert.deepEqual(ingresses.columns.map((c) => c.name), ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE']);
  const ing: Ingress = { metadata: meta('web'), spec: { ingressClassName: 'nginx', rules: [{ host: 'shop.example.com' }, { host: 'api.example.com' }], tls: [{}] } };
  const r = ingresses.project(ing);
  assert.deepEqual(ingresses.row(r, NOW), ['web', 'nginx', 'shop.example.com,api.example.com', '', '80, 443', '60m']);
  assert.deepEqual(ingresses.status(r), { text: 'Pending', tone: 'pending' });
  const up = ingresses.project({ ...ing, status: { loadBalancer: { ingress: [{ ip: '203.0.113.5' }] } } });
  assert.deepEqual([ingresses.row(up, NOW)[3], ingresses.status(up).tone], ['203.0.113.5', 'ok']);
});

void test('endpoints and endpointslices: rows, "+ N more...", warn without addresses', () => {
  assert.deepEqual(endpoints.columns.map((c) => c.name), ['NAME', 'ENDPOINTS', 'AGE']);
  const ep: Endpoints = { metadata: meta('web'), subsets: [{ addresses: [{ ip: '10.244.0.1' }, { ip: '10.244.0.2' }, { ip: '10.244.0.3' }, { ip: '10.244.0.4' }], ports: [{ port: 8080 }] }] };
  const r = endpoints.project(ep);
  assert.deepEqual(endpoints.row(r, NOW), ['web', '10.244.0.1:8080,10.244.0.2:8080,10.244.0.3:8080 + 1 more...', '60m']);
  assert.deepEqual(endpoints.status(r), { text: 'Active', tone: 'ok' });
  assert.deepEqual(endpoints.status(endpoints.project({ metadata: meta('none') })), { text: 'NoEndpoints', tone: 'warn' });

  assert.deepEqual(endpointslices.columns.map((c) => c.name), ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
  const es: EndpointSlice = {
    metadata: meta('web-abcde', { labels: { 'kubernetes.io/service-name': 'web' } }),
    addressType: 'IPv4', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], endpoints: [{ addresses: ['10.244.0.1'] }, { addresses: ['10.244.0.2'] }],
  };
  const s = endpointslices.project(es);
  assert.equal(s.service, 'web');
  assert.deepEqual(endpointslices.row(s, NOW), ['web-abcde', 'IPv4', '8080', '10.244.0.1,10.244.0.2', '60m']);
  const drained: EndpointSlice = { ...es, endpoints: [] };
  assert.deepEqual(endpointslices.status(endpointslices.project(drained)), { text: 'NoEndpoints', tone: 'warn' });
});

function event(type: string, extra: Partial<Event> = {}): Event {
  return {
    metadata: meta('web-0.181a'),
    involvedObject: { kind: 'Pod', name: 'web-0', namespace: 'shop', uid: 'p1', fieldPath: 'spec.containers{app}' },
    reason: 'BackOff', message: 'Back-off restarting failed container app in pod web-0_shop(p1)\n',
    source: { component: 'kubelet', host: 'worker-1' },
    firstTimestamp: ago(20 * 60_000), lastTimestamp: ago(40_000), count: 7, type, ...extra,
  };
}

void test('events: kubectl column order, ages at row time, tones, involved object kept', () => {
  assert.deepEqual(events.columns.filter((c) => !c.wide).map((c) => c.name), ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
  assert.deepEqual(events.columns.filter((c) => c.wide).map((c) => c.name), ['SUBOBJECT', 'SOURCE', 'FIRST SEEN', 'COUNT', 'NAME']);
  const r = events.project(event('Warning'));
  assert.deepEqual(events.row(r, NOW), [
    '40s', 'Warning', 'BackOff', 'pod/web-0', 'spec.containers{app}', 'kubelet, worker-1',
    'Back-off restarting failed container app in pod web-0_shop(p1)', '20m', '7', 'web-0.181a',
  ]);
  assert.equal(events.row(r, NOW + 60_000)[0], '100s');
  assert.deepEqual(r.involved, { kind: 'Pod', name: 'web-0', namespace: 'shop', uid: 'p1' });
  assert.deepEqual(events.status(r), { text: 'Warning', tone: 'warn' });
  assert.deepEqual(events.status(events.project(event('Normal'))), { text: 'Normal', tone: 'ok' });
  assert.deepEqual(events.drill?.(r), { resource: 'Pod', namespace: 'shop', fieldSelector: 'metadata.name=web-0' });
  const series = events.project(event('Normal', { firstTimestamp: null, lastTimestamp: null, count: undefined, eventTime: ago(300_000), series: { count: 3, lastObservedTime: ago(10_000) } }));
  assert.deepEqual([events.row(series, NOW)[0], events.row(series, NOW)[7], events.row(series, NOW)[8]], ['10s', '5m', '3']);
  const nodeEvent = events.project(event('Normal', { involvedObject: { kind: 'Node', name: 'worker-1' } }));
  assert.deepEqual(events.drill?.(nodeEvent), { resource: 'Node', namespace: undefined, fieldSelector: 'metadata.name=worker-1' });
});

void test('controllerrevisions: CONTROLLER and REVISION, data not kept', () => {
  assert.deepEqual(controllerrevisions.columns.map((c) => c.name), ['NAME', 'CONTROLLER', 'REVISION', 'AGE']);
  const cr: ControllerRevision = {
    metadata: meta('db-6c4f8', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 's', controller: true }] }),
    revision: 2, data: { spec: { template: { spec: { containers: [{ name: 'db', image: 'postgres:17' }] } } } },
  };
  const r = controllerrevisions.project(cr);
  assert.deepEqual(controllerrevisions.row(r, NOW), ['db-6c4f8', 'statefulset.apps/db', '2', '60m']);
  assert.ok(!JSON.stringify(r).includes('postgres'));
});

void test('customresourcedefinitions: NAME, CREATED AT; keeps what a generic view needs', () => {
  assert.deepEqual(customresourcedefinitions.columns.map((c) => c.name), ['NAME', 'CREATED AT']);
  const crd: CustomResourceDefinition = {
    metadata: { name: 'widgets.example.com', uid: 'c', resourceVersion: '1', creationTimestamp: '2026-01-01T09:30:00Z' },
    spec: {
      group: 'example.com', scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
      versions: [{ name: 'v1alpha1', served: false, storage: false }, { name: 'v1beta1', served: true, storage: false }, { name: 'v1', served: true, storage: true }],
    },
    status: { conditions: [{ type: 'NamesAccepted', status: 'True' }, { type: 'Established', status: 'True' }] },
  };
  const r = customresourcedefinitions.project(crd);
  assert.deepEqual(customresourcedefinitions.row(r, NOW), ['widgets.example.com', '2026-01-01T09:30:00Z']);
  assert.deepEqual(r.served, { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', singular: 'widget', namespaced: true, shortNames: ['wd'] });
  assert.deepEqual(r.versions, ['v1beta1', 'v1']);
  assert.deepEqual(customresourcedefinitions.status(r), { text: 'Established', tone: 'ok' });
  assert.deepEqual(customresourcedefinitions.drill?.(r), { resource: 'widgets.example.com' });
  const fresh = customresourcedefinitions.project({ ...crd, spec: { ...crd.spec!, scope: 'Cluster' }, status: {} });
  assert.equal(fresh.served.namespaced, false);
  assert.deepEqual(customresourcedefinitions.status(fresh), { text: 'NotEstablished', tone: 'pending' });
});
