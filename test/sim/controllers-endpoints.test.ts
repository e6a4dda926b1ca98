// Endpoints and EndpointSlices follow Service selectors and pod readiness; GC and namespace termination.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import {
  DEPLOYMENTS,
  ENDPOINTS,
  ENDPOINTSLICES,
  NAMESPACES,
  PODS,
  REPLICASETS,
  SERVICES,
} from '../../src/sim/resources.js';
import type { Deployment, KObject, Pod } from '../../src/util/k8s.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

interface Ep extends KObject {
  subsets?: {
    addresses?: { ip: string; targetRef?: { name?: string } }[];
    notReadyAddresses?: { ip: string }[];
    ports: { name?: string; port: number; protocol: string }[];
  }[];
}
interface Slice extends KObject {
  endpoints: {
    addresses: string[];
    conditions: { ready: boolean; serving: boolean; terminating: boolean };
    nodeName?: string;
  }[];
  ports: { name?: string; port: number }[];
}

function setup() {
  const s = new ManualScheduler(T0);
  const c = createCluster({ scenario: 'empty', seed: 9, scheduler: s });
  return { s, c, done: () => (c.stop(), s.dispose()) };
}

const web = (replicas: number, ns = 'default'): Deployment => ({
  metadata: { name: 'web', namespace: ns },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            ports: [{ name: 'http', containerPort: 8080 }],
            readinessProbe: { httpGet: { path: '/', port: 8080 } },
          },
        ],
      },
    },
  },
});

test('Endpoints and EndpointSlice list ready pods with the named target port; unready pods move out', () => {
  const { s, c, done } = setup();
  c.storage.create(DEPLOYMENTS, web(2));
  c.storage.create(SERVICES, {
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  });
  s.advance(20_000);
  const ep = c.storage.get(ENDPOINTS, 'default', 'web') as Ep;
  assert.equal(ep.subsets?.length, 1);
  assert.equal(ep.subsets?.[0]?.addresses?.length, 2);
  assert.deepEqual(ep.subsets?.[0]?.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  const pods = c.storage.list(PODS, 'default').items as Pod[];
  assert.deepEqual(
    new Set(ep.subsets?.[0]?.addresses?.map((a) => a.ip)),
    new Set(pods.map((p) => p.status?.podIP)),
  );
  const [slice, ...more] = c.storage
    .list(ENDPOINTSLICES, 'default')
    .items.filter((x) => x.metadata.labels?.['kubernetes.io/service-name'] === 'web') as Slice[];
  assert.equal(more.length, 0);
  assert.match(slice?.metadata.name ?? '', /^web-[a-z0-9]{5}$/);
  assert.equal(slice?.metadata.ownerReferences?.[0]?.kind, 'Service');
  assert.deepEqual(
    slice?.endpoints.map((e) => e.conditions),
    [
      { ready: true, serving: true, terminating: false },
      { ready: true, serving: true, terminating: false },
    ],
  );
  // a pod turns unready: it moves to notReadyAddresses
  const victim = pods[0]!;
  c.storage.mutate(PODS, 'default', victim.metadata.name!, (d) => {
    for (const x of (d as Pod).status?.conditions ?? []) if (x.type === 'Ready') x.status = 'False';
  });
  s.advance(10);
  const ep2 = c.storage.get(ENDPOINTS, 'default', 'web') as Ep;
  assert.deepEqual(
    ep2.subsets?.[0]?.notReadyAddresses?.map((a) => a.ip),
    [victim.status?.podIP],
  );
  assert.equal(ep2.subsets?.[0]?.addresses?.length, 1);
  // the kubernetes Service points at the control plane
  const k = c.storage.get(ENDPOINTS, 'default', 'kubernetes') as Ep;
  assert.deepEqual(k.subsets, [
    { addresses: [{ ip: '172.18.0.2' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] },
  ]);
  // deleting the Service removes its Endpoints and slices
  c.storage.delete(SERVICES, 'default', 'web');
  s.advance(10);
  assert.equal(c.storage.get(ENDPOINTS, 'default', 'web'), undefined);
  assert.equal(
    c.storage
      .list(ENDPOINTSLICES, 'default')
      .items.filter((x) => x.metadata.labels?.['kubernetes.io/service-name'] === 'web').length,
    0,
  );
  done();
});

test('garbage collection: deleting a Deployment removes its ReplicaSets and their pods; orphan keeps them', () => {
  const { s, c, done } = setup();
  c.storage.create(DEPLOYMENTS, web(2));
  s.advance(20_000);
  c.storage.delete(DEPLOYMENTS, 'default', 'web');
  s.advance(10);
  assert.equal(c.storage.list(REPLICASETS, 'default').items.length, 0);
  assert.ok((c.storage.list(PODS, 'default').items as Pod[]).every((p) => p.metadata.deletionTimestamp));
  s.advance(10_000);
  assert.equal(c.storage.list(PODS, 'default').items.length, 0);
  // orphan: the server marks the owner with the orphan finalizer
  c.storage.create(DEPLOYMENTS, web(1));
  s.advance(20_000);
  c.storage.mutate(DEPLOYMENTS, 'default', 'web', (d) => {
    d.metadata.deletionTimestamp = '2026-01-01T12:01:00Z';
    d.metadata.finalizers = ['orphan'];
  });
  s.advance(10);
  assert.equal(c.storage.get(DEPLOYMENTS, 'default', 'web'), undefined);
  const rs = c.storage.list(REPLICASETS, 'default').items;
  assert.equal(rs.length, 1);
  assert.equal(rs[0]?.metadata.ownerReferences, undefined);
  done();
});

test('namespace termination deletes everything inside, then the namespace', () => {
  const { s, c, done } = setup();
  c.storage.create(NAMESPACES, { metadata: { name: 'team' } });
  c.storage.create(DEPLOYMENTS, web(2, 'team'));
  c.storage.create(SERVICES, {
    metadata: { name: 'web', namespace: 'team' },
    spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
  });
  s.advance(20_000);
  c.storage.mutate(
    NAMESPACES,
    undefined,
    'team',
    (d) => void (d.metadata.deletionTimestamp = '2026-01-01T12:00:20Z'),
  );
  s.advance(10);
  assert.equal(
    (c.storage.get(NAMESPACES, undefined, 'team')?.status as { phase?: string }).phase,
    'Terminating',
  );
  s.advance(15_000);
  assert.equal(c.storage.get(NAMESPACES, undefined, 'team'), undefined);
  for (const g of [PODS, DEPLOYMENTS, REPLICASETS, SERVICES, ENDPOINTS])
    assert.equal(c.storage.list(g, 'team').items.length, 0, g.resource);
  done();
});
