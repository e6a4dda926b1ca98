// Node loss on a manual clock: NotReady after the grace period, taints, pods out of Endpoints, eviction
// after the toleration (Unknown in kubectl), replacements elsewhere; the node comes back and cleans up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import { DEPLOYMENTS, NODES, PODS } from '../../src/sim/resources.js';
import type { NodeObject } from '../../src/sim/controllers/scheduler.js';
import { podSummary } from '../../src/util/printers.js';
import type { Pod } from '../../src/util/k8s.js';

test('a killed node goes NotReady, its pods are evicted and replaced, and it recovers', () => {
  const s = new ManualScheduler(Date.UTC(2026, 0, 1, 12));
  const c = createCluster({ scenario: 'demo', seed: 2, scheduler: s });
  s.advance(30_000);
  const node = 'kubedeck-worker';
  const onNode = () => (c.storage.list(PODS, 'shop').items as Pod[]).filter((p) => p.spec?.nodeName === node);
  const victims = onNode().map((p) => p.metadata.name);
  assert.ok(victims.length > 0);
  c.killNode(node);
  s.advance(30_000);
  const ready = () =>
    (c.storage.get(NODES, undefined, node) as NodeObject).status?.conditions?.find((x) => x.type === 'Ready');
  assert.equal(ready()?.status, 'True', 'still Ready within the grace period');
  s.advance(15_000);
  assert.deepEqual([ready()?.status, ready()?.reason], ['Unknown', 'NodeStatusUnknown']);
  const taints = (c.storage.get(NODES, undefined, node) as NodeObject).spec?.taints?.map(
    (t) => `${t.key}:${t.effect}`,
  );
  assert.deepEqual(taints, [
    'node.kubernetes.io/unreachable:NoSchedule',
    'node.kubernetes.io/unreachable:NoExecute',
  ]);
  const readyCond = (p: Pod) => p.status?.conditions?.find((x) => x.type === 'Ready')?.status;
  assert.ok(
    onNode().every((p) => readyCond(p) === 'False'),
    'pods NotReady (out of Endpoints)',
  );
  s.advance(301_000);
  const evicted = onNode();
  assert.ok(
    evicted.length > 0 &&
      evicted.every((p) => p.metadata.deletionTimestamp && podSummary(p).status === 'Unknown'),
  );
  s.advance(20_000);
  for (const d of ['frontend', 'cart', 'catalog', 'redis']) {
    const dep = c.storage.get(DEPLOYMENTS, 'shop', d) as {
      status?: { availableReplicas?: number };
      spec?: { replicas?: number };
    };
    assert.equal(dep.status?.availableReplicas, dep.spec?.replicas, `${d} available again`);
  }
  const live = (c.storage.list(PODS, 'shop').items as Pod[]).filter((p) => !p.metadata.deletionTimestamp);
  assert.ok(
    live.every((p) => p.spec?.nodeName !== node),
    'replacements on other nodes',
  );
  c.restoreNode(node);
  s.advance(10_000);
  assert.equal(ready()?.status, 'True');
  assert.equal((c.storage.get(NODES, undefined, node) as NodeObject).spec?.taints, undefined);
  assert.equal(onNode().length, 0, 'evicted pods finally removed');
  c.stop();
  s.dispose();
});
