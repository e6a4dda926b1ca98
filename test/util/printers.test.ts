import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  deploymentCells,
  selectorCell,
  formatLabels,
  namespacePhase,
  serviceCells,
} from '../../src/util/printers.js';
import type { Deployment, Service } from '../../src/util/k8s.js';

function deployment(over: Partial<Deployment> = {}): Deployment {
  return {
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: { spec: { containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'log', image: 'busybox' }] } },
    },
    status: { replicas: 3, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1 },
    ...over,
  };
}

void test('deploymentCells', () => {
  assert.deepEqual(deploymentCells(deployment()), {
    ready: '1/3',
    upToDate: 2,
    available: 1,
    containers: 'app,log',
    images: 'nginx:1.27,busybox',
    selector: 'app=web',
  });
});

void test('deploymentCells: a fresh deployment without status, replicas defaulted to 1', () => {
  const d = deployment({ status: {} });
  delete d.spec!.replicas;
  const cells = deploymentCells(d);
  assert.equal(cells.ready, '0/1');
  assert.equal(cells.upToDate, 0);
  assert.equal(cells.available, 0);
});

void test('selectorCell prints like labels.Selector.String()', () => {
  assert.equal(selectorCell(undefined), '');
  assert.equal(selectorCell({}), '');
  assert.equal(
    selectorCell({
      matchLabels: { tier: 'fe', app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'dev'] },
        { key: 'zone', operator: 'NotIn', values: ['b'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'beta', operator: 'Exists' },
      ],
    }),
    'app=web,beta,!canary,env in (dev,prod),tier=fe,zone notin (b)',
  );
  assert.equal(selectorCell({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), '<invalid>');
});

void test('formatLabels', () => {
  assert.equal(formatLabels(undefined), '<none>');
  assert.equal(formatLabels({}), '<none>');
  assert.equal(formatLabels({ b: '2', a: '1' }), 'a=1,b=2');
});

function service(spec: Service['spec'], status?: Service['status']): Service {
  return { metadata: { name: 'svc', namespace: 'default' }, spec, ...(status ? { status } : {}) };
}

void test('serviceCells: ClusterIP', () => {
  const s = service({ type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] });
  assert.deepEqual(serviceCells(s), { type: 'ClusterIP', clusterIP: '10.96.0.10', externalIP: '<none>', ports: '80/TCP,53/UDP', selector: 'app=web' });
});

void test('serviceCells: NodePort, headless, no ports, no selector, externalIPs', () => {
  const np = service({ type: 'NodePort', clusterIPs: ['10.96.1.1'], externalIPs: ['1.2.3.4', '5.6.7.8'], ports: [{ port: 80, protocol: 'TCP' }, { port: 443, nodePort: 30443, protocol: 'TCP' }] });
  assert.deepEqual(serviceCells(np), { type: 'NodePort', clusterIP: '10.96.1.1', externalIP: '1.2.3.4,5.6.7.8', ports: '80/TCP,443:30443/TCP', selector: '<none>' });
  const headless = service({ clusterIP: 'None', clusterIPs: ['None'] });
  assert.deepEqual(serviceCells(headless), { type: 'ClusterIP', clusterIP: 'None', externalIP: '<none>', ports: '<none>', selector: '<none>' });
  assert.equal(serviceCells(service({ ports: [{ port: 8080 }] })).ports, '8080/TCP');
  assert.equal(serviceCells(service({ ports: [{ port: 8080 }] })).clusterIP, '<none>');
});

void test('serviceCells: LoadBalancer pending, with ingress (sorted, deduplicated, never cut), plus externalIPs', () => {
  assert.equal(serviceCells(service({ type: 'LoadBalancer', ports: [{ port: 80, nodePort: 31000, protocol: 'TCP' }] })).externalIP, '<pending>');
  const lb = service(
    { type: 'LoadBalancer', externalIPs: ['9.9.9.9'] },
    { loadBalancer: { ingress: [{ ip: '203.0.113.20' }, { hostname: 'a-very-long-hostname.elb.example.com' }, { ip: '203.0.113.20' }, { ip: '198.51.100.7' }] } },
  );
  assert.equal(serviceCells(lb).externalIP, '198.51.100.7,203.0.113.20,a-very-long-hostname.elb.example.com,9.9.9.9');
});

void test('serviceCells: ExternalName', () => {
  const s = service({ type: 'ExternalName', externalName: 'db.example.com' });
  assert.deepEqual(serviceCells(s), { type: 'ExternalName', clusterIP: '<none>', externalIP: 'db.example.com', ports: '<none>', selector: '<none>' });
});

void test('namespacePhase', () => {
  assert.equal(namespacePhase({ metadata: { name: 'a' }, status: { phase: 'Active' } }), 'Active');
  assert.equal(namespacePhase({ metadata: { name: 'a' }, status: { phase: 'Terminating' } }), 'Terminating');
  assert.equal(namespacePhase({ metadata: { name: 'a' } }), 'Active');
  assert.equal(namespacePhase({ metadata: { name: 'a', deletionTimestamp: '2026-01-01T00:00:00Z' } }), 'Terminating');
});
