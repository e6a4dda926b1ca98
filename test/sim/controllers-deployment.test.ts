// ReplicaSet and Deployment controllers driven through storage on a manual clock: scaling, rollouts to a
// new ReplicaSet revision, rollback by template revert (re-adoption with revision-history), Recreate,
// paused, revisionHistoryLimit, status and conditions, events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import type { Cluster } from '../../src/sim/cluster.js';
import { DEPLOYMENTS, EVENTS, PODS, REPLICASETS } from '../../src/sim/resources.js';
import type { ReplicaSet } from '../../src/sim/controllers/replicaset.js';
import { deletionOrder } from '../../src/sim/controllers/replicaset.js';
import type { SimEvent } from '../../src/sim/controllers/events.js';
import type { Deployment, KObject, Pod } from '../../src/util/k8s.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function cluster(): { c: Cluster; s: ManualScheduler; done: () => void } {
  const s = new ManualScheduler(T0);
  const c = createCluster({ scenario: 'empty', seed: 5, scheduler: s });
  return {
    c,
    s,
    done: () => {
      c.stop();
      s.dispose();
    },
  };
}

const deploy = (
  name: string,
  replicas: number,
  image = 'nginx:1.27',
  extra: Partial<Deployment['spec']> = {},
): Deployment => ({
  metadata: { name, namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image }] } },
    ...extra,
  },
});
const rsOf = (c: Cluster, name: string): ReplicaSet[] =>
  (c.storage.list(REPLICASETS, 'default').items as ReplicaSet[]).filter((r) =>
    r.metadata.name?.startsWith(`${name}-`),
  );
const podsOf = (c: Cluster, name: string): Pod[] =>
  (c.storage.list(PODS, 'default').items as Pod[]).filter((p) => p.metadata.labels?.['app'] === name);
const live = (pods: Pod[]): Pod[] => pods.filter((p) => !p.metadata.deletionTimestamp);
const get = (c: Cluster, name: string): Deployment =>
  c.storage.get(DEPLOYMENTS, 'default', name) as Deployment;
const edit = (c: Cluster, name: string, fn: (d: Deployment) => void): void =>
  void c.storage.mutate(DEPLOYMENTS, 'default', name, (o: KObject) => fn(o as Deployment));
const setImage = (c: Cluster, name: string, image: string): void =>
  edit(c, name, (d) => {
    const ct = d.spec?.template.spec.containers[0];
    if (ct) ct.image = image;
  });
const rev = (o: KObject): string | undefined => o.metadata.annotations?.['deployment.kubernetes.io/revision'];
const ready = (c: Cluster, name: string): boolean => {
  const d = get(c, name);
  const st = d.status ?? {};
  return (
    (st.observedGeneration ?? 0) >= (d.metadata.generation ?? 1) &&
    st.updatedReplicas === d.spec?.replicas &&
    st.replicas === d.spec?.replicas &&
    st.availableReplicas === d.spec?.replicas
  );
};
function settle(s: ManualScheduler, pred: () => boolean, maxMs = 120_000): void {
  for (let t = 0; t < maxMs; t += 500) {
    if (pred()) return;
    s.advance(500);
  }
  assert.ok(pred(), 'condition not reached');
}

