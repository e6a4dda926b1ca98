// The simulated shell as a pure module: parser, commands, quoting, exit codes, the tty line discipline
// and which programs an image has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../src/util/k8s.js';
import { buildWorld } from '../../src/sim/exec/world.js';
import type { Lookup } from '../../src/sim/exec/world.js';
import { parse } from '../../src/sim/exec/shell/parse.js';
import { newShell, runScript } from '../../src/sim/exec/shell/run.js';
import { plan, startProcess } from '../../src/sim/exec/shell/process.js';
import { traitsOf } from '../../src/sim/exec/image.js';
import type { ShellState } from '../../src/sim/exec/shell/types.js';

const NOW = Date.parse('2026-11-22T05:12:03Z');

const pod = (image: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-7d9c5-abcde', namespace: 'shop', uid: 'u1' },
  spec: {
    nodeName: 'node-1',
    containers: [
      {
        name: 'web',
        image,
        ports: [{ containerPort: 80 }],
        env: [
          { name: 'MODE', value: 'prod' },
          { name: 'URL', value: 'http://$(MODE).local' },
          { name: 'MY_POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'color' } } },
          { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'sec', key: 'password' } } },
        ],
        volumeMounts: [{ name: 'conf', mountPath: '/etc/app' }],
      },
    ],
    volumes: [{ name: 'conf', configMap: { name: 'cfg' } }],
  },
  status: { phase: 'Running', podIP: '10.244.1.7' },
});

const lookup: Lookup = {
  data: (kind, name): Record<string, string> | undefined =>
    kind === 'configmaps' && name === 'cfg'
      ? { color: 'blue', 'app.yaml': 'port: 80\n' }
      : kind === 'secrets' && name === 'sec'
        ? { password: 'hunter2' }
        : undefined,
  services: () => [{ name: 'redis', clusterIP: '10.96.4.4', ports: [{ name: 'tcp', port: 6379 }] }],
};

function shell(image = 'nginx:1.27', flavour: 'sh' | 'bash' = 'sh', tty = false): ShellState {
  return newShell(buildWorld(pod(image), pod(image).spec!.containers[0]!, lookup, tty), flavour, tty);
}

async function run(
  src: string,
  st = shell(),
): Promise<{ out: string; err: string; code: number; slept: number[] }> {
  let out = '';
  let err = '';
  const slept: number[] = [];
  const code = await runScript(src, st, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    now: () => NOW,
    sleep: (ms) => (slept.push(ms), Promise.resolve(true)),
  });
  return { out, err, code, slept };
}

test('parse: lists, pipelines, quotes, variables, redirections; incomplete input says so', () => {
  const p = parse(`echo 'a b' "c $X" d\\ e && false || echo $? ; ls | wc -l > /tmp/n 2>&1`);
  assert.ok(p.ok);
  assert.deepEqual(
    p.list.map((i) => [i.op, i.pipeline.length]),
    [
      [';', 1],
      ['&&', 1],
      ['||', 1],
      [';', 2],
    ],
  );
  assert.deepEqual(p.list[0]?.pipeline[0]?.words, [
    [{ lit: 'echo' }],
    [{ lit: 'a b' }],
    [{ lit: 'c ' }, { var: 'X' }],
    [{ lit: 'd e' }],
  ]);
  assert.equal(p.list[3]?.pipeline[1]?.redirs.length, 2);
  const open = parse(`echo 'oops`);
  assert.ok(!open.ok && open.incomplete);
  const dangling = parse('true &&');
  assert.ok(!dangling.ok && dangling.incomplete);
  const bad = parse('| ls');
  assert.ok(!bad.ok && !bad.incomplete);
});

test('echo, quoting, $VAR, ${VAR}, $?, && and ||', async () => {
  assert.deepEqual((await run(`echo hello   world`)).out, 'hello world\n');
  assert.equal((await run(`echo "a  b" 'c $MODE' "$MODE" \${MODE}x`)).out, 'a  b c $MODE prod prodx\n');
  assert.equal(
    (await run(`false; echo $?; true && echo yes || echo no; false && echo no || echo fallback`)).out,
    '1\nyes\nfallback\n',
  );
  assert.equal((await run(`echo -n a; echo -e 'b\\tc'`)).out, 'ab\tc\n');
  assert.equal((await run(`X=1; echo $X; Y=2 env | grep ^Y=; echo "[$Y]"`)).out, '1\nY=2\n[]\n');
  assert.equal((await run(`printf '%s-%d\\n' a 7`)).out, 'a-7\n');
});

test('exit codes: exit N stops the script, unknown command is 127, syntax error 2', async () => {
  const e = await run(`echo before; exit 3; echo after`);
  assert.deepEqual([e.out, e.code], ['before\n', 3]);
  const nf = await run(`nope arg`);
  assert.deepEqual([nf.err, nf.code], ['sh: nope: not found\n', 127]);
  const nfBash = await run(`nope`, shell('nginx:1.27', 'bash'));
  assert.equal(nfBash.err, 'bash: nope: command not found\n');
  assert.equal((await run(`exit 300`)).code, 44);
  assert.equal((await run(`echo 'unterminated`)).code, 2);
  assert.equal((await run(`sh -c 'exit 5'; echo $?`)).out, '5\n');
  assert.equal((await run(`bash -c 'echo in bash'`, shell('alpine:3.20'))).err, 'sh: bash: not found\n');
  const which = await run('which sh ls bash', shell('alpine:3.20'));
  assert.deepEqual([which.out, which.code], ['/bin/sh\n/bin/ls\n', 1]);
});

