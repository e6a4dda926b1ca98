// port-forward on the wire: @kubernetes/client-node's PortForward to a declared port (an HTTP page that
// names the pod, container and port), to a port nothing serves (the kubelet's error), and the raw v4
// framing with two ports in one request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { KubeConfig, PortForward } from '@kubernetes/client-node';
import WebSocket from 'ws';
import { startSim, PODS } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import type { Pod } from '../../src/util/k8s.js';
import { flavourOf, parseResp } from '../../src/sim/exec/tcp-fake.js';
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
    metadata: { name: 'shop', namespace: 'default' },
    spec: {
      containers: [
        { name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] },
        { name: 'metrics', image: 'ghcr.io/kubedeck/exporter:1.0', ports: [{ containerPort: 9100 }] },
        { name: 'cache', image: 'redis:7.4', ports: [{ containerPort: 6379 }] },
      ],
    },
  } as never);
  sim.storage.create(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'unscheduled', namespace: 'default' },
    spec: { nodeSelector: { 'no-such': 'node' }, containers: [{ name: 'c', image: 'nginx:1.27' }] },
  } as never);
  await waitFor(() => (sim.storage.get(PODS, 'default', 'shop') as Pod | undefined)?.status?.phase === 'Running', { what: 'the pod to run', timeoutMs: 30000 });
});
after(() => sim.close());

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

/** One HTTP request through client-node's PortForward; resolves what came back once the socket closed. */
async function forward(port: number, request: string): Promise<{ out: string; err: string }> {
  const pf = new PortForward(kc);
  const out = new Sink();
  const err = new Sink();
  const input = new PassThrough();
  const ws = (await pf.portForward('default', 'shop', [port], out, err, input)) as WebSocket;
  const closed = new Promise((r) => (ws.readyState === ws.CLOSED ? r(undefined) : ws.on('close', r)));
  input.write(request);
  await closed;
  return { out: out.text, err: err.text };
}

const get = (path: string): string => `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`;

test('client-node PortForward to port 80: the page names the pod, container and port; /healthz is ok', async () => {
  const page = await forward(80, get('/'));
  assert.match(page.out, /^HTTP\/1\.1 200 OK\r\n/);
  assert.match(page.out, /<h1>Hello from shop<\/h1>/);
  assert.match(page.out, /namespace default, container nginx \(nginx:1\.27\), port 80/);
  assert.equal(page.err, '');
  const health = await forward(80, get('/healthz'));
  assert.match(health.out, /^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\nok$/);
  const metrics = await forward(9100, get('/'));
  assert.match(
    metrics.out,
    /container metrics \(ghcr\.io\/kubedeck\/exporter:1\.0\), port 9100/,
    'ports of every container of the pod',
  );
  const missing = await forward(80, get('/nope'));
  assert.match(missing.out, /^HTTP\/1\.1 404 Not Found/);
});

test('a Redis port speaks RESP (inline and array commands); QUIT closes the connection', async () => {
  const r = await forward(
    6379,
    'PING\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\nNOPE x\r\nQUIT\r\n',
  );
  assert.equal(
    r.out,
    "+PONG\r\n+OK\r\n$5\r\nhello\r\n-ERR unknown command 'NOPE', with args beginning with: 'x' \r\n+OK\r\n",
  );
});

test('client-node PortForward to a port nothing serves: the kubelet error on the error channel', async () => {
  const r = await forward(81, get('/'));
  assert.equal(r.out, '');
  assert.match(
    r.err,
    /^error forwarding port 81 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace "\/var\/run\/netns\/cni-[0-9a-f-]+": failed to connect to localhost:81 inside namespace "[0-9a-f]{64}", IPv4: dial tcp 127\.0\.0\.1:81: connect: connection refused IPv6 dial tcp \[::1\]:81: connect: connection refused $/,
  );
});

function raw(path: string): Promise<WebSocket | { status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(
      new URL(path, sim.url.replace('https', 'wss')),
      ['v5.channel.k8s.io', 'v4.channel.k8s.io'],
      {
        headers: { Authorization: `Bearer ${sim.token}` },
        rejectUnauthorized: false,
      },
    );
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_q, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', reject);
  });
}

test('raw v4 framing: two ports, each channel opened with the port in two little-endian bytes', async () => {
  const ws = await raw('/api/v1/namespaces/default/pods/shop/portforward?ports=80&ports=81');
  assert.ok(ws instanceof WebSocket);
  assert.equal(ws.protocol, 'v4.channel.k8s.io', 'port-forward speaks v4 even when v5 is offered');
  const frames: Buffer[] = [];
  ws.on('message', (d: Buffer) => frames.push(d));
  const closed = new Promise<number>((r) => ws.on('close', r));
  await waitFor(() => frames.length >= 5, { what: 'the opening frames and the error of port 81', timeoutMs: 5000 });
  assert.deepEqual(
    frames.slice(0, 4).map((f) => [...f]),
    [
      [0, 80, 0],
      [1, 80, 0],
      [2, 81, 0],
      [3, 81, 0],
    ],
  );
  assert.equal(frames[4]?.[0], 3);
  assert.match(frames[4]?.subarray(1).toString() ?? '', /^error forwarding port 81/);
  ws.send(Buffer.concat([Buffer.from([0]), Buffer.from(get('/'))]));
  assert.equal(await closed, 1000);
  const data = Buffer.concat(frames.filter((f) => f[0] === 0).map((f) => f.subarray(1)))
    .subarray(2)
    .toString();
  assert.match(data, /^HTTP\/1\.1 200 OK\r\n[^]*Hello from shop/);
});

test('refusals: bad ports 400, missing pod 404, a pod without a node 400', async () => {
  const bad = await raw('/api/v1/namespaces/default/pods/shop/portforward?ports=http');
  assert.ok(!(bad instanceof WebSocket));
  assert.equal(bad.status, 400);
  assert.match(bad.body, /unable to parse \\"http\\" as a port/);
  const none = await raw('/api/v1/namespaces/default/pods/shop/portforward');
  assert.ok(!(none instanceof WebSocket));
  assert.equal(none.status, 400);
  const missing = await raw('/api/v1/namespaces/default/pods/nope/portforward?ports=80');
  assert.ok(!(missing instanceof WebSocket));
  assert.equal(missing.status, 404);
  const unscheduled = await raw('/api/v1/namespaces/default/pods/unscheduled/portforward?ports=80');
  assert.ok(!(unscheduled instanceof WebSocket));
  assert.equal(unscheduled.status, 400);
  assert.match(unscheduled.body, /pod unscheduled does not have a host assigned/);
});

test('parseResp keeps an incomplete command for the next chunk; flavours by image and port', () => {
  const a = parseResp('*2\r\n$3\r\nGET\r\n$1\r');
  assert.deepEqual(a, { cmds: [], rest: '*2\r\n$3\r\nGET\r\n$1\r' });
  assert.deepEqual(parseResp(`${a.rest}\nk\r\nPING\r\nPIN`), { cmds: [['GET', 'k'], ['PING']], rest: 'PIN' });
  assert.equal(flavourOf('redis:7.4', 6379), 'redis');
  assert.equal(flavourOf('postgres:16.4', 5432), 'silent');
  assert.equal(flavourOf('ghcr.io/kubedeck/cart:1.4.2', 8080), 'http');
});
