// The worker-thread entry: ready/error messages, and a clean exit on {type:'close'}.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { request } from 'node:https';

const entry = new URL('../../src/sim/worker.ts', import.meta.url);

type Msg = {
  type: string;
  url?: string;
  token?: string;
  viewerToken?: string;
  kubeconfig?: string;
  message?: string;
};

function start(workerData: unknown): {
  worker: Worker;
  messages: Msg[];
  next: () => Promise<Msg>;
  exit: Promise<number>;
  stderr: () => string;
} {
  const worker = new Worker(entry, { workerData, stderr: true, stdout: true });
  const messages: Msg[] = [];
  const waiting: ((m: Msg) => void)[] = [];
  let err = '';
  worker.stderr.on('data', (d: Buffer) => (err += d.toString()));
  worker.stdout.on('data', (d: Buffer) => (err += d.toString()));
  worker.on('message', (m: Msg) => {
    const w = waiting.shift();
    if (w) w(m);
    else messages.push(m);
  });
  const exit = new Promise<number>((resolve) => worker.once('exit', resolve));
  const next = (): Promise<Msg> => {
    const m = messages.shift();
    if (m) return Promise.resolve(m);
    return new Promise((resolve, reject) => {
      const t = setTimeout(
        () => reject(new Error(`no message from the worker in 20 s; output: ${err}`)),
        20000,
      );
      waiting.push((x) => {
        clearTimeout(t);
        resolve(x);
      });
    });
  };
  return { worker, messages, next, exit, stderr: () => err };
}

function get(url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: { Authorization: `Bearer ${token}` }, rejectUnauthorized: false, agent: false },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test('worker: posts ready with url, tokens and kubeconfig; serves; exits cleanly on close', async () => {
  const w = start({ port: 0, address: '127.0.0.1', scenario: 'empty', seed: 3 });
  const ready = await w.next();
  assert.equal(ready.type, 'ready', JSON.stringify(ready));
  assert.match(ready.url ?? '', /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(ready.token && ready.viewerToken && ready.token !== ready.viewerToken);
  assert.match(ready.kubeconfig ?? '', /current-context: kubedeck-sim\n/);
  assert.ok(ready.kubeconfig?.includes(ready.url ?? '?'));
  const ns = await get(`${ready.url}/api/v1/namespaces`, ready.token ?? '');
  assert.equal(ns.status, 200);
  assert.equal((JSON.parse(ns.body) as { items: unknown[] }).items.length, 4);
  w.worker.postMessage({ type: 'close' });
  assert.equal((await w.next()).type, 'closed');
  assert.equal(await w.exit, 0, 'the thread ends by itself: no timers or sockets left');
  assert.equal(w.stderr(), '');
});

test('worker: a bad scenario is one error message, no stack trace', async () => {
  const w = start({ scenario: 'nope' });
  const m = await w.next();
  assert.deepEqual(m, { type: 'error', message: 'unknown scenario "nope" (known: demo, empty, large)' });
  assert.equal(await w.exit, 0);
  assert.equal(w.stderr(), '');
});

test('worker: faults and the large scenario size come through workerData; a bad fault spec is one error', async () => {
  const bad = start({ scenario: 'empty', faults: 'explode=1' });
  const m = await bad.next();
  assert.equal(m.type, 'error');
  assert.match(m.message ?? '', /^faults: unknown fault "explode"/);
  assert.equal(await bad.exit, 0);
  const w = start({ scenario: 'large', pods: 30, nodes: 3, faults: 'latency=1ms' });
  const ready = await w.next();
  assert.equal(ready.type, 'ready', JSON.stringify(ready));
  const nodes = await get(`${ready.url}/api/v1/nodes`, ready.token ?? '');
  assert.equal((JSON.parse(nodes.body) as { items: unknown[] }).items.length, 3);
  const faults = await get(`${ready.url}/kubedeck-sim/faults`, ready.token ?? '');
  assert.equal((JSON.parse(faults.body) as { settings: { latencyMs: number } }).settings.latencyMs, 1);
  w.worker.postMessage({ type: 'close' });
  assert.equal((await w.next()).type, 'closed');
  assert.equal(await w.exit, 0);
});
