// StatefulSets: ordered creation with stable names and claims, scale down from the top, rolling update
// from the highest ordinal, revisions; PVCs provisioned and bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import { PERSISTENTVOLUMECLAIMS, PERSISTENTVOLUMES, PODS, STATEFULSETS } from '../../src/sim/resources.js';
import type { StatefulSet } from '../../src/sim/controllers/statefulset.js';
import type { Pod } from '../../src/util/k8s.js';

test('kafka-0, -1, -2 one after another with bound claims; scale down from the top; rolling update top down', () => {
  const s = new ManualScheduler(Date.UTC(2026, 0, 1, 12));
  const c = createCluster({ scenario: 'demo', seed: 11, scheduler: s });
  const pods = () =>
    (c.storage.list(PODS, 'data').items as Pod[]).filter((p) => p.metadata.labels?.['app'] === 'kafka');
  s.advance(3_000);
  assert.deepEqual(
    pods().map((p) => p.metadata.name),
    ['kafka-0'],
    'one at a time',
  );
  s.advance(60_000);
  assert.deepEqual(
    pods().map((p) => p.metadata.name),
    ['kafka-0', 'kafka-1', 'kafka-2'],
  );
  const p0 = pods()[0]!;
  assert.equal((p0.spec as unknown as { hostname: string }).hostname, 'kafka-0');
  assert.equal(p0.metadata.labels?.['apps.kubernetes.io/pod-index'], '0');
  const pvc = c.storage.get(PERSISTENTVOLUMECLAIMS, 'data', 'data-kafka-0') as {
    status?: { phase?: string };
    spec?: { volumeName?: string };
  };
  assert.equal(pvc.status?.phase, 'Bound');
  assert.ok(c.storage.get(PERSISTENTVOLUMES, undefined, pvc.spec?.volumeName ?? ''));
  const st = (c.storage.get(STATEFULSETS, 'data', 'kafka') as StatefulSet).status;
  assert.equal(st?.['readyReplicas'], 3);
  assert.equal(st?.['currentRevision'], st?.['updateRevision']);
  // rolling update: kafka-2 first, then 1, then 0
  const order: string[] = [];
  c.storage.subscribe(PODS, (ev) => {
    if (ev.object.metadata.deletionTimestamp && !ev.prev?.metadata.deletionTimestamp)
      order.push(ev.object.metadata.name ?? '');
  });
  c.storage.mutate(
    STATEFULSETS,
    'data',
    'kafka',
    (d) => void ((d as StatefulSet).spec!.template!.spec.containers[0]!.image = 'apache/kafka:3.9.0'),
  );
  s.advance(90_000);
  assert.deepEqual(order, ['kafka-2', 'kafka-1', 'kafka-0']);
  assert.ok(
    pods().every((p) => p.spec?.containers[0]?.image === 'apache/kafka:3.9.0'),
    'all updated',
  );
  const st2 = (c.storage.get(STATEFULSETS, 'data', 'kafka') as StatefulSet).status;
  assert.equal(st2?.['updatedReplicas'], 3);
  // scale to 1: kafka-2 then kafka-1 go; claims stay
  c.storage.mutate(STATEFULSETS, 'data', 'kafka', (d) => void ((d as StatefulSet).spec!.replicas = 1));
  s.advance(30_000);
  assert.deepEqual(
    pods().map((p) => p.metadata.name),
    ['kafka-0'],
  );
  assert.ok(c.storage.get(PERSISTENTVOLUMECLAIMS, 'data', 'data-kafka-2'), 'claims are kept');
  c.stop();
  s.dispose();
});
