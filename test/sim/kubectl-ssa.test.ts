// kubectl apply --server-side against the simulator, as against a 1.32 cluster: managedFields on every
// write (kubectl's, the controllers', the kubelet's), conflicts between field managers (409 with the
// server's message) and --force-conflicts, removal of what a manager stops applying, kubectl scale.
import { waitFor } from '../helpers/wait.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSim } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { api, kubectlFor } from './helpers.js';
import type { Kubectl } from './helpers.js';

let sim: SimHandle;
let k: Kubectl;

interface Entry {
  manager: string;
  operation: string;
  apiVersion: string;
  time?: string;
  fieldsType: string;
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}
interface Obj {
  metadata: { labels?: Record<string, string>; managedFields?: Entry[]; resourceVersion?: string };
  spec?: { replicas?: number };
  status?: { readyReplicas?: number; phase?: string };
}

async function ok(args: string[]): Promise<string> {
  const r = await k.run(args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}
async function fails(args: string[]): Promise<string> {
  const r = await k.run(args);
  assert.notEqual(r.code, 0, `kubectl ${args.join(' ')} should fail: ${r.stdout}`);
  return r.stderr;
}
function file(name: string, text: string): string {
  const p = join(k.kubeconfigPath, '..', name);
  writeFileSync(p, text);
  return p;
}
async function getJson(args: string[]): Promise<Obj> {
  return JSON.parse(await ok(['get', ...args, '-o', 'json', '--show-managed-fields'])) as Obj;
}
const find = (o: Obj, manager: string, operation: string, subresource?: string): Entry | undefined =>
  o.metadata.managedFields?.find(
    (e) => e.manager === manager && e.operation === operation && e.subresource === subresource,
  );
const at = (e: Entry | undefined, ...path: string[]): unknown => {
  let n: unknown = e?.fieldsV1;
  for (const p of path)
    n = n !== null && typeof n === 'object' ? (n as Record<string, unknown>)[p] : undefined;
  return n;
};

const DEPLOY = (labels: string, replicas: number): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
  labels: {${labels}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 80}]
`;
const REPLICAS = (n: number): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: default}\nspec: {replicas: ${n}}\n`;

before(async () => {
  sim = await startSim({ scenario: 'empty' });
  k = kubectlFor(sim);
});
after(async () => {
  await sim.close();
  k.cleanup();
});

