// streamJoined (src/sim/server/http-util.ts): a list made and written a slice at a time. The bytes are the
// whole list's JSON, the server's event loop gets turns in between (the simulator's watches go on while
// 100,000 pods' metrics are written), a full socket is waited for, and a client that goes away stops it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createServer, request } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { streamJoined } from '../../src/sim/server/http-util.js';

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

const get = (url: string): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> =>
  new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });

const item = (i: number): { kind: string; metadata: { name: string }; usage: { cpu: string } } => ({
  kind: 'PodMetrics',
  metadata: { name: `pod-${i}-ü` },
  usage: { cpu: `${i}m` },
});

test('the bytes are the whole list as JSON, left-out items and all, made over many turns of the event loop', async () => {
  const n = 5000;
  const turnOf: number[] = [];
  let turn = 0;
  const ticker = setInterval(() => turn++, 0);
  const { server, url } = await serve((_req, res) =>
    streamJoined(res, 'application/json', '{"kind":"PodMetricsList","items":[', n, (i) => {
      turnOf[i] = turn;
      return i % 7 === 3 ? undefined : JSON.stringify(item(i));
    }, ']}', 0),
  );
  try {
    const r = await get(url);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/json');
    const items = Array.from({ length: n }, (_, i) => i).filter((i) => i % 7 !== 3).map(item);
    assert.equal(r.body, JSON.stringify({ kind: 'PodMetricsList', items }));
    // one item per turn (no time for more): the first and the last were made at least a few timer turns apart
    assert.equal(turnOf.length, n);
    assert.ok((turnOf[n - 1] ?? 0) - (turnOf[0] ?? 0) >= 5, `turns: ${turnOf[0]} … ${turnOf[n - 1]}`);
  } finally {
    clearInterval(ticker);
    server.close();
  }
});

test('an empty list, and a list whose items are all left out, are `head + tail`', async () => {
  for (const [count, part] of [[0, () => 'x'], [250, () => undefined]] as const) {
    const { server, url } = await serve((_req, res) => streamJoined(res, 'application/json', '{"items":[', count, part, ']}', 0));
    try {
      assert.equal((await get(url)).body, '{"items":[]}');
    } finally {
      server.close();
    }
  }
});

test('a client that goes away stops the making of the list', async () => {
  const n = 200_000;
  let made = 0;
  let closed!: () => void;
  const serverSawClose = new Promise<void>((r) => (closed = r));
  const { server, url } = await serve((_req, res) => {
    res.on('close', () => closed());
    streamJoined(res, 'application/json', '[', n, (i) => {
      made++;
      return JSON.stringify(item(i));
    }, ']', 0);
  });
  const turns = async (k: number): Promise<void> => {
    for (let i = 0; i < k; i++) await new Promise((r) => setImmediate(r));
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const req = request(url, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? resolve() : reject(e)));
      req.end();
    });
    await serverSawClose;
    await turns(5);
    const at = made;
    await turns(50); // a running stream makes an item per turn here
    assert.equal(made, at, 'no item made after the client left');
    assert.ok(made < n, `${made} of ${n} made`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
