// Controllers leave alone an object whose counts are not numbers (issue 11: a Deployment with
// replicas "abc" once made ReplicaSets with NaN and looped until the heap ran out). The objects are put
// straight into storage, past the API's type checks, as a scenario or an old store could.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import { DEPLOYMENTS, JOBS, PODS, REPLICASETS, STATEFULSETS } from '../../src/sim/resources.js';
import type { KObject } from '../../src/util/k8s.js';
import { usableSpec } from '../../src/sim/controllers/usable.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const template = (app: string): Record<string, unknown> => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
});

function objects(): [typeof DEPLOYMENTS, KObject][] {
  return [
    [
      DEPLOYMENTS,
      {
        metadata: { name: 'd', namespace: 'default' },
        spec: { replicas: 'abc', selector: { matchLabels: { app: 'd' } }, template: template('d') },
      },
    ],
    [
      REPLICASETS,
      {
        metadata: { name: 'rs', namespace: 'default' },
        spec: { replicas: Number.NaN, selector: { matchLabels: { app: 'rs' } }, template: template('rs') },
      },
    ],
    [
      STATEFULSETS,
      {
        metadata: { name: 'sts', namespace: 'default' },
        spec: {
          replicas: '3',
          serviceName: 'sts',
          selector: { matchLabels: { app: 'sts' } },
          template: template('sts'),
        },
      },
    ],
    [
      JOBS,
      {
        metadata: { name: 'job', namespace: 'default' },
        spec: {
          parallelism: { n: 1 },
          template: {
            ...template('job'),
            spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] },
          },
        },
      },
    ],
  ];
}

test('usableSpec: counts must be non-negative integers, fenceposts integers or percentages', () => {
  assert.equal(usableSpec({ replicas: 3 }, ['replicas']), true);
  assert.equal(usableSpec({}, ['replicas']), true);
  assert.equal(usableSpec({ replicas: 'abc' }, ['replicas']), false);
  assert.equal(usableSpec({ replicas: Number.NaN }, ['replicas']), false);
  assert.equal(usableSpec({ replicas: -1 }, ['replicas']), false);
  assert.equal(usableSpec({ replicas: 1.5 }, ['replicas']), false);
  assert.equal(usableSpec({ s: { m: '25%' } }, [], ['s.m']), true);
  assert.equal(usableSpec({ s: { m: 'lots' } }, [], ['s.m']), false);
});

test('controllers write nothing for objects with non-numeric counts, and pick them up once fixed', () => {
  const s = new ManualScheduler(T0);
  const c = createCluster({ scenario: 'empty', seed: 3, scheduler: s });
  try {
    for (const [gvr, o] of objects()) c.storage.create(gvr, o);
    s.advance(1000);
    let writes = 0;
    const unsubs = [DEPLOYMENTS, REPLICASETS, STATEFULSETS, JOBS, PODS].map((g) =>
      c.storage.subscribe(g, () => void writes++),
    );
    for (let i = 0; i < 120; i++) s.advance(1000);
    for (const u of unsubs) u();
    // no pods, no ReplicaSets, no NaN anywhere, and no write loop: storage did not move
    assert.equal(c.storage.list(PODS, 'default').items.length, 0);
    assert.deepEqual(
      c.storage.list(REPLICASETS, 'default').items.map((r) => r.metadata.name),
      ['rs'],
    );
    assert.equal(writes, 0, 'a controller kept writing');
    for (const [gvr, o] of objects())
      assert.equal(
        c.storage.get(gvr, 'default', o.metadata.name ?? '')?.metadata.resourceVersion !== undefined,
        true,
      );
    // fixed through an update, the Deployment rolls out as usual
    c.storage.mutate(DEPLOYMENTS, 'default', 'd', (o) => {
      (o.spec as { replicas: unknown }).replicas = 2;
    });
    for (let i = 0; i < 60; i++) s.advance(1000);
    const rss = c.storage.list(REPLICASETS, 'default').items.filter((r) => r.metadata.name?.startsWith('d-'));
    assert.equal(rss.length, 1);
    assert.equal((rss[0]?.spec as { replicas?: unknown }).replicas, 2);
    const pods = c.storage.list(PODS, 'default').items.filter((p) => p.metadata.labels?.['app'] === 'd');
    assert.equal(pods.length, 2);
  } finally {
    c.stop();
    s.dispose();
  }
});
