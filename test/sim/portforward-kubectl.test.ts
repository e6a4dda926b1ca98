// kubectl port-forward against the simulator: SPDY tunnelled in a WebSocket (what kubectl 1.32 tries
// first) and plain SPDY/3.1 (KUBECTL_PORT_FORWARD_WEBSOCKETS=false), to pod/, svc/ and deploy/; a
// refused port gives the kubelet's error and kubectl's `lost connection to pod`; SIGINT ends it cleanly.
// The SPDY details kubectl does not show (PING echoed, bad stream headers reset, the handshake's
// refusals) are driven with the small client in spdy-client.ts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { startSim, PODS } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import type { Pod } from '../../src/util/k8s.js';
import { TYPE } from '../../src/sim/exec/spdy/frames.js';
import { waitFor } from '../helpers/wait.js';
import { kubectlFor } from './helpers.js';
import type { Kubectl } from './helpers.js';
import { spdyConnect } from './spdy-client.js';

let sim: SimHandle;
let k: Kubectl;

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: {name: shop}
spec:
  replicas: 1
  selector: {matchLabels: {app: shop}}
  template:
    metadata: {labels: {app: shop}}
    spec:
      containers:
      - {name: web, image: nginx:1.27, ports: [{name: http, containerPort: 80}]}
      - {name: cache, image: redis:7.4, ports: [{containerPort: 6379}]}
---
apiVersion: v1
kind: Service
metadata: {name: shop}
spec:
  selector: {app: shop}
  ports: [{name: web, port: 8080, targetPort: http}]
`;

before(async () => {
  sim = await startSim({ scenario: 'empty' });
  k = kubectlFor(sim);
  await new Promise<void>((resolve, reject) => {
    const p = spawn('kubectl', ['--kubeconfig', k.kubeconfigPath, 'apply', '-f', '-'], {
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`kubectl apply: ${code}`))));
    p.stdin.end(MANIFEST);
  });
  await waitFor(
    () => sim.storage.list(PODS, 'default').items.some((p) => (p as Pod).status?.phase === 'Running'),
    { what: 'the deployment pod to run', timeoutMs: 30000 },
  );
});
after(async () => {
  await sim.close();
  k.cleanup();
});

interface Forward {
  proc: ChildProcess;
  port: number;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

/** Start `kubectl port-forward TARGET :REMOTE` and wait until it says which local port it listens on. */
async function portForward(
  target: string,
  remote: number,
  env: Record<string, string> = {},
): Promise<Forward> {
  const proc = spawn(
    'kubectl',
    ['--kubeconfig', k.kubeconfigPath, 'port-forward', target, `:${remote}`, '-v=6'],
    {
      env: { ...process.env, HOME: '/nonexistent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const port = Number(
    await waitFor(() => /Forwarding from 127\.0\.0\.1:(\d+) -> /.exec(out)?.[1], {
      what: `kubectl port-forward ${target} to listen (stderr: ${err.slice(-500)})`,
      timeoutMs: 20000,
    }),
  );
  return { proc, port, out: () => out, err: () => err, exited };
}

async function stop(f: Forward): Promise<number | null> {
  f.proc.kill('SIGINT');
  return f.exited;
}

test('kubectl port-forward pod/NAME (SPDY in a WebSocket): pages through it; SIGINT exits 0', async () => {
  const pod = sim.storage.list(PODS, 'default').items[0] as Pod;
  const f = await portForward(`pod/${pod.metadata.name ?? ''}`, 80);
  try {
    const page = await fetch(`http://127.0.0.1:${f.port}/`);
    assert.equal(page.status, 200);
    assert.match(
      await page.text(),
      new RegExp(
        `<h1>Hello from ${pod.metadata.name ?? ''}</h1>[^]*container web \\(nginx:1\\.27\\), port 80`,
      ),
    );
    // several connections over the one upgraded connection, one after the other and at once
    const bodies = await Promise.all(
      [1, 2, 3].map(async () => (await fetch(`http://127.0.0.1:${f.port}/healthz`)).text()),
    );
    assert.deepEqual(bodies, ['ok', 'ok', 'ok']);
    assert.equal((await fetch(`http://127.0.0.1:${f.port}/nope`)).status, 404);
    assert.match(
      f.err(),
      /negotiated protocol: portforward\.k8s\.io/,
      'the WebSocket tunnel, not the fallback',
    );
    assert.doesNotMatch(f.err(), /fallback to secondary dialer/);
  } finally {
    assert.equal(await stop(f), 0);
  }
  assert.match(f.out(), /Handling connection for \d+/);
  assert.doesNotMatch(f.err(), /^E\d{4}/m, 'no errors logged');
});

test('kubectl port-forward svc/NAME (named targetPort) and deploy/NAME reach the pod', async () => {
  const svc = await portForward('svc/shop', 8080);
  try {
    assert.match(svc.out(), /-> 80\n/, 'the service port resolved to the container port');
    assert.match(
      await (await fetch(`http://127.0.0.1:${svc.port}/`)).text(),
      /container web \(nginx:1\.27\), port 80/,
    );
  } finally {
    assert.equal(await stop(svc), 0);
  }
  const deploy = await portForward('deploy/shop', 6379);
  try {
    const reply = await new Promise<string>((resolve, reject) => {
      import('node:net').then(({ connect }) => {
        const s = connect(deploy.port, '127.0.0.1', () => s.write('PING\r\nQUIT\r\n'));
        let got = '';
        s.on('data', (d: Buffer) => (got += d.toString()));
        s.on('close', () => resolve(got));
        s.on('error', reject);
      }, reject);
    });
    assert.equal(reply, '+PONG\r\n+OK\r\n');
  } finally {
    assert.equal(await stop(deploy), 0);
  }
});