test('apply --server-side creates with an Apply entry; controllers and kubelet record their own', async () => {
  const f = file('web.yaml', DEPLOY('app: web, tier: front', 2));
  assert.equal(await ok(['apply', '--server-side', '-f', f]), 'deployment.apps/web serverside-applied\n');
  const d = await getJson(['deploy', 'web']);
  const mine = find(d, 'kubectl', 'Apply');
  assert.ok(mine, JSON.stringify(d.metadata.managedFields));
  assert.equal(mine.apiVersion, 'apps/v1');
  assert.equal(mine.fieldsType, 'FieldsV1');
  assert.match(mine.time ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.deepEqual(at(mine, 'f:metadata'), { 'f:labels': { 'f:app': {}, 'f:tier': {} } });
  assert.deepEqual(at(mine, 'f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}'), {
    '.': {},
    'f:image': {},
    'f:name': {},
    'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
  });
  assert.equal(at(mine, 'f:spec', 'f:strategy'), undefined, "defaults are not the applier's");
  // the deployment controller writes its annotation and the status as kube-controller-manager
  const withStatus = await waitFor(async () => {
      const o = await getJson(['deploy', 'web']);
      return find(o, 'kube-controller-manager', 'Update', 'status') &&
        find(o, 'kube-controller-manager', 'Update')
        ? o
        : undefined;
    }, { what: 'deployment status by kube-controller-manager', timeoutMs: 15000, intervalMs: 250 });
  assert.deepEqual(at(find(withStatus, 'kube-controller-manager', 'Update'), 'f:metadata', 'f:annotations'), {
    '.': {},
    'f:deployment.kubernetes.io/revision': {},
  });
  assert.ok(
    at(find(withStatus, 'kube-controller-manager', 'Update', 'status'), 'f:status', 'f:observedGeneration'),
  );
  assert.equal(withStatus.metadata.managedFields?.[0]?.operation, 'Apply', 'Apply entries come first');
  // pods: created by the ReplicaSet controller, status by the kubelet
  const pod = await waitFor(async () => {
      const list = JSON.parse(
        await ok(['get', 'pods', '-l', 'app=web', '-o', 'json', '--show-managed-fields']),
      ) as { items: Obj[] };
      return list.items.find((p) => p.status?.phase === 'Running' && find(p, 'kubelet', 'Update', 'status'));
    }, { what: 'a running pod with kubelet status', timeoutMs: 30000, intervalMs: 250 });
  const kcm = find(pod, 'kube-controller-manager', 'Update');
  assert.ok(at(kcm, 'f:metadata', 'f:ownerReferences'));
  assert.deepEqual(at(kcm, 'f:spec', 'f:containers', 'k:{"name":"web"}', 'f:imagePullPolicy'), {});
  assert.equal(at(kcm, 'f:status'), undefined);
  const kubelet = find(pod, 'kubelet', 'Update', 'status');
  for (const f of ['f:phase', 'f:podIP', 'f:startTime', 'f:containerStatuses'])
    assert.deepEqual(at(kubelet, 'f:status', f), {}, f);
  assert.ok(at(kubelet, 'f:status', 'f:conditions', 'k:{"type":"Ready"}'));
  assert.equal(find(pod, 'kube-scheduler', 'Update'), undefined, 'a binding is not recorded');
  // plain -o yaml hides them (kubectl does), the server sends them
  assert.doesNotMatch(await ok(['get', 'deploy', 'web', '-o', 'yaml']), /managedFields/);
  const raw = await api(sim, '/apis/apps/v1/namespaces/default/deployments/web');
  assert.match(raw.body, /"managedFields":\[\{"manager":"kubectl","operation":"Apply"/);
});

test('a second manager conflicts on replicas (409), --force-conflicts takes it; the first then conflicts', async () => {
  const other = file('other.yaml', REPLICAS(5));
  const err = await fails(['apply', '--server-side', '--field-manager', 'other', '-f', other]);
  assert.match(err, /Apply failed with 1 conflict: conflict with "kubectl": \.spec\.replicas/);
  assert.match(err, /--force-conflicts/);
  assert.equal((await getJson(['deploy', 'web'])).spec?.replicas, 2);
  // the Status itself, as the API server sends it
  const r = await api(sim, '/apis/apps/v1/namespaces/default/deployments/web?fieldManager=other', {
    method: 'PATCH',
    body: REPLICAS(6),
    headers: { 'content-type': 'application/apply-patch+yaml' },
  });
  assert.equal(r.status, 409);
  const st = JSON.parse(r.body) as { reason: string; details: { causes: unknown[] } };
  assert.equal(st.reason, 'Conflict');
  assert.deepEqual(st.details.causes, [
    { reason: 'FieldManagerConflict', message: 'conflict with "kubectl"', field: '.spec.replicas' },
  ]);

  await ok(['apply', '--server-side', '--field-manager', 'other', '--force-conflicts', '-f', other]);
  const d = await getJson(['deploy', 'web']);
  assert.equal(d.spec?.replicas, 5);
  assert.deepEqual(at(find(d, 'other', 'Apply'), 'f:spec'), { 'f:replicas': {} });
  assert.equal(at(find(d, 'kubectl', 'Apply'), 'f:spec', 'f:replicas'), undefined);
  const back = await fails([
    'apply',
    '--server-side',
    '-f',
    file('web.yaml', DEPLOY('app: web, tier: front', 2)),
  ]);
  assert.match(back, /conflict with "other": \.spec\.replicas/);
  // the same value is no conflict: both own it
  await ok(['apply', '--server-side', '-f', file('web.yaml', DEPLOY('app: web, tier: front', 5))]);
  const both = await getJson(['deploy', 'web']);
  assert.deepEqual(at(find(both, 'kubectl', 'Apply'), 'f:spec', 'f:replicas'), {});
  assert.deepEqual(at(find(both, 'other', 'Apply'), 'f:spec', 'f:replicas'), {});
});

test('dropping a label from the applied file removes it; a label another manager set stays', async () => {
  await ok(['label', 'deploy', 'web', 'owner=ops']);
  const before = await getJson(['deploy', 'web']);
  assert.ok(
    before.metadata.managedFields?.some(
      (e) => e.operation === 'Update' && at(e, 'f:metadata', 'f:labels', 'f:owner'),
    ),
  );
  await ok(['apply', '--server-side', '-f', file('web.yaml', DEPLOY('app: web', 5))]);
  const d = await getJson(['deploy', 'web']);
  assert.deepEqual(d.metadata.labels, { app: 'web', owner: 'ops' });
  assert.deepEqual(at(find(d, 'kubectl', 'Apply'), 'f:metadata'), { 'f:labels': { 'f:app': {} } });
  // applying the same file again changes nothing: no write, no new resourceVersion
  const cm = file(
    'same.yaml',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: same, namespace: default}\ndata: {a: "1"}\n',
  );
  await ok(['apply', '--server-side', '-f', cm]);
  const rv = (await getJson(['cm', 'same'])).metadata.resourceVersion;
  await ok(['apply', '--server-side', '-f', cm]);
  assert.equal((await getJson(['cm', 'same'])).metadata.resourceVersion, rv);
});

test('kubectl scale takes replicas (subresource scale); a re-apply with other replicas conflicts, --force-conflicts wins', async () => {
  // give the replicas back to kubectl alone first
  await ok([
    'apply',
    '--server-side',
    '--field-manager',
    'other',
    '-f',
    file('none.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: default}\n'),
  ]);
  assert.equal(await ok(['scale', 'deploy', 'web', '--replicas', '3']), 'deployment.apps/web scaled\n');
  const d = await getJson(['deploy', 'web']);
  const scale = find(d, 'kubectl', 'Update', 'scale');
  assert.ok(scale, JSON.stringify(d.metadata.managedFields));
  assert.equal(scale.apiVersion, 'apps/v1');
  assert.deepEqual(scale.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  assert.equal(
    at(find(d, 'kubectl', 'Apply'), 'f:spec', 'f:replicas'),
    undefined,
    'the applier lost replicas',
  );
  const err = await fails(['apply', '--server-side', '-f', file('web.yaml', DEPLOY('app: web', 4))]);
  assert.match(
    err,
    /Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps\/v1: \.spec\.replicas/,
  );
  // leaving replicas out of the file is fine: the scaled value stays
  const noReplicas = DEPLOY('app: web', 4).replace('  replicas: 4\n', '');
  await ok(['apply', '--server-side', '-f', file('web.yaml', noReplicas)]);
  assert.equal((await getJson(['deploy', 'web'])).spec?.replicas, 3);
  await ok(['apply', '--server-side', '--force-conflicts', '-f', file('web.yaml', DEPLOY('app: web', 4))]);
  const after = await getJson(['deploy', 'web']);
  assert.equal(after.spec?.replicas, 4);
  assert.equal(find(after, 'kubectl', 'Update', 'scale'), undefined, 'the scale entry lost its only field');
});

test('client-side kubectl writes record their manager (kubectl-create, kubectl-client-side-apply), and apply needs a fieldManager', async () => {
  await ok([
    'create',
    '-f',
    file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c1}\ndata: {a: "1"}\n'),
  ]);
  const cm = await getJson(['cm', 'c1']);
  assert.deepEqual(
    cm.metadata.managedFields?.map((e) => [e.manager, e.operation]),
    [['kubectl-create', 'Update']],
  );
  assert.deepEqual(cm.metadata.managedFields?.[0]?.fieldsV1, { 'f:data': { '.': {}, 'f:a': {} } });
  await ok([
    'apply',
    '-f',
    file('cm2.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c2}\ndata: {a: "1"}\n'),
  ]);
  const cm2 = await getJson(['cm', 'c2']);
  assert.equal(cm2.metadata.managedFields?.[0]?.manager, 'kubectl-client-side-apply');
  assert.ok(
    at(
      cm2.metadata.managedFields?.[0],
      'f:metadata',
      'f:annotations',
      'f:kubectl.kubernetes.io/last-applied-configuration',
    ),
  );
  const r = await api(sim, '/api/v1/namespaces/default/configmaps/c3', {
    method: 'PATCH',
    body: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c3"}}',
    headers: { 'content-type': 'application/apply-patch+yaml' },
  });
  assert.equal(r.status, 422);
  assert.match(
    r.body,
    /PatchOptions.meta.k8s.io \\"\\" is invalid: fieldManager: Required value: is required for apply patch/,
  );
});
