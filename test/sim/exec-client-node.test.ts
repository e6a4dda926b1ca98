// exec and attach on the wire: @kubernetes/client-node's Exec (v5 as it negotiates by default, and v4)
// and Attach, and a raw WebSocket for auth, refusals, resize and the v5 stdin close.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { Attach, Exec, KubeConfig } from '@kubernetes/client-node';
// not re-exported by the package index; its socket factory lets a test offer only v4
import { WebSocketHandler } from '@kubernetes/client-node/dist/web-socket-handler.js';
import type { V1Status } from '@kubernetes/client-node';
import WebSocket from 'ws';
import { startSim, PODS } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import type { Pod } from '../../src/util/k8s.js';
import { api } from './helpers.js';
import { waitFor } from '../helpers/wait.js';

let sim: SimHandle;
let kc: KubeConfig;

before(async () => {
  sim = await startSim({ scenario: 'empty' });
  kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig());
  sim.storage.create(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
  } as never);
  await waitFor(() =>
      (sim.storage.get(PODS, 'default', 'web') as Pod | undefined)?.status?.containerStatuses?.[0]?.state
        ?.running, { what: 'the web pod to run', timeoutMs: 30000 });
});
after(() => sim.close());

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

async function clientExec(
  command: string[],
  protocols?: string[],
): Promise<{ out: string; err: string; status: V1Status; protocol: string }> {
  const handler = protocols
    ? new WebSocketHandler(kc, (uri, _p, opts) => new WebSocket(uri, protocols, opts) as never)
    : undefined;
  const exec = new Exec(kc, handler);
  const out = new Sink();
  const err = new Sink();
  let resolveStatus: (s: V1Status) => void = () => undefined;
  const status = new Promise<V1Status>((r) => (resolveStatus = r));
  const ws = await exec.exec('default', 'web', 'nginx', command, out, err, null, false, (s) =>
    resolveStatus(s),
  );
  const st = await status;
  await new Promise((r) => (ws.readyState === ws.CLOSED ? r(undefined) : ws.addEventListener('close', r)));
  return { out: out.text, err: err.text, status: st, protocol: ws.protocol };
}

test('client-node Exec (v5 negotiated): stdout, stderr and a non-zero exit status', async () => {
  const r = await clientExec(['sh', '-c', 'echo out; echo err >&2; exit 2']);
  assert.equal(r.protocol, 'v5.channel.k8s.io');
  assert.equal(r.out, 'out\n');
  assert.equal(r.err, 'err\n');
  assert.deepEqual(r.status, {
    metadata: {},
    status: 'Failure',
    message:
      'command terminated with non-zero exit code: error executing command [sh -c echo out; echo err >&2; exit 2], exit code 2',
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: '2' }] },
  });
});

test('client-node Exec over v4: output and Success; a missing program is an InternalError status', async () => {
  const r = await clientExec(['cat', '/etc/hostname'], ['v4.channel.k8s.io']);
  assert.equal(r.protocol, 'v4.channel.k8s.io');
  assert.equal(r.out, 'web\n');
  assert.deepEqual(r.status, { metadata: {}, status: 'Success' });
  const bad = await clientExec(['kubectl-not-here'], ['v4.channel.k8s.io']);
  assert.equal(bad.status.status, 'Failure');
  assert.equal(bad.status.reason, 'InternalError');
  assert.match(
    bad.status.message ?? '',
    /exec: "kubectl-not-here": executable file not found in \$PATH: unknown$/,
  );
});

/** A raw WebSocket to the sim; resolves the open socket or the HTTP status of a refusal. */
function raw(
  path: string,
  token: string | null = sim.token,
  protocols = ['v5.channel.k8s.io'],
): Promise<WebSocket | { status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
    const ws = new WebSocket(new URL(path, sim.url.replace('https', 'wss')), protocols, {
      headers,
      rejectUnauthorized: false,
    });
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', reject);
  });
}

test('refusals before the upgrade: 401 without a token, 403 for the viewer, 400 without a command, 404 pod', async () => {
  const noToken = await raw('/api/v1/namespaces/default/pods/web/exec?command=ls&stdout=true', null);
  assert.ok(!(noToken instanceof WebSocket));
  assert.equal(noToken.status, 401);
  const viewer = await raw(
    '/api/v1/namespaces/default/pods/web/exec?command=ls&stdout=true',
    sim.viewerToken,
  );
  assert.ok(!(viewer instanceof WebSocket));
  assert.equal(viewer.status, 403);
  assert.match(viewer.body, /cannot create resource \\"pods\/exec\\"/);
  const noCmd = await raw('/api/v1/namespaces/default/pods/web/exec?stdout=true');
  assert.ok(!(noCmd instanceof WebSocket));
  assert.deepEqual(
    [noCmd.status, (JSON.parse(noCmd.body) as { message: string }).message],
    [400, 'you must specify at least 1 command'],
  );
  const missing = await raw('/api/v1/namespaces/default/pods/nope/exec?command=ls&stdout=true');
  assert.ok(!(missing instanceof WebSocket));
  assert.equal(missing.status, 404);
});

