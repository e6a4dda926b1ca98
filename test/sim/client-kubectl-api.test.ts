// kubectl against details of the API every real server has: Secret stringData merged into data,
// metadata.generation only on kinds that have one, the verbose health endpoints, and kubectl cp (tar in
// the container's simulated shell).
import { waitFor } from '../helpers/wait.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSim, PODS } from '../../src/sim/index.js';
import type { Pod } from '../../src/util/k8s.js';
import type { SimHandle } from '../../src/sim/index.js';
import { healthChecks } from '../../src/sim/server/health.js';
import { api, kubectlFor } from './helpers.js';
import type { Kubectl } from './helpers.js';

let sim: SimHandle;
let k: Kubectl;
before(async () => {
  sim = await startSim({ scenario: 'empty' });
  k = kubectlFor(sim);
});
after(async () => {
  await sim.close();
  k.cleanup();
});

/** kubectl with a manifest on stdin. */
function apply(yaml: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn('kubectl', ['--kubeconfig', k.kubeconfigPath, 'apply', '-f', '-'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    p.stdin.end(yaml);
  });
}
const b64 = (s: string): string => Buffer.from(s).toString('base64');

test('Secret stringData is merged into data (overwriting) and never stored or returned', async () => {
  const created = await apply(
    'apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\ndata: {user: YWRtaW4=, password: b2xk}\nstringData: {password: hunter2, token: abc}\n',
  );
  assert.equal(created.code, 0, created.stderr);
  const got = JSON.parse((await k.run(['get', 'secret', 'creds', '-o', 'json'])).stdout) as {
    data: Record<string, string>;
    stringData?: unknown;
    type: string;
  };
  assert.deepEqual(got.data, { user: b64('admin'), password: b64('hunter2'), token: b64('abc') });
  assert.equal(got.stringData, undefined);
  assert.equal(got.type, 'Opaque');
  const changed = await apply(
    'apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\ndata: {user: YWRtaW4=}\nstringData: {password: changed}\n',
  );
  assert.equal(changed.code, 0, changed.stderr);
  const pw = await k.run(['get', 'secret', 'creds', '-o', 'jsonpath={.data.password}']);
  assert.equal(Buffer.from(pw.stdout, 'base64').toString(), 'changed');
  // the raw API agrees: a POST with stringData answers with data only
  const r = await api(sim, '/api/v1/namespaces/default/secrets', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'raw' },
      stringData: { k: 'v' },
    }),
  });
  assert.equal(r.status, 201, r.body);
  assert.deepEqual(r.json()['data'], { k: b64('v') });
  assert.equal(r.json()['stringData'], undefined);
});

test('metadata.generation: set and bumped on Deployments, absent on ConfigMaps, Secrets and Pods', async () => {
  const out = await apply(
    [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\ndata: {a: "1"}',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: "nginx:1.27"}]}',
    ].join('\n---\n'),
  );
  assert.equal(out.code, 0, out.stderr);
  const gen = async (args: string[]): Promise<string> =>
    (await k.run(['get', ...args, '-o', 'jsonpath={.metadata.generation}'])).stdout;
  assert.equal(await gen(['configmap', 'plain']), '');
  assert.equal(await gen(['secret', 'creds']), '');
  assert.equal(await gen(['deploy', 'web']), '1');
  assert.equal((await k.run(['patch', 'configmap', 'plain', '-p', '{"data":{"a":"2"}}'])).code, 0);
  assert.equal(await gen(['configmap', 'plain']), '');
  assert.equal((await k.run(['scale', 'deploy', 'web', '--replicas=2'])).code, 0);
  assert.equal(await gen(['deploy', 'web']), '2');
  const pods = await waitFor(async () => {
    const r = await k.run([
      'get',
      'pods',
      '-l',
      'app=web',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.metadata.generation};{end}',
    ]);
    const items = r.stdout.split(';').filter(Boolean);
    return items.length === 2 ? items : undefined;
  }, { what: 'two web pods' });
  for (const p of pods) assert.match(p, /=$/, `a pod has no generation: ${p}`);
});

test('/readyz, /livez and /healthz: ok, ?verbose lists every check, ?exclude, one check alone', async () => {
  assert.equal((await k.run(['get', '--raw', '/readyz'])).stdout, 'ok');
  const ready = (await k.run(['get', '--raw', '/readyz?verbose'])).stdout.trimEnd().split('\n');
  assert.equal(ready[0], '[+]ping ok');
  assert.ok(ready.includes('[+]etcd ok'));
  assert.ok(ready.includes('[+]informer-sync ok'));
  assert.ok(ready.includes('[+]poststarthook/rbac/bootstrap-roles ok'));
  assert.equal(ready.at(-2), '[+]shutdown ok');
  assert.equal(ready.at(-1), 'readyz check passed');
  const live = (await k.run(['get', '--raw', '/livez?verbose&exclude=etcd'])).stdout.trimEnd().split('\n');
  assert.ok(live.includes('[+]etcd excluded: ok'));
  assert.ok(!live.includes('[+]shutdown ok'), 'livez has no shutdown check');
  assert.equal(live.at(-1), 'livez check passed');
  assert.equal(
    (await k.run(['get', '--raw', '/healthz?verbose'])).stdout.trimEnd().split('\n').at(-1),
    'healthz check passed',
  );
  assert.equal((await k.run(['get', '--raw', '/readyz/etcd'])).stdout, 'ok');
  assert.equal((await k.run(['get', '--raw', '/readyz/poststarthook/rbac/bootstrap-roles'])).stdout, 'ok');
  const missing = await k.run(['get', '--raw', '/livez/informer-sync']);
  assert.notEqual(missing.code, 0);
  assert.equal(healthChecks('livez').length + 3, healthChecks('readyz').length);
  // no token needed, as for system:public-info-viewer
  assert.equal((await api(sim, '/readyz?verbose', { token: null })).status, 200);
});

