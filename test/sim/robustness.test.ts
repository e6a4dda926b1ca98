// The server must never crash: garbage below HTTP, broken HTTP, clients that vanish mid-stream, close()
// with connections in every state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { startSim, ManualScheduler, NAMESPACES, PODS } from '../../src/sim/index.js';
import { api, watch } from './helpers.js';
import { waitFor } from '../helpers/wait.js';

function raw(port: number, bytes: Buffer | string): Promise<string> {
  return new Promise((resolve) => {
    const s = tcpConnect(port, '127.0.0.1', () => s.end(bytes));
    let out = '';
    s.setTimeout(15000, () => s.destroy());
    s.on('data', (d) => (out += d.toString('latin1')));
    s.on('close', () => resolve(out));
    s.on('error', () => resolve(out));
  });
}

function overTls(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const s = tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false }, () => s.end(text));
    let out = '';
    s.setTimeout(15000, () => s.destroy()); // generous: CI machines are loaded
    s.on('data', (d) => (out += d.toString('utf8')));
    s.on('close', () => resolve(out));
    s.on('error', () => resolve(out));
  });
}

test('garbage and broken HTTP never take the server down', async () => {
  const sim = await startSim({ scenario: 'empty', scheduler: new ManualScheduler() });
  const port = Number(new URL(sim.url).port);
  try {
    await raw(port, 'GET / HTTP/1.1\r\n\r\n'); // plain HTTP on the TLS port
    await raw(port, Buffer.from([0x16, 0x03, 0x01, 0xff, 0xff, 1, 2, 3])); // broken ClientHello
    await raw(port, Buffer.alloc(70000, 0x41));
    const bad = await overTls(port, 'NOT HTTP AT ALL\r\n\r\n');
    assert.match(bad, /^HTTP\/1\.1 400/);
    const hugeHeader = await overTls(
      port,
      `GET /version HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`,
    );
    assert.match(hugeHeader, /^HTTP\/1\.1 431/);
    const http10 = await overTls(port, 'GET /version HTTP/1.0\r\n\r\n');
    assert.match(http10, /"gitVersion":"v1\.32\.0\+kubedeck-sim"/);
    const weirdAuth = await api(sim, '/api/v1/pods', { headers: { Authorization: 'Bearer' }, token: null });
    assert.equal(weirdAuth.status, 401);
    // a client that vanishes in the middle of a big initial list
    for (let i = 0; i < 300; i++) sim.storage.create(NAMESPACES, { metadata: { name: `ns-${i}` } });
    const base = sim.storage.listenerCount(NAMESPACES); // controllers' own subscriptions
    const w = await watch(sim, '/api/v1/namespaces?watch=true');
    w.close();
    await waitFor(() => sim.storage.listenerCount(NAMESPACES) === base, { what: 'vanished watcher cleaned up' });
    assert.equal((await api(sim, '/version')).status, 200);
  } finally {
    await sim.close();
  }
});

test('close() ends idle keep-alive connections, open watches and half-sent requests', async () => {
  const sim = await startSim({ scenario: 'demo' });
  const port = Number(new URL(sim.url).port);
  const w1 = await watch(sim, '/api/v1/pods?watch=true');
  const w2 = await watch(sim, '/apis/apps/v1/deployments?watch=true&allowWatchBookmarks=true');
  // an idle TLS connection and one stuck mid-request
  const idle = tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false });
  const stuck = tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false }, () =>
    stuck.write('GET /api/v1/pods HTTP/1.1\r\nHost: x\r\n'),
  );
  const closed = (s: typeof idle): Promise<void> =>
    new Promise((r) => (s.destroyed ? r() : s.on('close', () => r())));
  idle.on('error', () => undefined);
  stuck.on('error', () => undefined);
  await new Promise((r) => stuck.once('secureConnect', r));
  const t0 = Date.now();
  await sim.close();
  await Promise.all([w1.ended, w2.ended, closed(idle), closed(stuck)]);
  assert.ok(Date.now() - t0 < 2000, 'close is quick');
  assert.equal(sim.storage.listenerCount(PODS), 0, 'controllers and watches unsubscribed');
  await sim.close(); // idempotent
});

test('startSim reports a busy port clearly', async () => {
  const a = await startSim({ scenario: 'empty', scheduler: new ManualScheduler() });
  try {
    const port = Number(new URL(a.url).port);
    await assert.rejects(startSim({ scenario: 'empty', port }), {
      message: `port ${port} on 127.0.0.1 is already in use`,
    });
  } finally {
    await a.close();
  }
});