test('plain SPDY/3.1 (KUBECTL_PORT_FORWARD_WEBSOCKETS=false): pages through it; a refused port is the kubelet error', async () => {
  const f = await portForward('deploy/shop', 80, { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' });
  try {
    assert.match(await (await fetch(`http://127.0.0.1:${f.port}/healthz`)).text(), /^ok$/);
    assert.doesNotMatch(f.err(), /tunneling_dialer|Sec-Websocket-Protocol/i);
    assert.match(f.err(), /POST https:\/\/\S+\/portforward 101 Switching Protocols/);
  } finally {
    assert.equal(await stop(f), 0);
  }
  const envs: Record<string, string>[] = [{ KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }, {}];
  for (const env of envs) {
    const r = await portForward('deploy/shop', 9999, env);
    await fetch(`http://127.0.0.1:${r.port}/`).then(
      () => assert.fail('a refused port answered'),
      () => undefined,
    );
    assert.equal(await r.exited, 1, 'kubectl gives up on the connection');
    assert.match(
      r.err(),
      /an error occurred forwarding \d+ -> 9999: error forwarding port 9999 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace \\"\/var\/run\/netns\/cni-[0-9a-f-]+\\": failed to connect to localhost:9999 inside namespace \\"[0-9a-f]{64}\\", IPv4: dial tcp 127\.0\.0\.1:9999: connect: connection refused IPv6 dial tcp \[::1\]:9999: connect: connection refused/,
    );
    assert.match(r.err(), /error: lost connection to pod\n$/);
  }
});

const PF_PATH = () => {
  const pod = sim.storage.list(PODS, 'default').items[0] as Pod;
  return `/api/v1/namespaces/default/pods/${pod.metadata.name ?? ''}/portforward`;
};

test('SPDY: PING echoed, streams with bad headers reset, a stream without request id paired by stream id', async () => {
  const { client: c, socket } = await spdyConnect(sim.url, sim.token, PF_PATH());
  assert.ok(c);
  try {
    const ping = Buffer.alloc(4);
    ping.writeUInt32BE(7);
    c.control(TYPE.ping, ping);
    await waitFor(
      () =>
        c.frames.some((f) => f.kind === 'control' && f.type === TYPE.ping && f.payload.readUInt32BE(0) === 7),
      { what: 'the PING echoed', timeoutMs: 5000 },
    );
    const noPort = await c.open({ streamtype: 'data', requestid: '0' });
    const badType = await c.open({ streamtype: 'stdin', port: '80', requestid: '0' });
    await waitFor(() => noPort.reset !== undefined && badType.reset !== undefined, {
      what: 'the bad streams reset',
      timeoutMs: 5000,
    });
    assert.equal(noPort.replied, false);
    // legacy client: error stream n, data stream n+2, no requestid
    const err = await c.open({ streamtype: 'error', port: '80' });
    const data = await c.open({ streamtype: 'data', port: '80' });
    c.write(data.id, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', true);
    await waitFor(() => data.finished && err.finished, {
      what: 'both streams closed by the server',
      timeoutMs: 5000,
    });
    assert.match(c.text(data.id), /^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\nok$/);
    assert.equal(c.text(err.id), '');
  } finally {
    socket.destroy();
  }
});

test('kubectl port-forward as a user without create on pods/portforward: the API server 403', async () => {
  const pod = (sim.storage.list(PODS, 'default').items[0] as Pod).metadata.name ?? '';
  const r = await k.run(['port-forward', `pod/${pod}`, ':80', '--as', 'sim-viewer']);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    new RegExp(
      `error upgrading connection: pods "${pod}" is forbidden: User "sim-viewer" cannot create resource "pods/portforward" in API group "" in the namespace "default"`,
    ),
  );
});

test('SPDY handshake refusals: another protocol 403, pod missing 404, no valid token 401', async () => {
  const noProto = await spdyConnect(
    sim.url,
    sim.token,
    PF_PATH(),
    'X-Stream-Protocol-Version: v4.channel.k8s.io\r\n',
  );
  assert.match(noProto.head, /^HTTP\/1\.1 403 /);
  assert.match(
    noProto.body,
    /unable to upgrade: unable to negotiate protocol: client supports \[v4\.channel\.k8s\.io\], server accepts \[portforward\.k8s\.io\]/,
  );
  const missing = await spdyConnect(sim.url, sim.token, '/api/v1/namespaces/default/pods/nope/portforward');
  assert.match(missing.head, /^HTTP\/1\.1 404 /);
  assert.match(missing.body, /pods \\"nope\\" not found/);
  const viewer = await spdyConnect(sim.url, 'not-a-token', PF_PATH());
  assert.match(viewer.head, /^HTTP\/1\.1 401 /);
});
