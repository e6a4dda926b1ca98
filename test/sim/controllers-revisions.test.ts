// ControllerRevisions as the real StatefulSet and DaemonSet controllers write them: the data bytes and the
// StatefulSet revision hash of a golden revision from kubernetes' own compatibility test data, names,
// labels, annotations, status.currentRevision/updateRevision, the pods' controller-revision-hash; and a
// rollback (the revision's data as a strategic merge patch) rolls the pods back and renumbers the old
// revision to the newest instead of copying it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import { CONTROLLERREVISIONS, DAEMONSETS, PODS, STATEFULSETS } from '../../src/sim/resources.js';
import { goJson, revisionData, revisionHash } from '../../src/sim/controllers/revisions.js';
import type { ControllerRevision } from '../../src/sim/controllers/revisions.js';
import { strategicMergePatch } from '../../src/sim/server/strategic-merge.js';
import type { KObject, Pod, PodTemplateSpec } from '../../src/util/k8s.js';

// pkg/controller/statefulset/testdata/compatibility_revision_1.33.0.json: the revision a 1.33 controller
// wrote for this template, named test-c77f6d978
const GOLDEN_RAW =
  '{"spec":{"template":{"$patch":"replace","metadata":{"annotations":{"test":"value"},"creationTimestamp":null,"labels":{"app":"foo"}},"spec":{"containers":[{"image":"test","imagePullPolicy":"Always","name":"test","resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],"dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},"terminationGracePeriodSeconds":30}}}}';