test('a deployment gets a ReplicaSet <deploy>-<hash>, revision 1, pods <rs>-<5>, status and conditions', () => {
  const { c, s, done } = cluster();
  c.storage.create(DEPLOYMENTS, deploy('web', 3));
  settle(s, () => ready(c, 'web'));
  const [rs, ...more] = rsOf(c, 'web');
  assert.equal(more.length, 0);
  const hash = rs?.metadata.labels?.['pod-template-hash'] ?? '';
  assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]{8,10}$/);
  assert.equal(rs?.metadata.name, `web-${hash}`);
  assert.deepEqual(rs?.spec?.selector?.matchLabels, { app: 'web', 'pod-template-hash': hash });
  assert.equal(rs?.metadata.ownerReferences?.[0]?.kind, 'Deployment');
  assert.equal(rs?.metadata.ownerReferences?.[0]?.controller, true);
  assert.deepEqual(
    [
      rev(rs!),
      rs?.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'],
      rs?.metadata.annotations?.['deployment.kubernetes.io/max-replicas'],
    ],
    ['1', '3', '4'],
  );
  const pods = podsOf(c, 'web');
  assert.equal(pods.length, 3);
  for (const p of pods) {
    assert.match(p.metadata.name ?? '', new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    assert.equal(p.metadata.labels?.['pod-template-hash'], hash);
    assert.equal(p.metadata.ownerReferences?.[0]?.name, rs?.metadata.name);
  }
  const d = get(c, 'web');
  assert.equal(rev(d), '1');
  assert.deepEqual(
    { ...d.status, conditions: undefined },
    {
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: undefined,
    },
  );
  assert.deepEqual(
    d.status?.conditions?.map((x) => [x.type, x.status, x.reason, x.message]),
    [
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      [
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        `ReplicaSet "web-${hash}" has successfully progressed.`,
      ],
    ],
  );
  assert.deepEqual(rs?.status, {
    replicas: 3,
    fullyLabeledReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
    observedGeneration: 1,
  });
  const evs = (c.storage.list(EVENTS, 'default').items as SimEvent[]).map(
    (e) => `${e.involvedObject.kind} ${e.reason} ${e.message}`,
  );
  assert.ok(
    evs.includes(`Deployment ScalingReplicaSet Scaled up replica set web-${hash} from 0 to 3`),
    evs.join('\n'),
  );
  assert.ok(evs.some((e) => e.startsWith(`ReplicaSet SuccessfulCreate Created pod: web-${hash}-`)));
  done();
});

test('scale 3 → 5 creates 2 pods; 5 → 2 deletes gracefully, not-ready pods first', () => {
  const { c, s, done } = cluster();
  c.storage.create(DEPLOYMENTS, deploy('web', 3));
  settle(s, () => ready(c, 'web'));
  const before = new Set(podsOf(c, 'web').map((p) => p.metadata.name));
  edit(c, 'web', (d) => void (d.spec!.replicas = 5));
  s.advance(1);
  const after = podsOf(c, 'web');
  assert.equal(after.length, 5);
  assert.equal(after.filter((p) => !before.has(p.metadata.name)).length, 2);
  settle(s, () => ready(c, 'web'));
  edit(c, 'web', (d) => void (d.spec!.replicas = 2));
  s.advance(1);
  const terminating = podsOf(c, 'web').filter((p) => p.metadata.deletionTimestamp);
  assert.equal(terminating.length, 3, 'surplus pods are Terminating, not gone');
  assert.equal(terminating.filter((p) => !before.has(p.metadata.name)).length, 2, 'newest first');
  settle(s, () => podsOf(c, 'web').length === 2 && ready(c, 'web'));
  assert.equal(rsOf(c, 'web')[0]?.spec?.replicas, 2);
  done();
});