test('kubectl cp: a file and a directory out of a container (tar cf -), a file into it (test -d, tar -xmf -)', async () => {
  sim.storage.create(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'files', namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
  } as never);
  await waitFor(() =>
      (sim.storage.get(PODS, 'default', 'files') as Pod | undefined)?.status?.containerStatuses?.[0]?.state
        ?.running, { what: 'the pod to run', timeoutMs: 30000 });
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-cp-'));
  try {
    const one = await k.run(['cp', 'files:/etc/hostname', join(dir, 'hostname')]);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(readFileSync(join(dir, 'hostname'), 'utf8'), 'files\n');
    const tree = await k.run(['cp', 'files:/usr/share/nginx/html', join(dir, 'html')]);
    assert.equal(tree.code, 0, tree.stderr);
    assert.match(readFileSync(join(dir, 'html', 'index.html'), 'utf8'), /nginx/i);
    writeFileSync(join(dir, 'in.txt'), 'héllo from the host\n');
    const put = await k.run(['cp', join(dir, 'in.txt'), 'files:/tmp/in.txt']);
    assert.equal(put.code, 0, put.stderr);
    const bad = await k.run(['cp', join(dir, 'in.txt'), 'files:/no-such-dir/in.txt']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /tar: \/no-such-dir: Cannot open: No such file or directory/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // in one session: what tar extracts is there to read
  const r = await k.run([
    'exec',
    'files',
    '--',
    'sh',
    '-c',
    'mkdir -p /src/sub; echo one > /src/a; echo two > /src/sub/b; tar cf - /src | tar -xmf - -C /tmp; cat /tmp/src/a /tmp/src/sub/b; test -d /tmp/src/sub && echo dir',
  ]);
  assert.equal(r.stdout, 'one\ntwo\ndir\n');
  assert.match(r.stderr, /Removing leading `\/' from member names/);
});

test('kubectl proxy: pods/proxy and services/proxy reach the container web server; refusals as a real server', async () => {
  sim.storage.create(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'site', namespace: 'default', labels: { app: 'site' } },
    spec: {
      containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, name: 'http' }] }],
    },
  } as never);
  const svc = await apply(
    'apiVersion: v1\nkind: Service\nmetadata: {name: site}\nspec:\n  selector: {app: site}\n  ports: [{name: http, port: 8080, targetPort: 80}]\n',
  );
  assert.equal(svc.code, 0, svc.stderr);
  const proxy = spawn('kubectl', ['--kubeconfig', k.kubeconfigPath, 'proxy', '--port=0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    proxy.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const port = await waitFor(() => /Starting to serve on 127\.0\.0\.1:(\d+)/.exec(out)?.[1], { what: 'kubectl proxy to listen', timeoutMs: 20000 });
    const get = async (path: string): Promise<{ status: number; body: string }> => {
      const r = await fetch(`http://127.0.0.1:${port}${path}`);
      return { status: r.status, body: await r.text() };
    };
    const page = await waitFor(async () => {
        const r = await get('/api/v1/namespaces/default/pods/site/proxy/');
        return r.status === 200 ? r : undefined;
      }, { what: 'the pod page through the proxy', timeoutMs: 30000, intervalMs: 200 });
    assert.match(page.body, /<h1>Hello from site<\/h1>/);
    assert.match(page.body, /container web \(nginx:1\.27\), port 80/);
    assert.equal((await get('/api/v1/namespaces/default/pods/site:http/proxy/healthz')).body, 'ok');
    const refused = await get('/api/v1/namespaces/default/pods/site:81/proxy/');
    assert.equal(refused.status, 503);
    assert.match(
      refused.body,
      /error trying to reach service: dial tcp [\d.]+:81: connect: connection refused/,
    );
    const viaSvc = await waitFor(async () => {
        const r = await get('/api/v1/namespaces/default/services/site:http/proxy/index.html');
        return r.status === 200 ? r : undefined;
      }, { what: 'the service to have endpoints', timeoutMs: 30000, intervalMs: 200 });
    assert.match(viaSvc.body, /Hello from site/);
    assert.equal((await get('/api/v1/namespaces/default/pods/nope/proxy/')).status, 404);
  } finally {
    proxy.kill();
  }
});
