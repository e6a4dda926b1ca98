// The large scenario at a small size: exactly N pods, made by a DaemonSet, StatefulSets, Jobs and
// Deployments across team namespaces, all Running on a manual clock; size errors are clear.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import { NODES, PODS } from '../../src/sim/resources.js';
import type { Pod } from '../../src/util/k8s.js';
import { largeScenario } from '../../src/sim/scenarios/large.js';

test('large --pods 2000 --nodes 20: every pod Running, owned by controllers, spread over the workers', () => {
  const s = new ManualScheduler(Date.UTC(2026, 0, 1, 12));
  const c = createCluster({
    scenario: 'large',
    size: { pods: 2000, nodes: 20 },
    scheduler: s,
    events: false,
  });
  const pods = () => c.storage.list(PODS).items as Pod[];
  for (let i = 0; i < 60 && pods().filter((p) => p.status?.phase === 'Running').length < 2000; i++)
    s.advance(5_000);
  const all = pods();
  assert.equal(all.length, 2000);
  assert.equal(all.filter((p) => p.status?.phase === 'Running').length, 2000);
  assert.equal(c.storage.list(NODES).items.length, 20);
  const owners = new Map<string, number>();
  for (const p of all) {
    const kind = p.metadata.ownerReferences?.find((r) => r.controller)?.kind ?? 'none';
    owners.set(kind, (owners.get(kind) ?? 0) + 1);
  }
  assert.equal(owners.get('DaemonSet'), 20, 'node-exporter on every node');
  assert.equal(owners.get('StatefulSet'), 99);
  assert.equal(owners.get('Job'), 99);
  assert.equal(owners.get('ReplicaSet'), 2000 - 20 - 99 - 99);
  assert.equal(owners.get('none'), undefined);
  const namespaces = new Set(all.map((p) => p.metadata.namespace));
  assert.ok(namespaces.size >= 4, [...namespaces].join());
  const perNode = new Map<string, number>();
  for (const p of all) perNode.set(p.spec?.nodeName ?? '', (perNode.get(p.spec?.nodeName ?? '') ?? 0) + 1);
  assert.equal(perNode.get('large-control-plane'), 1, 'only the DaemonSet pod on the control plane');
  assert.equal(perNode.size, 20);
  c.stop();
  s.dispose();
});

test('large: sizes and their errors', () => {
  const sc = largeScenario({ pods: 500, nodes: 5 });
  assert.equal(sc.nodes.length, 5);
  assert.equal(largeScenario({ nodes: 9999 }).nodes.length, 1000, 'nodes capped (pod CIDRs: 10.244.0.0/14 in /24s)');
  assert.equal(largeScenario().nodes.length, 100);
  const s = new ManualScheduler(0);
  assert.throws(
    () => createCluster({ scenario: 'demo', size: { pods: 10 }, scheduler: s }),
    /scenario "demo" has no size/,
  );
  s.dispose();
});