test('rollout: a template change makes revision 2, old RS scaled to 0; reverting re-adopts revision 1 as 3', () => {
  const { c, s, done } = cluster();
  c.storage.create(DEPLOYMENTS, deploy('web', 4));
  settle(s, () => ready(c, 'web'));
  const [rs1] = rsOf(c, 'web');
  setImage(c, 'web', 'nginx:1.28');
  s.advance(1);
  // surge 1, unavailable 1: the new RS starts at 1 (4 + 1 - 4), the old one goes to 3, the new to 2
  const mid = rsOf(c, 'web');
  assert.equal(mid.length, 2);
  const rs2 = mid.find((r) => r.metadata.name !== rs1?.metadata.name)!;
  assert.equal(rev(rs2), '2');
  assert.equal(rs2.spec?.replicas, 2);
  const first = (c.storage.list(EVENTS, 'default').items as SimEvent[]).filter(
    (e) => e.reason === 'ScalingReplicaSet' && e.message.includes(rs2.metadata.name!),
  );
  assert.equal(first[0]?.message, `Scaled up replica set ${rs2.metadata.name!} from 0 to 1`);
  assert.equal((c.storage.get(REPLICASETS, 'default', rs1!.metadata.name!) as ReplicaSet).spec?.replicas, 3);
  const prog = get(c, 'web').status?.conditions?.find((x) => x.type === 'Progressing');
  assert.deepEqual(
    [prog?.reason, prog?.message],
    ['ReplicaSetUpdated', `ReplicaSet "${rs2.metadata.name!}" is progressing.`],
  );
  // never fewer than 3 available while rolling
  let minAvail = 4;
  settle(s, () => {
    minAvail = Math.min(minAvail, get(c, 'web').status?.availableReplicas ?? 0);
    return ready(c, 'web');
  });
  assert.ok(minAvail >= 3, `availability dipped to ${minAvail}`);
  assert.equal(rev(get(c, 'web')), '2');
  assert.equal((c.storage.get(REPLICASETS, 'default', rs1!.metadata.name!) as ReplicaSet).spec?.replicas, 0);
  settle(
    s,
    () =>
      live(podsOf(c, 'web')).every((p) => p.spec?.containers[0]?.image === 'nginx:1.28') &&
      podsOf(c, 'web').length === 4,
  );
  // undo: back to the first template
  setImage(c, 'web', 'nginx:1.27');
  settle(s, () => ready(c, 'web') && podsOf(c, 'web').length === 4);
  assert.equal(rsOf(c, 'web').length, 2, 'no third ReplicaSet');
  const back = c.storage.get(REPLICASETS, 'default', rs1!.metadata.name!) as ReplicaSet;
  assert.equal(rev(back), '3');
  assert.equal(back.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '1');
  assert.equal(back.spec?.replicas, 4);
  assert.equal(rev(get(c, 'web')), '3');
  const msgs = (c.storage.list(EVENTS, 'default').items as SimEvent[])
    .filter((e) => e.reason === 'ScalingReplicaSet')
    .map((e) => e.message);
  assert.ok(msgs.includes(`Scaled down replica set ${rs1!.metadata.name!} from 4 to 3`), msgs.join('\n'));
  done();
});

test('Recreate: old pods all go before the new RS scales up', () => {
  const { c, s, done } = cluster();
  c.storage.create(DEPLOYMENTS, deploy('db', 2, 'postgres:16', { strategy: { type: 'Recreate' } }));
  settle(s, () => ready(c, 'db'));
  setImage(c, 'db', 'postgres:17');
  let overlap = false;
  settle(s, () => {
    const imgs = new Set(podsOf(c, 'db').map((p) => p.spec?.containers[0]?.image));
    if (imgs.has('postgres:16') && imgs.has('postgres:17')) overlap = true;
    return ready(c, 'db') && podsOf(c, 'db').length === 2;
  });
  assert.equal(overlap, false);
  assert.equal(rev(get(c, 'db')), '2');
  done();
});

test('paused: template changes wait, scaling still applies; resume rolls out; history limit prunes', () => {
  const { c, s, done } = cluster();
  c.storage.create(DEPLOYMENTS, deploy('api', 2, 'api:1', { revisionHistoryLimit: 1 }));
  settle(s, () => ready(c, 'api'));
  edit(c, 'api', (d) => void (d.spec!.paused = true));
  s.advance(1);
  const cond = get(c, 'api').status?.conditions?.find((x) => x.type === 'Progressing');
  assert.deepEqual(
    [cond?.status, cond?.reason, cond?.message],
    ['Unknown', 'DeploymentPaused', 'Deployment is paused'],
  );
  setImage(c, 'api', 'api:2');
  edit(c, 'api', (d) => void (d.spec!.replicas = 3));
  settle(s, () => live(podsOf(c, 'api')).length === 3);
  assert.equal(rsOf(c, 'api').length, 1, 'no rollout while paused');
  edit(c, 'api', (d) => void (d.spec!.paused = false));
  settle(s, () => ready(c, 'api'));
  setImage(c, 'api', 'api:3');
  settle(s, () => ready(c, 'api') && rsOf(c, 'api').length === 2);
  assert.deepEqual(rsOf(c, 'api').map(rev).sort(), ['2', '3']);
  done();
});

