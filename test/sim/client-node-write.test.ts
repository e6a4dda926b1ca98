// @kubernetes/client-node's typed write calls and generic object API against the simulator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { startSim, CONFIGMAPS, PODS } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { waitFor } from '../helpers/wait.js';

let sim: SimHandle;
let kc: KubeConfig;

before(async () => {
  sim = await startSim({ scenario: 'empty' });
  kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig());
});
after(() => sim.close());

const codeOf = (e: unknown): number | undefined => (e as { code?: number }).code;

test('client-node: typed create, JSON/merge patch, replace, delete of ConfigMaps and Pods; scale', async () => {
  const core = kc.makeApiClient(CoreV1Api);
  const created = await core.createNamespacedConfigMap({
    namespace: 'default',
    body: { metadata: { name: 'c1', labels: { a: '1' } }, data: { k: 'v' } },
  });
  assert.ok(created.metadata?.uid);
  // client-node's default patch type is a JSON patch
  const jp = await core.patchNamespacedConfigMap({
    name: 'c1',
    namespace: 'default',
    body: [{ op: 'add', path: '/data/k2', value: 'v2' }],
  });
  assert.deepEqual(jp.data, { k: 'v', k2: 'v2' });
  const mp = await core.patchNamespacedConfigMap(
    { name: 'c1', namespace: 'default', body: { metadata: { labels: { a: null, b: '2' } } } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
  assert.deepEqual(mp.metadata?.labels, { b: '2' });
  const stale: V1ConfigMap = { ...mp, data: { only: 'x' } };
  const replaced = await core.replaceNamespacedConfigMap({ name: 'c1', namespace: 'default', body: stale });
  assert.deepEqual(replaced.data, { only: 'x' });
  await assert.rejects(
    core.replaceNamespacedConfigMap({ name: 'c1', namespace: 'default', body: stale }),
    (e: unknown) => codeOf(e) === 409,
  );
  await core.deleteNamespacedConfigMap({ name: 'c1', namespace: 'default' });
  assert.equal(sim.storage.get(CONFIGMAPS, 'default', 'c1'), undefined);
  await assert.rejects(
    core.readNamespacedConfigMap({ name: 'c1', namespace: 'default' }),
    (e: unknown) => codeOf(e) === 404,
  );

  await core.createNamespacedPod({
    namespace: 'default',
    body: { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } },
  });
  await core.deleteNamespacedPod({ name: 'p', namespace: 'default', gracePeriodSeconds: 0 });
  await waitFor(() => sim.storage.get(PODS, 'default', 'p') === undefined, { what: 'pod gone' });

  const apps = kc.makeApiClient(AppsV1Api);
  await apps.createNamespacedDeployment({
    namespace: 'default',
    body: {
      metadata: { name: 'd' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'd' } },
        template: {
          metadata: { labels: { app: 'd' } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
      },
    },
  });
  const scale = await apps.patchNamespacedDeploymentScale({
    name: 'd',
    namespace: 'default',
    body: [{ op: 'replace', path: '/spec/replicas', value: 4 }],
  });
  assert.equal(scale.spec?.replicas, 4);
  assert.equal((await apps.readNamespacedDeployment({ name: 'd', namespace: 'default' })).spec?.replicas, 4);

  const viewer = new KubeConfig();
  viewer.loadFromString(sim.kubeconfig());
  viewer.setCurrentContext('kubedeck-sim-viewer');
  await assert.rejects(
    viewer.makeApiClient(CoreV1Api).deleteNamespacedService({ name: 'kubernetes', namespace: 'default' }),
    (e: unknown) => codeOf(e) === 403,
  );
});

test('client-node: generic KubernetesObjectApi create/patch/delete of a built-in and a custom resource', async () => {
  const objs = KubernetesObjectApi.makeApiClient(kc);
  await objs.create({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'things.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Cluster',
      names: { plural: 'things', singular: 'thing', kind: 'Thing' },
      versions: [
        // preserve unknown fields: with a bare {type: object} the server prunes spec, as a real one does
        // (client-node serialises the CRD through its model, hence the model's property name)
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', x_kubernetes_preserve_unknown_fields: true } },
        },
      ],
    },
  } as never);
  const thing = { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't1' }, spec: { n: 1 } };
  await objs.create(thing);
  const patched = await objs.patch(
    { ...thing, spec: { n: 2 } },
    undefined,
    undefined,
    undefined,
    undefined,
    PatchStrategy.MergePatch,
  );
  assert.deepEqual((patched as unknown as { spec: unknown }).spec, { n: 2 });
  await objs.delete(thing);
  await assert.rejects(objs.read(thing), (e: unknown) => codeOf(e) === 404);
  await objs.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' } });
  await objs.delete({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' } });
});
