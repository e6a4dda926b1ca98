// The pods/log handler on a plain node:http server with a fake LogContext and a manual clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, get } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveLogs } from '../../src/sim/logs/handler.js';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import type { Container, ContainerStatus, Pod } from '../../src/util/k8s.js';

const T0 = Date.UTC(2026, 10, 22, 12, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

interface Harness {
  url: string;
  clock: ManualScheduler;
  setPod(p: Pod | undefined): void;
  listeners: Set<(p: Pod | undefined) => void>;
  /** Resolves when the server side of the latest response has closed. */
  closed(): Promise<void>;
  server: Server;
}

async function harness(initial: Pod): Promise<Harness> {
  const clock = new ManualScheduler(T0);
  let pod = initial;
  const listeners = new Set<(p: Pod | undefined) => void>();
  let closedP: Promise<void> = Promise.resolve();
  const server = createServer((req, res) => {
    closedP = new Promise((r) => res.on('close', () => r()));
    serveLogs(req, res, {
      pod,
      seed: 3,
      clock,
      subscribe: (fn) => {
        listeners.add(fn);
        return () => listeners.delete(fn);
      },
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    clock,
    listeners,
    server,
    closed: () => closedP,
    setPod(p) {
      if (p) pod = p;
      for (const l of [...listeners]) l(p);
    },
  };
}

function pod(
  containers: Container[],
  statuses: ContainerStatus[],
  annotations: Record<string, string> = {},
): Pod {
  return {
    metadata: { name: 'web-1', namespace: 'default', uid: 'u-1', annotations },
    spec: { nodeName: 'node-a', containers },
    status: { phase: 'Running', podIP: '10.244.1.7', containerStatuses: statuses },
  };
}
const runningStatus = (
  name: string,
  restartCount = 0,
  extra: Partial<ContainerStatus> = {},
): ContainerStatus => ({
  name,
  ready: true,
  restartCount,
  state: { running: { startedAt: iso(T0) } },
  ...extra,
});
const sh = (name: string, script: string): Container => ({
  name,
  image: 'busybox:1.36',
  command: ['sh', '-c', script],
});

interface Resp {
  status: number;
  type: string;
  body: string;
}
function fetchText(url: string): Promise<Resp> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
      );
    }).on('error', reject);
  });
}

/** A follow stream: the text so far, waiting for a condition on it, and its end. */
function stream(
  url: string,
): Promise<{
  res: IncomingMessage;
  text: () => string;
  until: (p: (s: string) => boolean) => Promise<void>;
  ended: Promise<void>;
}> {
  return new Promise((resolve, reject) => {
    const req = get(url, (res) => {
      let body = '';
      const waiters: { p: (s: string) => boolean; r: () => void }[] = [];
      res.setEncoding('utf8');
      const ended = new Promise<void>((r) => res.on('end', r));
      res.on('data', (d: string) => {
        body += d;
        for (const w of [...waiters])
          if (w.p(body)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.r();
          }
      });
      resolve({
        res,
        text: () => body,
        until: (p) => (p(body) ? Promise.resolve() : new Promise((r) => waiters.push({ p, r }))),
        ended,
      });
    });
    req.on('error', reject);
  });
}

const lines = (s: string): string[] => s.split('\n').filter((l) => l !== '');

test(
  'default container: the annotation, else the first; an unknown one is a 400 Status',
  { timeout: 10_000 },
  async (t) => {
    const cs = [sh('a', 'echo from-a; sleep 3600'), sh('b', 'echo from-b; sleep 3600')];
    const h = await harness(pod(cs, [runningStatus('a'), runningStatus('b')]));
    t.after(() => h.server.close());
    h.clock.advance(1000);
    assert.deepEqual(await fetchText(`${h.url}/log`), { status: 200, type: 'text/plain', body: 'from-a\n' });
    assert.equal((await fetchText(`${h.url}/log?container=b`)).body, 'from-b\n');
    const bad = await fetchText(`${h.url}/log?container=zz`);
    assert.equal(bad.status, 400);
    assert.deepEqual(JSON.parse(bad.body), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'container zz is not valid for pod web-1',
      reason: 'BadRequest',
      code: 400,
    });
    const h2 = await harness(
      pod(cs, [runningStatus('a'), runningStatus('b')], { 'kubectl.kubernetes.io/default-container': 'b' }),
    );
    t.after(() => h2.server.close());
    h2.clock.advance(1000);
    assert.equal((await fetchText(`${h2.url}/log`)).body, 'from-b\n');
  },
);

test('tailLines, sinceSeconds, sinceTime, timestamps and limitBytes', { timeout: 10_000 }, async (t) => {
  const c = sh('main', 'echo a; sleep 10; echo b; sleep 10; echo c; sleep 10; echo d; sleep 3600');
  const h = await harness(pod([c], [runningStatus('main')]));
  t.after(() => h.server.close());
  h.clock.advance(35_000);
  assert.equal((await fetchText(`${h.url}/log`)).body, 'a\nb\nc\nd\n');
  assert.equal((await fetchText(`${h.url}/log?tailLines=2`)).body, 'c\nd\n');
  assert.equal((await fetchText(`${h.url}/log?tailLines=0`)).body, '');
  assert.equal((await fetchText(`${h.url}/log?sinceSeconds=20`)).body, 'c\nd\n');
  assert.equal((await fetchText(`${h.url}/log?sinceTime=${iso(T0 + 5000)}`)).body, 'b\nc\nd\n');
  assert.equal((await fetchText(`${h.url}/log?sinceTime=${iso(T0 + 5000)}&tailLines=1`)).body, 'd\n');
  const ts = lines((await fetchText(`${h.url}/log?timestamps=true`)).body);
  assert.equal(ts[0], '2026-11-22T12:00:00.002000000Z a');
  for (const l of ts) assert.match(l, /^2026-11-22T12:00:\d\d\.\d{9}Z [a-d]$/);
  assert.equal((await fetchText(`${h.url}/log?limitBytes=3`)).body, 'a\nb');
  const bad = await fetchText(`${h.url}/log?tailLines=-1`);
  assert.equal(bad.status, 422);
  assert.match(bad.body, /PodLogOptions \\"web-1\\" is invalid: tailLines: Invalid value: -1/);
});