test('env is the container env: values, $(VAR) references, fieldRef, ConfigMap and Secret keys, service links', async () => {
  const { out } = await run('env');
  const env = Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  assert.equal(env['HOSTNAME'], 'web-7d9c5-abcde');
  assert.equal(env['MODE'], 'prod');
  assert.equal(env['URL'], 'http://prod.local');
  assert.equal(env['MY_POD'], 'web-7d9c5-abcde');
  assert.equal(env['COLOR'], 'blue');
  assert.equal(env['PASSWORD'], 'hunter2');
  assert.equal(env['KUBERNETES_SERVICE_HOST'], '10.96.0.1');
  assert.equal(env['REDIS_SERVICE_HOST'], '10.96.4.4');
  assert.equal(env['REDIS_PORT_6379_TCP_PORT'], '6379');
  assert.equal(env['HOME'], '/root');
});

test('files: ls, cat, cd, pwd, redirections, pipes; ConfigMap volume files', async () => {
  const st = shell();
  assert.match((await run('ls /', st)).out, /^bin\ndev\netc\nhome\nproc\nroot\nsys\ntmp\n/);
  assert.equal((await run('cat /etc/hostname', st)).out, 'web-7d9c5-abcde\n');
  assert.equal((await run('cat /etc/app/app.yaml; ls /etc/app', st)).out, 'port: 80\napp.yaml\ncolor\n');
  assert.match((await run('cat /etc/os-release', st)).out, /Debian/);
  const missing = await run('cat /nope; echo $?', st);
  assert.deepEqual([missing.out, missing.err], ['1\n', 'cat: /nope: No such file or directory\n']);
  assert.equal(
    (await run('cd /tmp && pwd && echo hi > f && echo more >> f && cat f | wc -l', st)).out,
    '/tmp\n2\n',
  );
  assert.equal(
    (await run('pwd; cat /nope 2>/dev/null || echo gone; ls /nope 2>&1 | head -1', st)).out,
    "/tmp\ngone\nls: cannot access '/nope': No such file or directory\n",
  );
  assert.equal((await run('cd /nope', st)).err, "sh: cd: can't cd to /nope: No such file or directory\n");
  assert.equal((await run('env | grep -c ^MODE=', st)).out, '1\n');
});

test('hostname, whoami, date (injected clock), sleep, ps, stty size', async () => {
  assert.equal((await run('hostname; whoami')).out, 'web-7d9c5-abcde\nroot\n');
  assert.equal((await run('date')).out, 'Sun Nov 22 05:12:03 UTC 2026\n');
  assert.deepEqual((await run('sleep 2; sleep 0.5')).slept, [2000, 500]);
  assert.match((await run('ps')).out, /PID\s+USER\s+TIME\s+COMMAND\n\s+1 root .*nginx: master process/);
  const noTty = await run('stty size');
  assert.deepEqual([noTty.code, noTty.err], [1, "stty: 'standard input': Inappropriate ioctl for device\n"]);
  const st = shell('nginx:1.27', 'sh', true);
  assert.equal((await run('stty size', st)).out, '24 80\n');
  st.size = { rows: 40, cols: 120 };
  assert.equal((await run('stty size', st)).out, '40 120\n');
});

test('images: which shells exist, and what exec of a missing program says', () => {
  assert.deepEqual([...traitsOf('busybox:1.36').shells].sort(), ['ash', 'sh']);
  assert.deepEqual([...traitsOf('nginx:1.27-alpine').shells].sort(), ['ash', 'sh']);
  assert.deepEqual([...traitsOf('nginxdemos/hello:0.4').shells].sort(), ['ash', 'sh']);
  assert.ok(traitsOf('python:3.12').shells.has('bash'));
  assert.equal(traitsOf('gcr.io/distroless/static:nonroot').shells.size, 0);
  assert.equal(traitsOf('registry.k8s.io/coredns/coredns:v1.11.3').shells.size, 0);
  assert.equal(traitsOf('registry.k8s.io/etcd:3.5.16-0').shells.size, 0);
  assert.ok(traitsOf('registry.k8s.io/kube-proxy:v1.32.0').shells.has('sh'));
  const world = (img: string) => buildWorld(pod(img), pod(img).spec!.containers[0]!, lookup, false);
  assert.deepEqual(plan(world('alpine:3.20'), ['bash']), {
    error:
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in $PATH: unknown',
  });
  assert.ok(!('error' in plan(world('alpine:3.20'), ['sh'])));
  assert.ok(!('error' in plan(world('debian:12'), ['/bin/bash', '-c', 'true'])));
  const err = (p: ReturnType<typeof plan>): string => ('error' in p ? p.error : '');
  assert.match(
    err(plan(world('gcr.io/distroless/base'), ['ls'])),
    /exec: "ls": executable file not found in \$PATH/,
  );
  assert.match(
    err(plan(world('alpine:3.20'), ['/bin/bash'])),
    /exec: "\/bin\/bash": stat \/bin\/bash: no such file or directory/,
  );
});

