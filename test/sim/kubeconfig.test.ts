// The generated kubeconfig works unchanged with @kubernetes/client-node (kubectl is covered in kubectl.test.ts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { load } from 'js-yaml';
import { AppsV1Api, CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { startSim, NAMESPACES } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { kubeconfigYaml } from '../../src/sim/kubeconfig.js';

let sim: SimHandle;
before(async () => {
  sim = await startSim({ scenario: 'demo', seed: 5 });
});
after(async () => {
  await sim.close();
});

test('kubeconfig YAML: cluster, two users, two contexts, current context, namespace default', () => {
  const doc = load(kubeconfigYaml({ url: 'https://127.0.0.1:1234', token: 'T', viewerToken: 'V' })) as Record<
    string,
    unknown
  >;
  assert.deepEqual(doc, {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [
      {
        name: 'kubedeck-sim',
        cluster: { server: 'https://127.0.0.1:1234', 'insecure-skip-tls-verify': true },
      },
    ],
    users: [
      { name: 'sim-admin', user: { token: 'T' } },
      { name: 'sim-viewer', user: { token: 'V' } },
    ],
    contexts: [
      { name: 'kubedeck-sim', context: { cluster: 'kubedeck-sim', user: 'sim-admin', namespace: 'default' } },
      {
        name: 'kubedeck-sim-viewer',
        context: { cluster: 'kubedeck-sim', user: 'sim-viewer', namespace: 'default' },
      },
    ],
    'current-context': 'kubedeck-sim',
  });
});

test('client-node: typed list calls and a watch through the generated kubeconfig', async () => {
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig());
  assert.equal(kc.getCurrentContext(), 'kubedeck-sim');
  const core = kc.makeApiClient(CoreV1Api);
  const ns = await core.listNamespace();
  assert.ok(ns.items.some((n) => n.metadata?.name === 'shop'));
  const pods = await core.listNamespacedPod({ namespace: 'shop', labelSelector: 'app=frontend' });
  assert.equal(pods.items.length, 3);
  const deploy = await kc
    .makeApiClient(AppsV1Api)
    .readNamespacedDeployment({ name: 'frontend', namespace: 'shop' });
  assert.equal(deploy.spec?.replicas, 3);
  const missing = await core.readNamespacedPod({ name: 'nope', namespace: 'shop' }).catch((e: unknown) => e);
  assert.equal((missing as { code?: number }).code, 404);

  const viewer = new KubeConfig();
  viewer.loadFromString(sim.kubeconfig());
  viewer.setCurrentContext('kubedeck-sim-viewer');
  assert.ok(
    (await viewer.makeApiClient(CoreV1Api).listNamespacedService({ namespace: 'shop' })).items.length > 0,
  );

  const events: string[] = [];
  let req: { abort(): void } | undefined;
  const got = new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no watch event from client-node in 10 s')), 10000);
    void new Watch(kc)
      .watch(
        '/api/v1/namespaces',
        { resourceVersion: String(sim.storage.currentRV()) },
        (type, obj: { metadata?: { name?: string } }) => {
          events.push(`${type} ${obj.metadata?.name ?? ''}`);
          clearTimeout(t);
          resolve();
        },
        () => undefined,
      )
      .then((r) => {
        req = r;
        sim.storage.create(NAMESPACES, { metadata: { name: 'from-test' } });
      }, reject);
  });
  await got;
  req?.abort();
  assert.deepEqual(events, ['ADDED from-test']);
});