test('progress deadline: a rollout that cannot become available times out', () => {
  const { c, s, done } = cluster();
  c.storage.create(DEPLOYMENTS, deploy('big', 1, 'nginx', { progressDeadlineSeconds: 30 }));
  settle(s, () => ready(c, 'big'));
  edit(c, 'big', (d) => {
    d.spec!.template.spec.containers[0]!.resources = { requests: { cpu: '64' } };
  });
  s.advance(40_000);
  const cond = get(c, 'big').status?.conditions?.find((x) => x.type === 'Progressing');
  assert.deepEqual([cond?.status, cond?.reason], ['False', 'ProgressDeadlineExceeded']);
  done();
});

test('deletion order: unscheduled, pending, not ready, then newest', () => {
  const mk = (
    name: string,
    node: string | undefined,
    phase: string,
    ready: boolean,
    created: string,
  ): Pod => ({
    metadata: { name, creationTimestamp: created },
    spec: { containers: [], ...(node ? { nodeName: node } : {}) },
    status: {
      phase,
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: created }],
    },
  });
  const pods = [
    mk('old-ready', 'n', 'Running', true, '2026-01-01T00:00:00Z'),
    mk('new-ready', 'n', 'Running', true, '2026-01-02T00:00:00Z'),
    mk('not-ready', 'n', 'Running', false, '2026-01-01T00:00:00Z'),
    mk('pending', 'n', 'Pending', false, '2026-01-01T00:00:00Z'),
    mk('unscheduled', undefined, 'Pending', false, '2026-01-01T00:00:00Z'),
  ];
  assert.deepEqual(
    [...pods].sort(deletionOrder).map((p) => p.metadata.name),
    ['unscheduled', 'pending', 'not-ready', 'new-ready', 'old-ready'],
  );
});

test('self-healing: a deleted pod is replaced; a relabelled pod is released and replaced; orphans are adopted', () => {
  const { c, s, done } = cluster();
  c.storage.create(DEPLOYMENTS, deploy('web', 2));
  settle(s, () => ready(c, 'web'));
  const [a, b] = podsOf(c, 'web');
  c.storage.delete(PODS, 'default', a!.metadata.name!);
  s.advance(1);
  assert.equal(live(podsOf(c, 'web')).length, 2, 'replacement created');
  c.storage.mutate(PODS, 'default', b!.metadata.name!, (p) => void (p.metadata.labels = { app: 'debug' }));
  s.advance(1);
  const loose = c.storage.get(PODS, 'default', b!.metadata.name!) as Pod;
  assert.equal(loose.metadata.ownerReferences, undefined, 'released');
  assert.equal(live(podsOf(c, 'web')).length, 2, 'and replaced');
  // relabel it back: the ReplicaSet adopts it and deletes a surplus pod
  c.storage.mutate(
    PODS,
    'default',
    b!.metadata.name!,
    (p) => void (p.metadata.labels = { ...(a!.metadata.labels ?? {}) }),
  );
  s.advance(1);
  assert.equal(
    (c.storage.get(PODS, 'default', b!.metadata.name!) as Pod).metadata.ownerReferences?.[0]?.kind,
    'ReplicaSet',
  );
  assert.equal(live(podsOf(c, 'web')).length, 2);
  // orphaned ReplicaSets are adopted by a new Deployment with the same selector and template
  const rsName = rsOf(c, 'web')[0]!.metadata.name!;
  c.storage.mutate(DEPLOYMENTS, 'default', 'web', (d) => {
    d.metadata.deletionTimestamp = '2026-01-01T12:05:00Z';
    d.metadata.finalizers = ['orphan'];
  });
  s.advance(1);
  assert.equal(get(c, 'web'), undefined);
  c.storage.create(DEPLOYMENTS, deploy('web', 2));
  settle(s, () => ready(c, 'web'));
  assert.deepEqual(
    rsOf(c, 'web').map((r) => r.metadata.name),
    [rsName],
  );
  assert.equal(rsOf(c, 'web')[0]?.metadata.ownerReferences?.[0]?.uid, get(c, 'web').metadata.uid);
  done();
});

