// DaemonSets: one pod per eligible node, rolling updates through ControllerRevisions, revision renumbering
// on a revert (rollout undo), pods that outlive node loss.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import { CONTROLLERREVISIONS, DAEMONSETS, PODS } from '../../src/sim/resources.js';
import type { DaemonSet } from '../../src/sim/controllers/daemonset.js';
import type { ControllerRevision } from '../../src/sim/controllers/revisions.js';
import type { Pod } from '../../src/util/k8s.js';

function setup() {
  const s = new ManualScheduler(Date.UTC(2026, 0, 1, 12));
  const c = createCluster({ scenario: 'demo', seed: 8, scheduler: s });
  return { s, c, done: () => (c.stop(), s.dispose()) };
}
const ds = (name: string, image: string, tolerateAll: boolean): DaemonSet => ({
  metadata: { name, namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [{ name, image }],
        ...(tolerateAll ? { tolerations: [{ operator: 'Exists' }] } : {}),
      },
    },
  },
});
const podsOf = (c: ReturnType<typeof setup>['c'], app: string): Pod[] =>
  (c.storage.list(PODS).items as Pod[]).filter(
    (p) => p.metadata.labels?.['app'] === app || p.metadata.labels?.['k8s-app'] === app,
  );

test('one pod per node; the control plane only with a toleration; status counts', () => {
  const { s, c, done } = setup();
  c.storage.create(DAEMONSETS, ds('agent', 'agent:1', false));
  s.advance(20_000);
  assert.deepEqual(
    podsOf(c, 'agent')
      .map((p) => p.spec?.nodeName)
      .sort(),
    ['kubedeck-worker', 'kubedeck-worker2'],
  );
  assert.equal(podsOf(c, 'kube-proxy').length, 3, 'demo kube-proxy everywhere');
  const st = (c.storage.get(DAEMONSETS, 'default', 'agent') as DaemonSet).status;
  assert.deepEqual(
    [
      st?.['desiredNumberScheduled'],
      st?.['currentNumberScheduled'],
      st?.['numberReady'],
      st?.['updatedNumberScheduled'],
      st?.['numberAvailable'],
    ],
    [2, 2, 2, 2, 2],
  );
  done();
});

test('rolling update one node at a time, revisions 1 → 2 → 3 on revert', () => {
  const { s, c, done } = setup();
  c.storage.create(DAEMONSETS, ds('agent', 'agent:1', true));
  s.advance(20_000);
  c.storage.mutate(
    DAEMONSETS,
    'default',
    'agent',
    (d) => void ((d as DaemonSet).spec!.template!.spec.containers[0]!.image = 'agent:2'),
  );
  let maxDown = 0;
  for (let t = 0; t < 60_000; t += 250) {
    s.advance(250);
    const up = podsOf(c, 'agent').filter(
      (p) =>
        !p.metadata.deletionTimestamp &&
        p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True'),
    );
    maxDown = Math.max(maxDown, 3 - up.length);
  }
  assert.equal(maxDown, 1, 'maxUnavailable 1');
  assert.ok(podsOf(c, 'agent').every((p) => p.spec?.containers[0]?.image === 'agent:2'));
  const revs = () =>
    (c.storage.list(CONTROLLERREVISIONS, 'default').items as ControllerRevision[])
      .filter((r) => r.metadata.name?.startsWith('agent-'))
      .map((r) => [
        (r.data as { spec: { template: { spec: { containers: { image: string }[] } } } }).spec.template.spec
          .containers[0]?.image,
        r.revision,
      ]);
  assert.deepEqual(revs().sort(), [
    ['agent:1', 1],
    ['agent:2', 2],
  ]);
  c.storage.mutate(
    DAEMONSETS,
    'default',
    'agent',
    (d) => void ((d as DaemonSet).spec!.template!.spec.containers[0]!.image = 'agent:1'),
  );
  s.advance(60_000);
  assert.deepEqual(revs().sort(), [
    ['agent:1', 3],
    ['agent:2', 2],
  ]);
  assert.ok(podsOf(c, 'agent').every((p) => p.spec?.containers[0]?.image === 'agent:1'));
  done();
});