test(
  'previous: the last terminated instance, or a 400 when there is none; waiting containers',
  { timeout: 10_000 },
  async (t) => {
    const c: Container = { name: 'app', image: 'ghcr.io/acme/fraud-detector:0.9.0' };
    const crashed = {
      exitCode: 1,
      reason: 'Error',
      startedAt: iso(T0 - 60_000),
      finishedAt: iso(T0 - 30_000),
    };
    const h = await harness(pod([c], [runningStatus('app', 1, { lastState: { terminated: crashed } })]));
    t.after(() => h.server.close());
    const prev = await fetchText(`${h.url}/log?previous=true`);
    assert.equal(prev.status, 200);
    assert.match(prev.body, /ERROR \[main\] Application run failed\n/);
    assert.deepEqual(await fetchText(`${h.url}/log?previous=true`), prev, 'reproducible');
    assert.ok(!(await fetchText(`${h.url}/log`)).body.includes('Application run failed'));

    const none = await harness(pod([c], [runningStatus('app')]));
    t.after(() => none.server.close());
    const r = await fetchText(`${none.url}/log?previous=true`);
    assert.equal(r.status, 400);
    assert.equal(
      (JSON.parse(r.body) as { message: string }).message,
      'previous terminated container "app" in pod "web-1" not found',
    );

    const waiting = await harness(
      pod(
        [c],
        [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }],
      ),
    );
    t.after(() => waiting.server.close());
    const w = await fetchText(`${waiting.url}/log`);
    assert.equal(w.status, 400);
    assert.equal(
      (JSON.parse(w.body) as { message: string }).message,
      'container "app" in pod "web-1" is waiting to start: ContainerCreating',
    );

    // in CrashLoopBackOff the current log is the instance that just crashed
    const backoff = await harness(
      pod(
        [c],
        [
          {
            name: 'app',
            ready: false,
            restartCount: 1,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: crashed },
          },
        ],
      ),
    );
    t.after(() => backoff.server.close());
    assert.match((await fetchText(`${backoff.url}/log`)).body, /Application run failed/);
  },
);

test(
  'follow streams new lines as the clock advances and ends with the instance',
  { timeout: 10_000 },
  async (t) => {
    const c: Container = { name: 'app', image: 'ghcr.io/acme/worker:1.0' };
    const h = await harness(pod([c], [runningStatus('app')]));
    t.after(() => h.server.close());
    h.clock.advance(1000);
    const s = await stream(`${h.url}/log?follow=true`);
    await s.until((b) => lines(b).length === 5); // the start-up banner
    h.clock.advance(60_000);
    await s.until((b) => lines(b).length >= 12);
    assert.equal(h.listeners.size, 1);
    // the container crashes at T0 + 61 s: its last words, then the stream ends
    const end = { exitCode: 1, reason: 'Error', startedAt: iso(T0), finishedAt: iso(T0 + 61_000) };
    h.setPod(pod([c], [{ name: 'app', ready: false, restartCount: 0, state: { terminated: end } }]));
    await s.ended;
    assert.match(s.text(), /ERROR \[main\] Application run failed\n/);
    assert.equal(h.listeners.size, 0);
    assert.equal(h.clock.pendingCount(), 0);
    // the same text as a plain read of the ended instance
    assert.equal((await fetchText(`${h.url}/log`)).body, s.text());
  },
);

test('follow ends when the pod is deleted', { timeout: 10_000 }, async (t) => {
  const h = await harness(
    pod([sh('main', 'while true; do echo tick; sleep 5; done')], [runningStatus('main')]),
  );
  t.after(() => h.server.close());
  const s = await stream(`${h.url}/log?follow=true&timestamps=true`);
  h.clock.advance(11_000);
  await s.until((b) => lines(b).length === 3);
  h.setPod(undefined);
  await s.ended;
  assert.equal(lines(s.text()).length, 3);
  assert.equal(h.clock.pendingCount(), 0);
});

test('a client that goes away leaves no timer or listener behind', { timeout: 10_000 }, async (t) => {
  const h = await harness(
    pod([{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }], [runningStatus('web')]),
  );
  t.after(() => h.server.close());
  h.clock.advance(1000);
  const s = await stream(`${h.url}/log?follow=true&tailLines=1`);
  await s.until((b) => lines(b).length === 1);
  h.clock.advance(5000);
  await s.until((b) => lines(b).length >= 5);
  assert.equal(h.listeners.size, 1);
  assert.ok(h.clock.pendingCount() > 0);
  const closed = h.closed();
  s.res.destroy();
  await closed;
  assert.equal(h.listeners.size, 0);
  assert.equal(h.clock.pendingCount(), 0);
});

test('limitBytes ends a follow stream', { timeout: 10_000 }, async (t) => {
  const h = await harness(
    pod([sh('main', 'while true; do echo tick; sleep 1; done')], [runningStatus('main')]),
  );
  t.after(() => h.server.close());
  const s = await stream(`${h.url}/log?follow=true&limitBytes=12`);
  h.clock.advance(10_000);
  await s.ended;
  assert.equal(s.text(), 'tick\ntick\nti');
  assert.equal(h.listeners.size, 0);
  assert.equal(h.clock.pendingCount(), 0);
});