/** Frames received until the socket closes, as [channel, text]. */
function collect(ws: WebSocket): Promise<{ frames: [number, string][]; code: number }> {
  const frames: [number, string][] = [];
  ws.on('message', (d: Buffer) => frames.push([d[0] ?? -1, d.subarray(1).toString()]));
  return new Promise((r) => ws.on('close', (code) => r({ frames, code })));
}

test('raw v5: resize reaches the tty, stdin is echoed, ff 00 (stdin EOF) ends the shell', async () => {
  const ws = await raw('/api/v1/namespaces/default/pods/web/exec?command=sh&stdin=true&stdout=true&tty=true');
  assert.ok(ws instanceof WebSocket);
  const done = collect(ws);
  ws.send(Buffer.concat([Buffer.from([4]), Buffer.from('{"Width":132,"Height":43}')]));
  ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('stty size\r')]));
  ws.send(Buffer.from([255, 0]));
  const { frames, code } = await done;
  assert.equal(code, 1000);
  const stdout = frames
    .filter(([c]) => c === 1)
    .map(([, t]) => t)
    .join('');
  assert.equal(stdout, '# stty size\r\n43 132\r\n# \r\n');
  assert.deepEqual(frames.at(-1), [3, '{"metadata":{},"status":"Success"}']);
  assert.ok(!frames.some(([c]) => c === 2), 'nothing on stderr with a tty');
});

test('attach: without a tty the main process output streams; with a tty its last lines show and input echoes', async () => {
  const attach = new Attach(kc);
  const out = new Sink();
  const ws = await attach.attach('default', 'web', 'nginx', out, null, null, false);
  await waitFor(() => out.text.includes('HTTP/1.1'), { what: 'an access-log line from nginx', timeoutMs: 10000 });
  ws.close();
  const tty = await raw(
    '/api/v1/namespaces/default/pods/web/attach?container=nginx&stdin=true&stdout=true&tty=true',
  );
  assert.ok(tty instanceof WebSocket);
  const frames: [number, string][] = [];
  tty.on('message', (d: Buffer) => frames.push([d[0] ?? -1, d.subarray(1).toString()]));
  const closed = new Promise((r) => tty.on('close', r));
  await waitFor(() => frames.length > 0, { what: 'the last lines of the process', timeoutMs: 5000 });
  assert.equal(frames[0]?.[0], 1);
  assert.match(frames[0]?.[1] ?? '', /^(?:[^\n]+\r\n){1,2}$/, 'one or two lines of output, CRLF on a tty');
  tty.send(Buffer.concat([Buffer.from([0]), Buffer.from('hi\r')]));
  await waitFor(() => frames.some(([, t]) => t === 'hi\r\n'), { what: 'the echo of typed input', timeoutMs: 5000 });
  tty.close();
  await closed;
});

test('a shell whose pod is deleted ends with exit code 137 once the container stops', async () => {
  sim.storage.create(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'victim', namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'] }] },
  } as never);
  await waitFor(() =>
      (sim.storage.get(PODS, 'default', 'victim') as Pod | undefined)?.status?.containerStatuses?.[0]?.state
        ?.running, { what: 'the victim pod to run', timeoutMs: 30000 });
  const ws = await raw(
    '/api/v1/namespaces/default/pods/victim/exec?command=sh&stdin=true&stdout=true&tty=true',
  );
  assert.ok(ws instanceof WebSocket);
  const done = collect(ws);
  const del = await api(sim, '/api/v1/namespaces/default/pods/victim', { method: 'DELETE' });
  assert.equal(del.status, 200);
  const { frames, code } = await done;
  assert.equal(code, 1000);
  assert.equal(frames[0]?.[1], '/ # ');
  const status = JSON.parse(frames.at(-1)?.[1] ?? '{}') as V1Status;
  assert.equal(frames.at(-1)?.[0], 3);
  assert.deepEqual(status.details?.causes, [{ reason: 'ExitCode', message: '137' }]);
});
