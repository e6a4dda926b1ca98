// The primers' commands against `kubedeck sim`: kubectl sends protobuf bodies for its typed creates
// (create deployment|namespace|configmap|secret|job|cronjob|service|serviceaccount, create job --from),
// JSON for run and expose; every one must create the object a real cluster would, checked with get -o json.
import { waitFor } from '../helpers/wait.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { startSimProcess } from '../helpers/sim-process.js';


const ready = spawnSync('kubectl', ['version', '--client']).status === 0;
let sim: Awaited<ReturnType<typeof startSimProcess>>;

before(async () => {
  if (ready) sim = await startSimProcess(['--scenario', 'empty']);
});
after(async () => {
  await sim?.stop();
});

type Obj = Record<string, unknown>;
interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function kubectl(...args: string[]): Promise<Run> {
  const env = { ...process.env, HOME: sim.dir, KUBECONFIG: '' };
  const cache = join(sim.dir, 'kubectl-cache');
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      ['--kubeconfig', sim.kubeconfig, '--cache-dir', cache, ...args],
      { env, timeout: 30000 },
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
const getJson = async (...args: string[]): Promise<Obj> =>
  JSON.parse(await ok('get', ...args, '-o', 'json')) as Obj;
/** A value at a dotted path (numbers index arrays). */
function at(o: unknown, path: string): unknown {
  let cur: unknown = o;
  for (const k of path.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[k];
  return cur;
}

const skip = !ready && 'kubectl is not installed';

test(
  'create deployment, with --replicas=2 and --replicas=0 (a pointer zero survives)',
  { skip },
  async () => {
    assert.equal(
      await ok('create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80'),
      'deployment.apps/web created\n',
    );
    const d = await getJson('deployment', 'web');
    assert.equal(at(d, 'spec.replicas'), 2);
    assert.deepEqual(at(d, 'spec.selector'), { matchLabels: { app: 'web' } });
    assert.deepEqual(at(d, 'metadata.labels'), { app: 'web' });
    assert.deepEqual(at(d, 'spec.template.spec.containers'), [
      {
        name: 'nginx',
        image: 'nginx:1.27',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        resources: {},
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
      },
    ]);
    await waitFor(async () => at(await getJson('deployment', 'web'), 'status.readyReplicas') === 2, { what: 'web ready', timeoutMs: 30000 });

    await ok('create', 'deployment', 'idle', '--image=nginx', '--replicas=0');
    const idle = await getJson('deployment', 'idle');
    assert.equal(at(idle, 'spec.replicas'), 0, 'replicas 0 is not dropped as an empty value');
    await waitFor(async () => at(await getJson('deployment', 'idle'), 'status.observedGeneration') === 1, { what: 'idle observed' });
    assert.equal((await getJson('pods', '-l', 'app=idle')).items instanceof Array, true);
    assert.deepEqual((await getJson('pods', '-l', 'app=idle')).items, []);
  },
);

test('create namespace, configmap --from-literal, secret generic, serviceaccount', { skip }, async () => {
  assert.equal(await ok('create', 'namespace', 'team-a'), 'namespace/team-a created\n');
  assert.equal(at(await getJson('namespace', 'team-a'), 'status.phase'), 'Active');

  await ok('create', 'configmap', 'cfg', '-n', 'team-a', '--from-literal=a=b', '--from-literal=c=d');
  const cm = await getJson('configmap', 'cfg', '-n', 'team-a');
  assert.deepEqual(cm.data, { a: 'b', c: 'd' });
  assert.equal(at(cm, 'metadata.namespace'), 'team-a');

  await ok('create', 'secret', 'generic', 's1', '--from-literal=user=admin', '--from-literal=pw=');
  const s = await getJson('secret', 's1');
  assert.deepEqual(s.data, { pw: '', user: Buffer.from('admin').toString('base64') });
  // a real server also defaults type to Opaque; the simulator's defaulting does not (same for a JSON body)

  await ok('create', 'serviceaccount', 'robot');
  const sa = await getJson('serviceaccount', 'robot');
  assert.equal(at(sa, 'metadata.name'), 'robot');
  assert.equal(sa.kind, 'ServiceAccount');
});

test(
  'create job runs to completion; create cronjob; create job --from=cronjob is owned by it',
  { skip },
  async () => {
    await ok('create', 'job', 'hello', '--image=busybox', '--', 'echo', 'hi');
    const job = await getJson('job', 'hello');
    assert.deepEqual(at(job, 'spec.template.spec.containers.0.command'), ['echo', 'hi']);
    assert.equal(at(job, 'spec.template.spec.restartPolicy'), 'Never');
    await waitFor(async () => at(await getJson('job', 'hello'), 'status.succeeded') === 1, { what: 'job hello done', timeoutMs: 30000 });

    await ok('create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', '--', 'date');
    const cj = await getJson('cronjob', 'tick');
    assert.equal(at(cj, 'spec.schedule'), '*/5 * * * *');
    assert.deepEqual(at(cj, 'spec.jobTemplate.spec.template.spec.containers.0.command'), ['date']);
    assert.equal(at(cj, 'spec.jobTemplate.spec.template.spec.restartPolicy'), 'OnFailure');

    await ok('create', 'job', 'tick-now', '--from=cronjob/tick');
    const manual = await getJson('job', 'tick-now');
    assert.deepEqual(at(manual, 'metadata.annotations'), { 'cronjob.kubernetes.io/instantiate': 'manual' });
    const owner = (at(manual, 'metadata.ownerReferences') as Obj[])[0];
    assert.deepEqual(
      { kind: owner?.kind, name: owner?.name, controller: owner?.controller, uid: owner?.uid },
      { kind: 'CronJob', name: 'tick', controller: true, uid: at(cj, 'metadata.uid') },
    );
  },
);

test('create service clusterip and nodeport; expose and run (JSON bodies) still work', { skip }, async () => {
  await ok('create', 'service', 'clusterip', 'svc1', '--tcp=80:8080');
  const svc = await getJson('service', 'svc1');
  assert.deepEqual(at(svc, 'spec.ports'), [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }]);
  assert.deepEqual(at(svc, 'spec.selector'), { app: 'svc1' });
  assert.match(String(at(svc, 'spec.clusterIP')), /^10\./);

  await ok('create', 'service', 'nodeport', 'np1', '--tcp=80:8080', '--node-port=30080');
  assert.equal(at(await getJson('service', 'np1'), 'spec.ports.0.nodePort'), 30080);
  assert.equal(at(await getJson('service', 'np1'), 'spec.type'), 'NodePort');

  await ok('create', 'deployment', 'api', '--image=nginx');
  assert.equal(
    await ok('expose', 'deployment', 'api', '--port=80', '--target-port=8080'),
    'service/api exposed\n',
  );
  const exposed = await getJson('service', 'api');
  assert.deepEqual(at(exposed, 'spec.selector'), { app: 'api' });
  assert.equal(at(exposed, 'spec.ports.0.targetPort'), 8080);

  assert.equal(
    await ok('run', 'solo', '--image=nginx', '--labels=tier=x', '--env=A=B', '--port=80'),
    'pod/solo created\n',
  );
  const pod = await getJson('pod', 'solo');
  assert.deepEqual(at(pod, 'metadata.labels'), { tier: 'x' });
  assert.deepEqual(at(pod, 'spec.containers.0.env'), [{ name: 'A', value: 'B' }]);
});

test('--dry-run=server with a protobuf body answers the object and stores nothing', { skip }, async () => {
  const out = JSON.parse(
    await ok('create', 'deployment', 'ghost', '--image=nginx', '--dry-run=server', '-o', 'json'),
  ) as Obj;
  assert.equal(at(out, 'metadata.name'), 'ghost');
  assert.equal(at(out, 'spec.replicas'), 1);
  const r = await kubectl('get', 'deployment', 'ghost');
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /not found/);
});