/** An interactive shell process with a tty, driven like a terminal. */
function terminal(image = 'alpine:3.20', argv = ['sh']) {
  let screen = '';
  let exit: number | undefined;
  const timers = new Map<number, () => void>();
  let id = 0;
  const p = startProcess(
    buildWorld(pod(image), pod(image).spec!.containers[0]!, lookup, true),
    argv,
    { tty: true },
    {
      write: (_ch, d) => (screen += d),
      exit: (c) => (exit = c),
      clock: {
        now: () => NOW,
        setTimer: (_ms, fn) => (timers.set(++id, fn), { id }),
        clearTimer: (t) => void (t && timers.delete(t.id)),
      },
    },
  );
  if ('error' in p) throw new Error(p.error);
  const settle = () => new Promise((r) => setImmediate(r));
  return { p, screen: () => screen, exit: () => exit, timers, settle };
}

test('tty: prompt, echo with CRLF, backspace, Ctrl-C interrupts sleep, resize, exit N', async () => {
  const t = terminal();
  assert.equal(t.screen(), '/ # ');
  t.p.stdin('echo hellp\x7fo\r');
  await t.settle();
  assert.equal(t.screen(), '/ # echo hellp\b \bo\r\nhello\r\n/ # ');
  t.p.stdin('sleep 100\r');
  await t.settle();
  assert.equal(t.timers.size, 1);
  t.p.stdin('\x03');
  await t.settle();
  assert.equal(t.timers.size, 0);
  assert.match(t.screen(), /sleep 100\r\n\^C\r\n\/ # $/);
  t.p.resize({ rows: 33, cols: 99 });
  t.p.stdin('echo $?; stty size; cd /tmp\r');
  await t.settle();
  assert.match(t.screen(), /130\r\n33 99\r\n\/tmp # $/);
  t.p.stdin('\x1b[Aexit 3\r');
  await t.settle();
  assert.equal(t.exit(), 3);
});

test('tty: Ctrl-D on an empty line ends the shell with the last status; bash prompt', async () => {
  const t = terminal('debian:12', ['bash']);
  assert.equal(t.screen(), 'root@web-7d9c5-abcde:/# ');
  t.p.stdin('false\r');
  await t.settle();
  t.p.stdin('ab\x04');
  await t.settle();
  assert.equal(t.exit(), undefined, 'Ctrl-D on a non-empty line is ignored');
  t.p.stdin('\x15\x04');
  await t.settle();
  assert.equal(t.exit(), 1);
  assert.match(t.screen(), /exit\r\n$/);
});

test('without a tty an interactive shell reads commands from stdin until EOF', async () => {
  let out = '';
  let code: number | undefined;
  const w = buildWorld(pod('alpine:3.20'), pod('alpine:3.20').spec!.containers[0]!, lookup, false);
  const p = startProcess(
    w,
    ['sh'],
    { tty: false },
    {
      write: (ch, d) => (out += `${ch}:${d}`),
      exit: (c) => (code = c),
      clock: { now: () => NOW, setTimer: () => ({ id: 1 }), clearTimer: () => undefined },
    },
  );
  if ('error' in p) throw new Error(p.error);
  p.stdin('echo one\nnope\necho tw');
  p.stdin('o');
  p.stdinEnd();
  await new Promise((r) => setImmediate(r));
  assert.equal(out, '1:one\n2:sh: nope: not found\n1:two\n');
  assert.equal(code, 0);
});

test('a script or command reads the process stdin to EOF (first reader); Ctrl-C on a tty ends it with 130', async () => {
  const w = () => buildWorld(pod('alpine:3.20'), pod('alpine:3.20').spec!.containers[0]!, lookup, false);
  const clock = { now: () => NOW, setTimer: () => ({ id: 1 }), clearTimer: () => undefined };
  let out = '';
  let code: number | undefined;
  const p = startProcess(
    w(),
    ['sh', '-c', 'cat > /tmp/in; wc -l /tmp/in; cat; echo end'],
    { tty: false },
    {
      write: (_ch, d) => (out += d),
      exit: (c) => (code = c),
      clock,
    },
  );
  if ('error' in p) throw new Error(p.error);
  p.stdin('one\ntw');
  p.stdin('o\n');
  await new Promise((r) => setImmediate(r));
  assert.equal(code, undefined, 'cat waits for EOF');
  p.stdinEnd();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual([out, code], ['2 /tmp/in\nend\n', 0]);

  let screen = '';
  let code2: number | undefined;
  const q = startProcess(
    w(),
    ['cat'],
    { tty: true },
    { write: (_c, d) => (screen += d), exit: (c) => (code2 = c), clock },
  );
  if ('error' in q) throw new Error(q.error);
  q.stdin('typed\r');
  q.stdin('\x03');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual([screen, code2], ['typed\r\n^C\r\n', 130]);
});
