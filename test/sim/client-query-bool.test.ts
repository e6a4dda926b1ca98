// Boolean query parameters as every client may spell them: the API server converts them with
// apimachinery's Convert_Slice_string_To_bool (absent, `0` or `false` in any case is false; anything
// else, even empty, is true). Python's client sends `True`, some tools send a bare `?watch`.
import { waitFor } from '../helpers/wait.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startSim, PODS } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import type { Pod } from '../../src/util/k8s.js';
import { boolParam } from '../../src/sim/server/query.js';
import { api, watch } from './helpers.js';

let sim: SimHandle;
before(async () => {
  sim = await startSim({ scenario: 'empty' });
  sim.storage.create(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'echo', namespace: 'default' },
    spec: {
      containers: [
        { name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo one; sleep 1; echo two; exit 1'] },
      ],
    },
  } as never);
  sim.storage.create(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
  } as never);
  await waitFor(() =>
      (sim.storage.get(PODS, 'default', 'web') as Pod | undefined)?.status?.containerStatuses?.[0]?.state
        ?.running, { what: 'the web pod to run', timeoutMs: 30000 });
  await waitFor(() =>
      ((sim.storage.get(PODS, 'default', 'echo') as Pod | undefined)?.status?.containerStatuses?.[0]
        ?.restartCount ?? 0) >= 1, { what: 'the pod to have restarted', timeoutMs: 30000 });
});
after(() => sim.close());

test('boolParam: only absent, 0 and false (any case) are false', () => {
  const b = (q: string): boolean => boolParam(new URLSearchParams(q), 'watch');
  for (const q of ['', 'watch=0', 'watch=false', 'watch=False', 'watch=FALSE', 'other=1', 'watch=0&watch=1'])
    assert.equal(b(q), false, q);
  for (const q of [
    'watch',
    'watch=',
    'watch=1',
    'watch=true',
    'watch=True',
    'watch=yes',
    'watch=no',
    'watch=2',
    'watch=1&watch=0',
  ])
    assert.equal(b(q), true, q);
});

test('watch: a bare ?watch and watch=True stream events; watch=False and watch=0 list', async () => {
  for (const q of ['watch', 'watch=True', 'watch=yes']) {
    const w = await watch(sim, `/api/v1/namespaces?${q}`);
    assert.equal(w.status, 200, q);
    const e = await w.next();
    assert.equal(e?.type, 'ADDED', q);
    w.close();
  }
  for (const q of ['watch=False', 'watch=0']) {
    const r = await api(sim, `/api/v1/namespaces?${q}`);
    assert.equal(r.json()['kind'], 'NamespaceList', q);
  }
});

test('logs: previous=True and timestamps=True are honoured', async () => {
  const prev = await api(sim, '/api/v1/namespaces/default/pods/echo/log?previous=True&timestamps=True');
  assert.equal(prev.status, 200, prev.body);
  assert.match(prev.body, /^\d{4}-\d\d-\d\dT[\d:.]+Z one\n\S+ two\n$/);
  const off = await api(sim, '/api/v1/namespaces/default/pods/echo/log?previous=false&timestamps=0');
  assert.doesNotMatch(off.body, /^\d{4}-/);
});

/** Open an exec WebSocket; resolves the HTTP status of a refusal, or what the session wrote. */
function execWs(query: string): Promise<{ status: number; body: string }> {
  const u = new URL(`/api/v1/namespaces/default/pods/web/exec?${query}`, sim.url.replace(/^https/, 'wss'));
  return new Promise((resolve) => {
    const ws = new WebSocket(u, ['v4.channel.k8s.io'], {
      rejectUnauthorized: false,
      headers: { Authorization: `Bearer ${sim.token}` },
    });
    let body = '';
    ws.on('unexpected-response', (_req, res) => {
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('message', (d: Buffer) => (body += d.subarray(1).toString()));
    ws.on('close', () => resolve({ status: 101, body }));
    ws.on('error', () => undefined);
  });
}

test('exec: stdout=True counts as asking for stdout (no "at least 1 of stdin, stdout, stderr")', async () => {
  const none = await execWs('command=echo&command=hi&stdout=False&stderr=0');
  assert.equal(none.status, 400);
  assert.match(none.body, /you must specify at least 1 of stdin, stdout, stderr/);
  const yes = await execWs('command=echo&command=hi&stdout=True&stderr=True');
  assert.equal(yes.status, 101);
  assert.match(yes.body, /^hi\n/);
});