function send(
  method: string,
  path: string,
  body: Uint8Array,
  type = 'application/vnd.kubernetes.protobuf',
): Promise<{ status: number; json: Obj }> {
  const doc = load(readFileSync(sim.kubeconfig, 'utf8')) as { users: { user: { token: string } }[] };
  const token = doc.users[0]?.user.token ?? '';
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, sim.url),
      {
        method,
        rejectUnauthorized: false,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': type,
          Accept: 'application/vnd.kubernetes.protobuf,application/json',
          'Content-Length': String(body.length),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          assert.equal(res.headers['content-type'], 'application/json');
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) as Obj });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

test(
  'raw protobuf bodies: a captured one creates its object, a CR kind is 415, a broken one 400, a Scale PUT scales',
  { skip },
  async () => {
    const captured = readFileSync(new URL('./fixtures/protobuf/configmap.pb', import.meta.url));
    const created = await send('POST', '/api/v1/namespaces/default/configmaps', captured);
    assert.equal(created.status, 201);
    assert.deepEqual(created.json.data, { a: 'b', c: 'd' });

    // a custom kind has no protobuf form on a real server either
    const field = (num: number, bytes: Buffer): Buffer =>
      Buffer.concat([Buffer.from([(num << 3) | 2, bytes.length]), bytes]);
    const envelope = (apiVersion: string, kind: string, raw: Buffer): Buffer =>
      Buffer.concat([
        Buffer.from('k8s\0', 'latin1'),
        field(1, Buffer.concat([field(1, Buffer.from(apiVersion)), field(2, Buffer.from(kind))])),
        field(2, raw),
      ]);
    const cr = envelope('stable.example.com/v1', 'Thing', Buffer.alloc(0));
    const refused = await send('POST', '/api/v1/namespaces/default/configmaps', cr);
    assert.equal(refused.status, 415);
    assert.equal(refused.json.reason, 'UnsupportedMediaType');

    const broken = await send(
      'POST',
      '/api/v1/namespaces/default/configmaps',
      captured.subarray(0, captured.length - 20),
    );
    assert.equal(broken.status, 400);
    assert.equal(broken.json.reason, 'BadRequest');

    // a client-go UpdateScale: PUT of an autoscaling/v1 Scale {metadata{name}, spec{replicas: 3}}
    await ok('create', 'deployment', 'scaled', '--image=nginx');
    const scale = envelope(
      'autoscaling/v1',
      'Scale',
      Buffer.concat([field(1, field(1, Buffer.from('scaled'))), field(2, Buffer.from([0x08, 3]))]),
    );
    const put = await send('PUT', '/apis/apps/v1/namespaces/default/deployments/scaled/scale', scale);
    assert.equal(put.status, 200, JSON.stringify(put.json));
    assert.equal(at(put.json, 'spec.replicas'), 3);
    assert.equal(at(await getJson('deployment', 'scaled'), 'spec.replicas'), 3);

    // a client-go Delete: DeleteOptions {propagationPolicy: Orphan} in protobuf; the ReplicaSet stays
    const rs = await waitFor(async () => {
      const items = (await getJson('replicasets', '-l', 'app=scaled')).items as Obj[];
      return items[0];
    }, { what: 'the ReplicaSet of scaled' });
    const orphan = envelope('meta.k8s.io/v1', 'DeleteOptions', field(4, Buffer.from('Orphan')));
    const del = await send('DELETE', '/apis/apps/v1/namespaces/default/deployments/scaled', orphan);
    assert.equal(del.status, 200, JSON.stringify(del.json));
    await waitFor(async () => (await kubectl('get', 'deployment', 'scaled')).code !== 0, { what: 'scaled gone' });
    const kept = await getJson('replicaset', String(at(rs, 'metadata.name')));
    assert.equal(at(kept, 'metadata.ownerReferences'), undefined, 'orphaned, not deleted');
  },
);