test('revision data and StatefulSet hash are byte for byte what the controller writes', () => {
  const template = {
    spec: {
      terminationGracePeriodSeconds: 30,
      securityContext: {},
      schedulerName: 'default-scheduler',
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      containers: [{ name: 'test', image: 'test', imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
    },
    metadata: { labels: { app: 'foo' }, annotations: { test: 'value' } },
  } as unknown as PodTemplateSpec;
  const data = revisionData(template);
  assert.equal(goJson(data), GOLDEN_RAW);
  assert.equal(revisionHash(data, 0), 'c77f6d978');
  assert.equal(goJson({ a: '<&>' }), '{"a":"\\u003c\\u0026\\u003e"}');
});

function setup() {
  const s = new ManualScheduler(Date.UTC(2026, 0, 1, 12));
  const c = createCluster({ scenario: 'empty', seed: 5, scheduler: s });
  return { s, c, done: () => (c.stop(), s.dispose()) };
}
const tpl = (app: string, image: string): PodTemplateSpec => ({
  metadata: { labels: { app, tier: 'x' } },
  spec: { containers: [{ name: 'main', image }], tolerations: [{ operator: 'Exists' }] } as unknown as PodTemplateSpec['spec'],
});
type Cluster = ReturnType<typeof setup>['c'];
const revs = (c: Cluster, app: string): ControllerRevision[] =>
  (c.storage.list(CONTROLLERREVISIONS, 'default').items as ControllerRevision[])
    .filter((r) => r.metadata.labels?.['app'] === app)
    .sort((a, b) => a.revision - b.revision);
const imageOf = (r: ControllerRevision): string | undefined =>
  (r.data as { spec: { template: { spec: { containers: { image: string }[] } } } }).spec.template.spec.containers[0]?.image;
const live = (c: Cluster, app: string): Pod[] =>
  (c.storage.list(PODS, 'default').items as Pod[]).filter((p) => p.metadata.labels?.['app'] === app && !p.metadata.deletionTimestamp);
const setImage = (c: Cluster, gvr: typeof STATEFULSETS, name: string, image: string): void =>
  void c.storage.mutate(gvr, 'default', name, (d) => {
    (d as { spec: { template: PodTemplateSpec } }).spec.template.spec.containers[0]!.image = image;
  });
/** kubectl rollout undo: the revision's data as a strategic merge patch of the workload. */
const rollBack = (c: Cluster, gvr: typeof STATEFULSETS, name: string, r: ControllerRevision): void =>
  void c.storage.mutate(gvr, 'default', name, (d) => {
    const patched = strategicMergePatch(d as never, r.data as never) as unknown as KObject & { spec: unknown };
    (d as { spec: unknown }).spec = patched.spec;
  });

test('StatefulSet: revisions named <sts>-<hash>, hash label, annotations, pods and status name them; rollback renumbers', () => {
  const { s, c, done } = setup();
  c.storage.create(STATEFULSETS, {
    metadata: { name: 'web', namespace: 'default', annotations: { 'kubernetes.io/change-cause': 'first' } },
    spec: { replicas: 2, serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: tpl('web', 'nginx:1') },
  } as KObject);
  s.advance(30_000);
  const [r1] = revs(c, 'web');
  assert.ok(r1);
  const hash = r1.metadata.labels?.['controller.kubernetes.io/hash'] ?? '';
  assert.equal(r1.metadata.name, `web-${hash}`);
  assert.equal(hash, revisionHash(r1.data, 0), 'hash of the data with collision count 0');
  assert.deepEqual(r1.metadata.labels, { app: 'web', tier: 'x', 'controller.kubernetes.io/hash': hash });
  assert.equal(r1.metadata.annotations?.['kubernetes.io/change-cause'], 'first');
  assert.equal(r1.revision, 1);
  assert.ok(goJson(r1.data).startsWith('{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"app":"web","tier":"x"}},"spec":{"containers":[{"image":"nginx:1",'));
  assert.deepEqual(live(c, 'web').map((p) => p.metadata.labels?.['controller-revision-hash']), [r1.metadata.name, r1.metadata.name]);
  const status = () => (c.storage.get(STATEFULSETS, 'default', 'web') as { status: Record<string, unknown> }).status;
  assert.equal(status()['currentRevision'], r1.metadata.name);
  assert.equal(status()['updateRevision'], r1.metadata.name);

  setImage(c, STATEFULSETS, 'web', 'nginx:2');
  s.advance(500);
  const r2 = revs(c, 'web')[1];
  assert.ok(r2 && r2.revision === 2 && imageOf(r2) === 'nginx:2');
  assert.equal(status()['updateRevision'], r2.metadata.name);
  assert.equal(status()['currentRevision'], r1.metadata.name, 'mid-rollout the current revision is still the old one');
  s.advance(60_000);
  assert.ok(live(c, 'web').every((p) => p.spec?.containers[0]?.image === 'nginx:2' && p.metadata.labels?.['controller-revision-hash'] === r2.metadata.name));
  assert.equal(status()['currentRevision'], r2.metadata.name);
  setImage(c, STATEFULSETS, 'web', 'nginx:3');
  s.advance(60_000);
  assert.deepEqual(revs(c, 'web').map((r) => [r.revision, imageOf(r)]), [[1, 'nginx:1'], [2, 'nginx:2'], [3, 'nginx:3']]);

  rollBack(c, STATEFULSETS, 'web', r1);
  s.advance(60_000);
  assert.deepEqual(revs(c, 'web').map((r) => [r.revision, r.metadata.name === r1.metadata.name, imageOf(r)]), [
    [2, false, 'nginx:2'],
    [3, false, 'nginx:3'],
    [4, true, 'nginx:1'],
  ]);
  assert.equal(live(c, 'web').length, 2);
  assert.ok(live(c, 'web').every((p) => p.spec?.containers[0]?.image === 'nginx:1' && p.metadata.labels?.['controller-revision-hash'] === r1.metadata.name));
  assert.equal(status()['updateRevision'], r1.metadata.name);
  assert.equal(status()['currentRevision'], r1.metadata.name);
  done();
});

test('DaemonSet: revisions labelled controller-revision-hash (as its pods), annotations copied; rollback renumbers', () => {
  const { s, c, done } = setup();
  c.storage.create(DAEMONSETS, {
    metadata: { name: 'agent', namespace: 'default', annotations: { team: 'infra' } },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: tpl('agent', 'agent:1') },
  } as KObject);
  s.advance(20_000);
  const [r1] = revs(c, 'agent');
  assert.ok(r1);
  const hash = r1.metadata.labels?.['controller-revision-hash'] ?? '';
  assert.equal(r1.metadata.name, `agent-${hash}`);
  assert.deepEqual(r1.metadata.labels, { app: 'agent', tier: 'x', 'controller-revision-hash': hash });
  assert.deepEqual(r1.metadata.annotations, { team: 'infra' });
  const pods = live(c, 'agent');
  assert.ok(pods.length > 0 && pods.every((p) => p.metadata.labels?.['controller-revision-hash'] === hash));
  setImage(c, DAEMONSETS, 'agent', 'agent:2');
  s.advance(60_000);
  setImage(c, DAEMONSETS, 'agent', 'agent:3');
  s.advance(60_000);
  assert.deepEqual(revs(c, 'agent').map((r) => [r.revision, imageOf(r)]), [[1, 'agent:1'], [2, 'agent:2'], [3, 'agent:3']]);
  rollBack(c, DAEMONSETS, 'agent', r1);
  s.advance(60_000);
  assert.deepEqual(revs(c, 'agent').map((r) => [r.revision, r.metadata.name === r1.metadata.name]), [[2, false], [3, false], [4, true]]);
  assert.equal(live(c, 'agent').length, pods.length);
  assert.ok(live(c, 'agent').every((p) => p.spec?.containers[0]?.image === 'agent:1' && p.metadata.labels?.['controller-revision-hash'] === hash));
  done();
});
