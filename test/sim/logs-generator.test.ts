// The log generator: pure and deterministic per (container, instance, seed, index); JSON lines parse;
// a crashed instance ends with a stack trace; echo scripts print their output; rates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  firstLineAtOrAfter,
  lineAt,
  lineCount,
  openInstance,
  styleOf,
} from '../../src/sim/logs/generator.js';
import type { LogInstance } from '../../src/sim/logs/generator.js';
import type { Container, ContainerStateRunning, ContainerStateTerminated, Pod } from '../../src/util/k8s.js';

const T0 = Date.UTC(2026, 10, 22, 12, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

function pod(c: Partial<Container> & { image: string }, annotations: Record<string, string> = {}): Pod {
  return {
    metadata: { name: 'shop-7d9f-abcde', namespace: 'shop', uid: 'uid-1', annotations },
    spec: { nodeName: 'node-a', containers: [{ name: 'main', ...c }] },
    status: { podIP: '10.244.1.7' },
  };
}
const running: ContainerStateRunning = { startedAt: iso(T0) };
const crashed = (secs: number): ContainerStateTerminated => ({
  exitCode: 1,
  reason: 'Error',
  startedAt: iso(T0),
  finishedAt: iso(T0 + secs * 1000),
});

function open(
  p: Pod,
  state: ContainerStateRunning | ContainerStateTerminated = running,
  instance = 0,
  seed = 7,
): LogInstance {
  const c = p.spec?.containers[0];
  assert.ok(c);
  return openInstance({ pod: p, container: c, state, instance, seed });
}
const texts = (inst: LogInstance, atMs: number): string[] =>
  Array.from({ length: lineCount(inst, atMs) }, (_, i) => lineAt(inst, i).text);

test('the same inputs give the same lines; seed and instance change them', () => {
  const p = pod({ image: 'nginx:1.27', ports: [{ containerPort: 80 }] });
  const a = texts(open(p), T0 + 60_000);
  assert.deepEqual(texts(open(structuredClone(p)), T0 + 60_000), a);
  assert.ok(a.length > 60 && a.length < 90, `about 1 line/s plus the banner, got ${a.length}`);
  assert.notDeepEqual(texts(open(p, running, 0, 8), T0 + 60_000).slice(20), a.slice(20));
  assert.notDeepEqual(texts(open(p, running, 1), T0 + 60_000).slice(20), a.slice(20));
  // any line alone equals the same line produced in sequence
  const inst = open(p);
  assert.equal(lineAt(inst, 40).text, a[40]);
});

test('nginx writes its start-up banner then combined access-log lines', () => {
  const lines = texts(open(pod({ image: 'nginx:1.27', ports: [{ containerPort: 80 }] })), T0 + 30_000);
  assert.match(lines[0] ?? '', /^\/docker-entrypoint\.sh: /);
  assert.ok(lines.some((l) => /\[notice\] 1#1: start worker processes$/.test(l)));
  const access = lines.filter((l) => /^10\.244\.\d+\.\d+ - - \[/.test(l));
  assert.ok(access.length >= 25);
  for (const l of access)
    assert.match(
      l,
      /^10\.244\.\d+\.\d+ - - \[22\/Nov\/2026:12:00:\d\d \+0000\] "(GET|POST|DELETE) \/\S* HTTP\/1\.1" \d{3} \d+ "[^"]*" "[^"]+"$/,
    );
  assert.ok(new Set(access.map((l) => / (\d{3}) /.exec(l)?.[1])).size > 1, 'varied status codes');
});

test('probe requests come from the node with kube-probe as user agent', () => {
  const c = {
    image: 'ghcr.io/acme/frontend:2.1',
    ports: [{ containerPort: 8080 }],
    readinessProbe: { httpGet: { path: '/healthz', port: 8080 } },
  };
  const lines = texts(open(pod(c)), T0 + 120_000);
  assert.ok(lines.some((l) => l.includes('"GET /healthz HTTP/1.1" 200') && l.includes('"kube-probe/1.32"')));
  // other web apps add the request time and a request id
  assert.ok(lines.some((l) => /" \d+\.\d{3} [0-9a-f]{16}$/.test(l)));
});

test('LOG_FORMAT=json gives JSON lines with ts, level, msg and request_id', () => {
  const p = pod({ image: 'ghcr.io/acme/payments:3.1.0', env: [{ name: 'LOG_FORMAT', value: 'json' }] });
  const inst = open(p);
  assert.equal(inst.style, 'json');
  const lines = texts(inst, T0 + 600_000);
  assert.ok(lines.length > 200);
  const levels = new Set<string>();
  for (const l of lines) {
    const o = JSON.parse(l) as { ts: string; level: string; msg: string; request_id?: string };
    assert.match(o.ts, /^2026-11-22T12:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(typeof o.msg, 'string');
    levels.add(o.level);
  }
  assert.deepEqual([...levels].sort(), ['debug', 'error', 'info', 'warn']);
  assert.ok(lines.slice(10).every((l) => /"request_id":"[0-9a-f]{16}"/.test(l)));
});

test('other apps write plain timestamped lines at a lower rate', () => {
  const inst = open(pod({ image: 'ghcr.io/acme/worker:1.0' }));
  assert.equal(inst.style, 'plain');
  const lines = texts(inst, T0 + 100_000);
  assert.ok(lines.length > 15 && lines.length < 35, `~0.2 lines/s, got ${lines.length}`);
  for (const l of lines)
    assert.match(l, /^2026-11-22T12:\d\d:\d\d\.\d{3}Z (DEBUG|INFO |WARN |ERROR) \[[\w-]+\] \S/);
});

test('a crashed instance ends with a stack trace at its finish time; a running one does not', () => {
  const p = pod({ image: 'ghcr.io/acme/fraud-detector:0.9.0' }, { 'sim.kubedeck.dev/behavior': 'crashloop' });
  const inst = open(p, crashed(3), 2);
  const n = lineCount(inst, T0 + 3000);
  assert.equal(lineCount(inst, T0 + 999_999), n, 'nothing after the end');
  const all = texts(inst, T0 + 3000);
  const err = all.findIndex((l) => l.includes('ERROR [main] Application run failed'));
  assert.ok(err > 0);
  const trace = all.slice(err + 1);
  assert.ok(trace.length >= 5, 'several lines');
  assert.ok(
    trace.some((l) => /^\tat |^goroutine 1 \[running\]:$/.test(l)),
    trace.join('\n'),
  );
  assert.equal(lineAt(inst, n - 1).ms, T0 + 3000);
  // the same instance while it was running: the same lines before the crash, no trace
  const live = open(p, running, 2);
  assert.deepEqual(texts(live, T0 + 2999), all.slice(0, lineCount(live, T0 + 2999)));
  assert.ok(!texts(live, T0 + 2999).some((l) => l.includes('Application run failed')));
});

test('python images crash with a Python traceback; a graceful exit says goodbye', () => {
  const py = texts(
    open(
      pod({
        image: 'ghcr.io/acme/python-api:1',
        command: ['python', 'app.py'],
        env: [{ name: 'X', value: '1' }],
      }),
      crashed(5),
    ),
    T0 + 9000,
  );
  assert.ok(py.includes('Traceback (most recent call last):'), py.join('\n'));
  assert.match(py.at(-1) ?? '', /^ConnectionError: /);
  const plain = open(pod({ image: 'ghcr.io/acme/etl:1' }), { ...crashed(5), exitCode: 143 });
  assert.match(texts(plain, T0 + 9000).at(-1) ?? '', /shutdown complete$/);
});

test('echo commands print their output; loops repeat on their sleep', () => {
  const job = pod({
    image: 'busybox:1.36',
    command: [
      'sh',
      '-c',
      'echo "processing $HOSTNAME"; for i in 1 2 3; do echo item $i; sleep 1; done; echo done',
    ],
  });
  const inst = open(job, {
    exitCode: 0,
    reason: 'Completed',
    startedAt: iso(T0),
    finishedAt: iso(T0 + 4000),
  });
  assert.equal(inst.style, 'script');
  assert.deepEqual(texts(inst, T0 + 10_000), [
    'processing shop-7d9f-abcde',
    'item 1',
    'item 2',
    'item 3',
    'done',
  ]);
  const echo = open(pod({ image: 'busybox', command: ['echo', 'hello', 'world'] }));
  assert.deepEqual(texts(echo, T0 + 5000), ['hello world']);
  const args = open(
    pod({ image: 'alpine:3.20', command: ['/bin/sh'], args: ['-c', "echo 'it''s'; printf '%s=%d\\n' a 1"] }),
  );
  assert.deepEqual(texts(args, T0 + 5000), ['its', 'a=1']);
  const loop = open(
    pod({ image: 'busybox', command: ['sh', '-c', 'while true; do echo tick; sleep 5; done'] }),
  );
  assert.deepEqual(texts(loop, T0 + 21_000), ['tick', 'tick', 'tick', 'tick', 'tick']);
  assert.equal(styleOf({ name: 'x', image: 'busybox' }).style, 'script');
  assert.deepEqual(texts(open(pod({ image: 'busybox', command: ['sleep', '3600'] })), T0 + 60_000), []);
});

test('the log-rate annotation gives a high-rate logger with increasing timestamps', () => {
  const inst = open(pod({ image: 'ghcr.io/acme/worker:1.0' }, { 'sim.kubedeck.dev/log-rate': '10000' }));
  const n = lineCount(inst, T0 + 1000);
  assert.ok(n > 9800 && n < 10100, `${n}`);
  let prev = -1;
  for (let i = 0; i < n; i += 7) {
    const l = lineAt(inst, i);
    const t = (l.ms - T0) * 1e6 + l.ns;
    assert.ok(t > prev);
    prev = t;
  }
  // since: the first line at or after a time
  const k = firstLineAtOrAfter(inst, T0 + 500);
  assert.ok(lineAt(inst, k).ms >= T0 + 500 && lineAt(inst, k - 1).ms < T0 + 500);
});