const PLURALS: Record<string, string> = {
  Deployment: 'deployments',
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  Service: 'services',
  ServiceAccount: 'serviceaccounts',
  Ingress: 'ingresses',
};
/** What differs between two creations of the same object: identity, time, allocations, progress. */
function normalise(o: Obj): unknown {
  const uid = String(at(o, 'metadata.uid'));
  const copy = JSON.parse(JSON.stringify(o).replaceAll(uid, 'UID')) as Obj;
  const meta = copy.metadata as Obj;
  for (const k of ['resourceVersion', 'creationTimestamp', 'namespace', 'managedFields']) delete meta[k];
  delete copy.status;
  const spec = copy.spec as Obj | undefined;
  if (spec) {
    delete spec.clusterIP;
    delete spec.clusterIPs;
    for (const port of (spec.ports as Obj[] | undefined) ?? []) delete port.nodePort;
  }
  return copy;
}

test('each captured kubectl body creates the same object as its JSON form does', { skip }, async () => {
  for (const ns of ['via-pb', 'via-json']) await ok('create', 'namespace', ns);
  const dir = new URL('./fixtures/protobuf/', import.meta.url);
  const names = [
    'deployment',
    'deployment-multi',
    'deployment-port-zero',
    'configmap',
    'configmap-files',
    'secret-generic',
    'secret-docker-registry',
    'secret-tls',
    'job',
    'cronjob',
    'service-clusterip',
    'service-externalname',
    'service-loadbalancer',
    'serviceaccount',
    'ingress',
  ];
  for (const name of names) {
    const json = readFileSync(new URL(`${name}.json`, dir));
    const doc = JSON.parse(json.toString()) as Obj;
    const base = `/${doc.apiVersion === 'v1' ? 'api' : 'apis'}/${String(doc.apiVersion)}/namespaces`;
    const plural = PLURALS[String(doc.kind)] ?? '';
    const viaPb = await send('POST', `${base}/via-pb/${plural}`, readFileSync(new URL(`${name}.pb`, dir)));
    assert.equal(viaPb.status, 201, `${name}: ${JSON.stringify(viaPb.json)}`);
    const viaJson = await send('POST', `${base}/via-json/${plural}`, json, 'application/json');
    assert.equal(viaJson.status, 201, `${name} as JSON: ${JSON.stringify(viaJson.json)}`);
    assert.deepEqual(normalise(viaPb.json), normalise(viaJson.json), name);
  }
});
