// kubectl against `kubedeck sim` (the built package, as a user runs it): writes of the wrong type get
// the real API server's errors and leave the simulator healthy (issue 11: a merge patch of replicas
// "abc" was accepted and the simulator later died of heap exhaustion), and `kubectl explain` reads the
// same schemas from /openapi/v3, for built-in kinds and for a CRD.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimProcess } from '../helpers/sim-process.js';

const ready = spawnSync('kubectl', ['version', '--client']).status === 0;
let sim: Awaited<ReturnType<typeof startSimProcess>> | undefined;
let cache = '';

before(async () => {
  if (!ready) return;
  cache = mkdtempSync(join(tmpdir(), 'kubectl-cache-'));
  sim = await startSimProcess(['--scenario', 'empty']);
});
after(async () => {
  await sim?.stop();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function kubectl(...args: string[]): Promise<Run> {
  const s = sim;
  assert.ok(s);
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      ['--kubeconfig', s.kubeconfig, '--cache-dir', cache, ...args],
      { timeout: 60000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
async function ok(...args: string[]): Promise<string> {
  const r = await kubectl(...args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
async function fails(...args: string[]): Promise<string> {
  const r = await kubectl(...args);
  assert.notEqual(r.code, 0, `kubectl ${args.join(' ')} should fail: ${r.stdout}`);
  return r.stderr.trim();
}
function file(name: string, text: string): string {
  const s = sim;
  assert.ok(s);
  const p = join(s.dir, name);
  writeFileSync(p, text);
  return p;
}

const DEPLOY = (port: string): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        ports: [{containerPort: ${port}}]
`;

const skip = !ready && 'kubectl missing';

test(
  'a merge patch of replicas "abc" gets the real 422 and the simulator stays healthy',
  { skip },
  async () => {
    await ok('apply', '-f', file('web.yaml', DEPLOY('80')));
    const merge = await fails(
      'patch',
      'deploy',
      'web',
      '--type',
      'merge',
      '-p',
      '{"spec":{"replicas":"abc"}}',
    );
    assert.match(
      merge,
      /^The request is invalid: patch: Invalid value: "\{.*\}": json: cannot unmarshal string into Go struct field DeploymentSpec\.spec\.replicas of type int32$/s,
    );
    assert.equal(
      await fails('patch', 'deploy', 'web', '-p', '{"spec":{"replicas":"abc"}}'),
      'The request is invalid: patch: Invalid value: "map[spec:map[replicas:abc]]": unrecognized type: int32',
    );
    assert.match(
      await fails(
        'patch',
        'deploy',
        'web',
        '--type',
        'json',
        '-p',
        '[{"op":"replace","path":"/spec/replicas","value":"abc"}]',
      ),
      /json: cannot unmarshal string into Go struct field DeploymentSpec\.spec\.replicas of type int32$/,
    );
    // nothing was stored, the controllers carry on: two pods, ReplicaSets with numbers, /readyz ok
    assert.equal(await ok('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}'), '2');
    for (let i = 0; i < 60; i++) {
      const rs = await ok(
        'get',
        'rs',
        '-o',
        'jsonpath={range .items[*]}{.spec.replicas}{" "}{.status.readyReplicas}{"\\n"}{end}',
      );
      if (rs.trim() === '2 2') break;
      assert.doesNotMatch(rs, /NaN|abc/);
      await new Promise((r) => setTimeout(r, 500)); // polling the condition, not a fixed wait
    }
    assert.equal((await ok('get', 'rs', '-o', 'jsonpath={.items[0].status.readyReplicas}')).trim(), '2');
    assert.equal((await ok('get', '--raw', '/readyz')).trim(), 'ok');
    assert.equal(sim?.proc.exitCode, null);
  },
);

test(
  'create and apply of a containerPort "http": the decoder\'s 400, and server-side apply\'s error',
  { skip },
  async () => {
    const bad = file('bad.yaml', DEPLOY('"http"').replace('name: web, namespace', 'name: bad, namespace'));
    assert.equal(
      await fails('create', '-f', bad),
      `Error from server (BadRequest): error when creating "${bad}": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32`,
    );
    assert.match(
      await fails('apply', '--server-side', '-f', bad),
      /^Error from server: failed to create typed patch object \(default\/bad; apps\/v1, Kind=Deployment\): \.spec\.template\.spec\.containers\[name="web"\]\.ports\[containerPort="http"\]\.containerPort: expected numeric \(int or float\), got string$/,
    );
    assert.match(await fails('get', 'deploy', 'bad'), /NotFound/);
  },
);

test("unknown fields: kubectl's strict validation fails, --validate=false drops them", { skip }, async () => {
  const cm = file(
    'cm.yaml',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm1, namespace: default}\ndata: {a: b}\nspec: {x: 1}\n',
  );
  assert.equal(
    await fails('create', '-f', cm),
    `Error from server (BadRequest): error when creating "${cm}": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "spec"`,
  );
  await ok('create', '--validate=false', '-f', cm);
  assert.equal(await ok('get', 'cm', 'cm1', '-o', 'jsonpath={.spec}'), '');
  assert.equal(await ok('get', 'cm', 'cm1', '-o', 'jsonpath={.data.a}'), 'b');
});

test(
  'kubectl apply of a List: validated on the client against /openapi/v2, no --validate=false needed',
  { skip },
  async () => {
    const item = (name: string, replicas: string): string => `- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: ${name}, namespace: default}
  spec:
    replicas: ${replicas}
    selector: {matchLabels: {app: ${name}}}
    template:
      metadata: {labels: {app: ${name}}}
      spec: {containers: [{name: c, image: nginx}]}
`;
    const good = file(
      'list.yaml',
      `apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: l1, namespace: default}, data: {a: b}}\n${item('l2', '1')}`,
    );
    assert.equal(await ok('apply', '-f', good), 'configmap/l1 created\ndeployment.apps/l2 created\n');
    const bad = file('list-bad.yaml', `apiVersion: v1\nkind: List\nitems:\n${item('l3', '"abc"')}`);
    assert.equal(
      await fails('apply', '-f', bad),
      `error: error validating "${bad}": error validating data: ValidationError(Deployment.spec.replicas): invalid type for io.k8s.api.apps.v1.DeploymentSpec.replicas: got "string", expected "integer"; if you choose to ignore these errors, turn validation off with --validate=false`,
    );
  },
);

test('kubectl explain deployment.spec.replicas and pods --recursive', { skip }, async () => {
  const replicas = await ok('explain', 'deployment.spec.replicas');
  assert.match(replicas, /^GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n/);
  assert.match(replicas, /FIELD: replicas <integer>/);
  assert.match(replicas, /Number of desired pods\. This is a pointer to distinguish between explicit/);
  const pods = await ok('explain', 'pods', '--recursive');
  assert.match(pods, /^KIND:\s+Pod\nVERSION:\s+v1\n/);
  assert.match(pods, /\n {2}spec\t<PodSpec>\n/);
  assert.match(pods, /\n {4}containers\t<\[\]Container> -required-\n/);
  assert.match(pods, /\n {6}ports\t<\[\]ContainerPort>\n {8}containerPort\t<integer> -required-\n/);
  assert.match(await ok('explain', 'svc.spec.ports.targetPort'), /FIELD: targetPort <IntOrString>/);
});

test('a CRD is explained and enforced from its openAPIV3Schema', { skip }, async () => {
  await ok(
    'apply',
    '-f',
    file(
      'crd.yaml',
      `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        description: A widget of the example shop.
        properties:
          spec:
            type: object
            properties:
              size: {type: integer, description: How big the widget is., maximum: 10}
              color: {type: string}
`,
    ),
  );
  let explained = '';
  for (let i = 0; i < 20 && !/size/.test(explained); i++) {
    const r = await kubectl('explain', 'widgets.spec');
    explained = r.stdout;
    if (!/size/.test(explained)) await new Promise((res) => setTimeout(res, 250)); // until discovery has it
  }
  assert.match(explained, /^GROUP:\s+example\.com\nKIND:\s+Widget\nVERSION:\s+v1\n/);
  assert.match(explained, /size\t<integer>\n\s+How big the widget is\./);
  assert.match(await ok('explain', 'widgets'), /A widget of the example shop\./);
  const w = file(
    'w.yaml',
    'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1, namespace: default}\nspec: {size: big}\n',
  );
  assert.equal(
    await fails('create', '-f', w),
    `The Widget "w1" is invalid: spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"`,
  );
  await ok(
    'create',
    '-f',
    file(
      'w2.yaml',
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w2, namespace: default}\nspec: {size: 3}\n',
    ),
  );
  assert.match(
    await fails('patch', 'widget', 'w2', '--type', 'merge', '-p', '{"spec":{"size":11}}'),
    /spec\.size: Invalid value: 11: spec\.size in body should be less than or equal to 10/,
  );
});
