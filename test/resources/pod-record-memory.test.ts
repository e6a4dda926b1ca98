// What a cached pod costs (issue 10, RSS per cached pod): the slim record shares what repeats across pods
// (src/util/intern.ts) and keeps its fields inside one object. Measured as V8 heap after a full collection,
// over pods shaped like the large scenario's (each parsed from its own JSON text, as a list page gives them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pods } from '../../src/resources/pods.js';
import type { PodRec } from '../../src/resources/pods.js';
import { InternTable, internList, internRecord } from '../../src/util/intern.js';
import type { KObject } from '../../src/util/k8s.js';

/** A pod of ReplicaSet `rs` (8 labels, an owner, 2 containers), as the API server serialises one. */
function podJson(i: number, rs: string): string {
  const ns = `team-${i % 7}`;
  const name = `${rs}-${i.toString(36).padStart(5, 'x')}`;
  const labels = { app: rs, 'app.kubernetes.io/name': rs, 'app.kubernetes.io/version': '1.0.0', 'app.kubernetes.io/component': 'backend', 'app.kubernetes.io/managed-by': 'Helm', 'helm.sh/chart': `${rs}-4.0.0`, 'pod-template-hash': '679bbfc8fb', tier: 'web' };
  const container = (n: string) => ({ name: n, image: `registry.example.com/${rs}/${n}:1.2.3`, resources: { requests: { cpu: '100m', memory: '128Mi' } }, env: [{ name: 'MODE', value: 'prod' }] });
  const status = (n: string) => ({ name: n, ready: true, restartCount: 0, image: `registry.example.com/${rs}/${n}:1.2.3`, imageID: `sha256:${'ab'.repeat(32)}`, containerID: `containerd://${i.toString(16).padStart(64, '0')}`, state: { running: { startedAt: '2026-12-01T07:47:40Z' } } });
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, generateName: `${rs}-`, namespace: ns, labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${rs}-679bbfc8fb`, uid: `rs-${rs}`, controller: true, blockOwnerDeletion: true }], uid: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`, creationTimestamp: '2026-12-01T07:47:34Z', resourceVersion: String(100000 + i) },
    spec: { nodeName: `large-worker-${String(i % 100).padStart(3, '0')}`, containers: [container('app'), container('sidecar')] },
    status: { phase: 'Running', podIP: `10.244.${i % 100}.${i % 250}`, podIPs: [{ ip: `10.244.${i % 100}.${i % 250}` }], conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [status('app'), status('sidecar')] },
  });
}

const project = (text: string): PodRec => pods.project(JSON.parse(text) as KObject);

void test('pods of one workload share their labels, owner, container names and READY', () => {
  const [a, b] = [project(podJson(1, 'checkout')), project(podJson(2, 'checkout'))];
  assert.ok(a && b);
  assert.notEqual(a.key, b.key);
  assert.equal(a.labels, b.labels, 'one labels object');
  assert.ok(Object.isFrozen(a.labels));
  assert.equal(a.labels['app'], 'checkout');
  assert.equal(a.owner, b.owner, 'one owner object');
  assert.deepEqual(a.owner, { kind: 'ReplicaSet', name: 'checkout-679bbfc8fb' });
  assert.equal(a.containers, b.containers, 'one container-name list');
  assert.deepEqual(a.containers, ['app', 'sidecar']);
  assert.equal(a.ready, '2/2');
  const other = project(podJson(3, 'payments'));
  assert.notEqual(other.labels, a.labels);
  assert.notEqual(other.owner, a.owner);
  assert.equal(other.containers, a.containers, 'the same names, whatever the workload');
});

void test('a cached pod keeps ≤ 600 B of heap, its key in the cache included (≈890 B before sharing, ≈460 B now)', () => {
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as (o: { type: 'major'; execution: 'sync' }) => void;
  const gc = (): void => collect({ type: 'major', execution: 'sync' });
  const N = 10_000;
  const texts = Array.from({ length: N }, (_, i) => podJson(i, `app-${i % 40}`));
  for (let i = 0; i < 500; i++) project(texts[i] as string); // warm: code and shared tables
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  // as the reflector keeps them: by key
  const cache = new Map<string, PodRec>();
  for (const t of texts) {
    const r = project(t);
    cache.set(r.key, r);
  }
  gc();
  gc();
  const perPod = (process.memoryUsage().heapUsed - before) / N;
  assert.equal(cache.size, N);
  assert.equal(texts.length, N); // alive to the end: optimised code may drop what is no longer used
  assert.ok(perPod <= 600, `${perPod.toFixed(0)} B of heap a cached pod`);
});

void test('the shared tables are bounded and keep working past their bound', () => {
  const t = new InternTable<string>(3);
  for (const k of ['a', 'b', 'c', 'd']) assert.equal(t.get(k, () => k.toUpperCase()), k.toUpperCase());
  assert.ok(t.size <= 3);
  assert.equal(t.get('d', () => 'other'), 'D', 'kept after the reset');
  assert.equal(internList([]).length, 0);
  assert.equal(internList(['x', 'y']), internList(['x', 'y']));
  assert.deepEqual(internRecord(undefined), {});
  const odd = { a: 1 } as unknown as Record<string, string>;
  assert.equal(internRecord(odd), odd, 'not a string map: kept as it is');
});
