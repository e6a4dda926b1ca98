// kubectl as the oracle for writes: apply, create -f, label, annotate, scale, patch, delete, errors,
// the read-only viewer, describe, custom resources, and get of every kind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSim } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { kubectlFor, parseTable } from './helpers.js';
import type { Kubectl } from './helpers.js';
import { waitFor } from '../helpers/wait.js';

let sim: SimHandle;
let k: Kubectl;

async function ok(args: string[]): Promise<string> {
  const r = await k.run(args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}
async function fails(args: string[]): Promise<string> {
  const r = await k.run(args);
  assert.notEqual(r.code, 0, `kubectl ${args.join(' ')} should fail: ${r.stdout}`);
  return r.stderr.trim();
}
function file(name: string, text: string): string {
  const p = join(k.kubeconfigPath, '..', name);
  writeFileSync(p, text);
  return p;
}

const DEPLOY = (replicas: number, image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
  labels: {app: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: ${image}
        ports: [{containerPort: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
`;

before(async () => {
  sim = await startSim({ scenario: 'empty' });
  k = kubectlFor(sim);
});
after(async () => {
  await sim.close();
  k.cleanup();
});

test('kubectl apply -f creates, then updates the same file; --server-side and --dry-run=server', async () => {
  const f = file('web.yaml', DEPLOY(2, 'nginx:1.27'));
  assert.equal(await ok(['apply', '-f', f]), 'deployment.apps/web created\nservice/web created\n');
  writeFileSync(f, DEPLOY(3, 'nginx:1.28'));
  assert.equal(await ok(['apply', '-f', f]), 'deployment.apps/web configured\nservice/web unchanged\n');
  assert.equal(
    await ok([
      'get',
      'deploy',
      'web',
      '-o',
      'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}',
    ]),
    '3 nginx:1.28',
  );
  const svc = parseTable(await ok(['get', 'svc', 'web']));
  assert.match(svc.rows[0]?.[2] ?? '', /^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/, 'ClusterIP from 10.96.0.0/12');
  const cm = file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {a: "1"}\n');
  assert.match(await ok(['apply', '--server-side', '-f', cm]), /configmap\/ssa serverside-applied/);
  assert.match(
    await ok([
      'apply',
      '--dry-run=server',
      '-f',
      file('dry.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dry}\n'),
    ]),
    /created \(server dry run\)/,
  );
  assert.match(await fails(['get', 'cm', 'dry']), /NotFound/);
});

test('kubectl create -f, then 409 AlreadyExists; 404 and 422 messages', async () => {
  const pod = file(
    'pod.yaml',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p1}\nspec:\n  containers: [{name: c, image: busybox:1.36}]\n',
  );
  assert.equal(await ok(['create', '-f', pod]), 'pod/p1 created\n');
  assert.equal(
    await fails(['create', '-f', pod]),
    `Error from server (AlreadyExists): error when creating "${pod}": pods "p1" already exists`,
  );
  assert.equal(await fails(['get', 'pod', 'nope']), 'Error from server (NotFound): pods "nope" not found');
  assert.equal(
    await fails(['get', 'deploy', 'nope']),
    'Error from server (NotFound): deployments.apps "nope" not found',
  );
  const bad = file(
    'bad.yaml',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: bad}\nspec:\n  containers: [{name: c}]\n',
  );
  assert.equal(
    await fails(['create', '-f', bad]),
    'The Pod "bad" is invalid: spec.containers[0].image: Required value',
  );
  assert.match(await fails(['-n', 'nowhere', 'create', '-f', pod]), /namespaces "nowhere" not found/);
});

test('kubectl label, annotate, scale and patch (strategic, merge, json)', async () => {
  assert.equal(await ok(['label', 'deploy', 'web', 'tier=front']), 'deployment.apps/web labeled\n');
  assert.equal(await ok(['annotate', 'deploy', 'web', 'note=hello']), 'deployment.apps/web annotated\n');
  assert.equal(await ok(['label', 'deploy', 'web', 'tier-']), 'deployment.apps/web unlabeled\n');
  const gen0 = Number(await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.generation}']));
  assert.equal(await ok(['scale', 'deploy', 'web', '--replicas=5']), 'deployment.apps/web scaled\n');
  assert.equal(
    await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}']),
    `5 ${gen0 + 1}`,
  );
  await ok([
    'patch',
    'deploy',
    'web',
    '-p',
    '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:2"}]}}}}',
  ]);
  await ok(['patch', 'deploy', 'web', '--type=merge', '-p', '{"metadata":{"labels":{"m":"1"}}}']);
  await ok([
    'patch',
    'deploy',
    'web',
    '--type=json',
    '-p',
    '[{"op":"replace","path":"/spec/replicas","value":1}]',
  ]);
  const out = await ok([
    'get',
    'deploy',
    'web',
    '-o',
    'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort} {.metadata.labels.m} {.metadata.annotations.note} {.metadata.labels.tier}',
  ]);
  assert.equal(out, '1 nginx:2 80 1 hello ', 'strategic patch kept the port; label removed');
  assert.match(
    await fails([
      'patch',
      'deploy',
      'web',
      '--type=json',
      '-p',
      '[{"op":"test","path":"/spec/replicas","value":9}]',
    ]),
    /^The request is invalid: testing value \/spec\/replicas failed/,
  );
});

test('kubectl as sim-viewer: reads work, writes are Forbidden', async () => {
  await ok(['--context', 'kubedeck-sim-viewer', 'get', 'pods']);
  assert.equal(
    await fails(['--context', 'kubedeck-sim-viewer', 'delete', 'pod', 'p1']),
    'Error from server (Forbidden): pods "p1" is forbidden: User "sim-viewer" cannot delete resource "pods" in API group "" in the namespace "default"',
  );
  assert.match(
    await fails(['--user', 'sim-viewer', 'scale', 'deploy', 'web', '--replicas=2']),
    /Error from server \(Forbidden\): deployments\.apps "web" is forbidden: User "sim-viewer" cannot patch resource "deployments\/scale" in API group "apps" in the namespace "default"/,
  );
  assert.match(
    await fails(['--user', 'sim-viewer', 'label', 'pod', 'p1', 'x=y']),
    /cannot patch resource "pods"/,
  );
});

test('kubectl delete: the pod shows Terminating before it goes', async () => {
  const pod = file(
    'term.yaml',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: term}\nspec:\n  nodeName: kubedeck-control-plane\n  terminationGracePeriodSeconds: 3\n  containers: [{name: c, image: busybox:1.36}]\n',
  );
  await ok(['create', '-f', pod]);
  const w = k.start(['get', 'pod', 'term', '-w', '--no-headers']);
  let seen = '';
  w.stdout?.setEncoding('utf8');
  w.stdout?.on('data', (d: string) => (seen += d));
  try {
    await waitFor(() => seen.includes('term'), { what: 'watch started', timeoutMs: 20000 });
    assert.equal(await ok(['delete', 'pod', 'term']), 'pod "term" deleted\n');
    await waitFor(() => /Terminating/.test(seen), { what: 'Terminating row in the watch', timeoutMs: 20000 });
  } finally {
    w.kill();
  }
  assert.match(await fails(['get', 'pod', 'term']), /NotFound/);
});

test('kubectl describe pod|deployment|service|node and get of every kind', async () => {
  const pod = await ok(['describe', 'pod', 'p1']);
  assert.match(pod, /^Name:\s+p1$/m);
  assert.match(pod, /^Namespace:\s+default$/m);
  assert.match(await ok(['describe', 'deployment', 'web']), /^Replicas:\s+1 desired/m);
  assert.match(await ok(['describe', 'service', 'web']), /^IP:\s+10\./m);
  await ok(['describe', 'node']);
  const kinds =
    'nodes,rs,sts,ds,controllerrevisions,jobs,cj,cm,secrets,sa,ev,ep,endpointslices,ing,pvc,pv,sc,crd';
  await ok(['get', kinds, '-A']);
  const rs = parseTable(await ok(['get', 'rs', '-o', 'wide']));
  assert.deepEqual(rs.header, [
    'NAME',
    'DESIRED',
    'CURRENT',
    'READY',
    'AGE',
    'CONTAINERS',
    'IMAGES',
    'SELECTOR',
  ]);
  const cm = parseTable(await ok(['get', 'cm', 'ssa']));
  assert.deepEqual(cm.header, ['NAME', 'DATA', 'AGE']);
  assert.equal(cm.rows[0]?.[1], '1');
});

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
    - {name: Color, type: string, jsonPath: .spec.color, priority: 1}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.example.com}
spec:
  group: example.com
  scope: Cluster
  names: {plural: gadgets, singular: gadget, kind: Gadget}
  versions:
  - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}
`;

test('custom resources: a CRD is served with discovery, Tables and writes; deleting it removes them', async () => {
  await ok(['apply', '-f', file('crd.yaml', CRD)]);
  const cr = file(
    'cr.yaml',
    'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: 3, color: red}\n---\napiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g1}\n',
  );
  assert.equal(
    await ok(['apply', '-f', cr]),
    'widget.example.com/w1 created\ngadget.example.com/g1 created\n',
  );
  const t = parseTable(await ok(['get', 'wd', '-o', 'wide']));
  assert.deepEqual(t.header, ['NAME', 'SIZE', 'COLOR', 'AGE']);
  assert.deepEqual(t.rows[0]?.slice(0, 3), ['w1', '3', 'red']);
  assert.deepEqual(parseTable(await ok(['get', 'widgets'])).header, ['NAME', 'SIZE', 'AGE']);
  assert.deepEqual(parseTable(await ok(['get', 'gadgets'])).header, ['NAME', 'AGE']);
  await ok(['patch', 'wd', 'w1', '--type=merge', '-p', '{"spec":{"size":7}}']);
  assert.equal(await ok(['get', 'wd', 'w1', '-o', 'jsonpath={.spec.size}']), '7');
  const res = parseTable(await ok(['api-resources', '--api-group=example.com']));
  assert.deepEqual(res.rows.map((r) => r[0]).sort(), ['gadgets', 'widgets']);
  assert.equal(
    await ok([
      'get',
      'crd',
      'widgets.example.com',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Established")].status}',
    ]),
    'True',
  );
  await ok(['delete', 'crd', 'gadgets.example.com']);
  assert.match(
    await fails(['get', 'gadgets']),
    /the server doesn't have a resource type "gadgets"|could not find/,
  );
});