test('minReadySeconds: ready pods count as available only that long after Ready, found without another pod event', () => {
  const { c, s, done } = cluster();
  c.storage.create(DEPLOYMENTS, deploy('slow', 3, 'nginx:1.27', { minReadySeconds: 30 }));
  const counts = (): [number | undefined, number | undefined, number | undefined] => {
    const rs = rsOf(c, 'slow')[0];
    return [rs?.status?.replicas, rs?.status?.readyReplicas, rs?.status?.availableReplicas];
  };
  let readyAt = 0;
  for (let i = 0; i < 600 && counts()[1] !== 3; i++) {
    s.advance(100);
    readyAt = s.now();
  }
  assert.deepEqual(counts(), [3, 3, undefined], 'ready, not yet available');
  const lastReady = Math.max(
    ...podsOf(c, 'slow').map((p) => Date.parse(p.status?.conditions?.find((x) => x.type === 'Ready')?.lastTransitionTime ?? '')),
  );
  // nothing changes in the pods from here on: only the controller's own requeue can count them available
  s.advance(lastReady + 30_000 - readyAt - 1_000);
  assert.notEqual(counts()[2], 3, 'not before minReadySeconds have passed since the last pod became Ready');
  s.advance(2_000);
  assert.deepEqual(counts(), [3, 3, 3]);
  done();
});

test('a new ReplicaSet adopts the active orphans it selects, not finished ones nor pods of another controller', () => {
  const { c, s, done } = cluster();
  const pod = (name: string, extra: Partial<Pod['metadata']> = {}): Pod => ({
    metadata: { name, namespace: 'default', labels: { app: 'solo' }, ...extra },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
  });
  c.storage.create(PODS, pod('orphan-a'));
  c.storage.create(PODS, pod('orphan-b'));
  c.storage.create(PODS, pod('done'));
  c.storage.mutate(PODS, 'default', 'done', (p) => void ((p as Pod).status = { phase: 'Succeeded' }));
  c.storage.create(PODS, pod('owned', { ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'job-uid', controller: true }] }));
  s.advance(1);
  const rs = c.storage.create(REPLICASETS, {
    metadata: { name: 'solo', namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'solo' } },
      template: { metadata: { labels: { app: 'solo' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    },
  });
  s.advance(1);
  const ownerOf = (name: string): string | undefined =>
    (c.storage.get(PODS, 'default', name) as Pod).metadata.ownerReferences?.find((r) => r.controller)?.uid;
  assert.equal(ownerOf('orphan-a'), rs.metadata.uid, 'adopted');
  assert.equal(ownerOf('orphan-b'), rs.metadata.uid, 'adopted');
  assert.equal(ownerOf('done'), undefined, 'a finished pod is not adopted');
  assert.equal(ownerOf('owned'), 'job-uid', "another controller's pod is left to it");
  const mine = (c.storage.list(PODS, 'default').items as Pod[]).filter(
    (p) => p.metadata.ownerReferences?.[0]?.uid === rs.metadata.uid && !p.metadata.deletionTimestamp,
  );
  assert.equal(mine.length, 3, 'two adopted and one created');
  done();
});
