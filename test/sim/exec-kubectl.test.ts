// kubectl exec against the simulator: output, exit codes, failures before and after the upgrade worded
// as a real cluster words them, stdin without a tty, and `exec -it` in a terminal (tmux).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startSim, PODS, CONFIGMAPS } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import type { Pod } from '../../src/util/k8s.js';
import { kubectlFor } from './helpers.js';
import type { Kubectl } from './helpers.js';
import { Tmux } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

let sim: SimHandle;
let k: Kubectl;

const pod = (name: string, spec: Record<string, unknown>): Pod =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec }) as unknown as Pod;
const one = (image: string, extra: Record<string, unknown> = {}) => ({
  containers: [{ name: 'main', image, ...extra }],
});

before(async () => {
  sim = await startSim({ scenario: 'empty' });
  k = kubectlFor(sim);
  sim.storage.create(CONFIGMAPS, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'web-config', namespace: 'default' },
    data: { greeting: 'hi from a configmap' },
  } as never);
  sim.storage.create(
    PODS,
    pod(
      'web',
      one('nginx:1.27', {
        ports: [{ containerPort: 80 }],
        env: [{ name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'web-config', key: 'greeting' } } }],
      }),
    ),
  );
  sim.storage.create(PODS, pod('tiny', one('busybox:1.36', { command: ['sleep', 'infinity'] })));
  sim.storage.create(PODS, pod('static', one('gcr.io/distroless/static:nonroot', { command: ['/server'] })));
  sim.storage.create(PODS, pod('pending', { ...one('nginx:1.27'), nodeSelector: { 'no-such': 'node' } }));
  sim.storage.create(PODS, pod('broken', one('nginx:does-not-exist')));
  sim.storage.create(
    PODS,
    pod('done', { ...one('busybox:1.36', { command: ['true'] }), restartPolicy: 'Never' }),
  );
  const state = (n: string) => sim.storage.get(PODS, 'default', n) as Pod | undefined;
  await waitFor(() =>
      ['web', 'tiny', 'static'].every((n) => state(n)?.status?.containerStatuses?.[0]?.state?.running) &&
      state('done')?.status?.phase === 'Succeeded' &&
      state('broken')?.status?.containerStatuses?.[0]?.state?.waiting, { what: 'the test pods to settle', timeoutMs: 30000 });
});
after(async () => {
  await sim.close();
  k.cleanup();
});

test('kubectl exec: output, hostname, env from the pod spec, exit codes', async () => {
  const hello = await k.run(['exec', 'web', '--', 'echo', 'hello']);
  assert.deepEqual([hello.code, hello.stdout], [0, 'hello\n']);
  const host = await k.run(['exec', 'web', '--', 'hostname']);
  assert.equal(host.stdout, 'web\n');
  const env = await k.run(['exec', 'web', '--', 'sh', '-c', 'echo "$GREETING" && cat /etc/hostname']);
  assert.equal(env.stdout, 'hi from a configmap\nweb\n');
  const three = await k.run(['exec', 'web', '--', 'sh', '-c', 'echo partial; exit 3']);
  assert.deepEqual([three.code, three.stdout], [3, 'partial\n']);
  assert.match(three.stderr, /command terminated with exit code 3/);
  const nf = await k.run(['exec', 'web', '--', 'sh', '-c', 'nope']);
  assert.equal(nf.code, 127);
  assert.match(nf.stderr, /^sh: nope: not found\ncommand terminated with exit code 127\n$/);
  const err = await k.run(['exec', 'web', '--', 'sh', '-c', 'echo to-stderr >&2']);
  assert.deepEqual([err.code, err.stdout, err.stderr], [0, '', 'to-stderr\n']);
});

test('kubectl exec: a program the image lacks fails to start (bash on busybox, anything on distroless)', async () => {
  const bash = await k.run(['exec', 'tiny', '--', 'bash']);
  assert.equal(bash.code, 1);
  assert.match(
    bash.stderr,
    /^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in \$PATH: unknown\n$/,
  );
  const sh = await k.run(['exec', 'tiny', '--', 'sh', '-c', 'echo busybox has sh']);
  assert.deepEqual([sh.code, sh.stdout], [0, 'busybox has sh\n']);
  const nope = await k.run(['exec', 'web', '--', 'nope']);
  assert.equal(nope.code, 1);
  assert.match(nope.stderr, /exec: "nope": executable file not found in \$PATH/);
  const distroless = await k.run(['exec', 'static', '--', 'sh']);
  assert.equal(distroless.code, 1);
  assert.match(distroless.stderr, /exec: "sh": executable file not found in \$PATH/);
});

test('kubectl exec: missing pod, unknown container, unscheduled, not running, completed', async () => {
  const missing = await k.run(['exec', 'no-such-pod', '--', 'ls']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /Error from server \(NotFound\): pods "no-such-pod" not found/);
  const container = await k.run(['exec', 'web', '-c', 'nope', '--', 'ls']);
  assert.match(container.stderr, /Error from server \(BadRequest\): container nope is not valid for pod web/);
  const pending = await k.run(['exec', 'pending', '--', 'ls']);
  assert.match(pending.stderr, /Error from server \(BadRequest\): pod pending does not have a host assigned/);
  const broken = await k.run(['exec', 'broken', '--', 'ls']);
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /^error: unable to upgrade connection: container not found \("main"\)\n$/);
  const done = await k.run(['exec', 'done', '--', 'ls']);
  assert.match(done.stderr, /cannot exec into a container in a completed pod; current phase is Succeeded/);
});

test('kubectl exec -i without a tty: the shell reads commands from stdin, a command reads its input', async () => {
  const p = spawn('kubectl', ['--kubeconfig', k.kubeconfigPath, 'exec', '-i', 'web', '--', 'sh'], {
    env: { ...process.env, HOME: '/tmp' },
  });
  let out = '';
  p.stdout.on('data', (d: Buffer) => (out += d.toString()));
  p.stdin.end('echo piped\nhostname\nexit 4\n');
  const code = await new Promise<number | null>((r) => p.on('close', r));
  assert.deepEqual([code, out], [4, 'piped\nweb\n']);
  const c = spawn('kubectl', ['--kubeconfig', k.kubeconfigPath, 'exec', '-i', 'web', '--', 'wc', '-l'], {
    env: { ...process.env, HOME: '/tmp' },
  });
  let counted = '';
  c.stdout.on('data', (d: Buffer) => (counted += d.toString()));
  c.stdin.end('a\nb\nc\n');
  assert.equal(await new Promise<number | null>((r) => c.on('close', r)), 0);
  assert.equal(counted, '3\n', 'a command reads what kubectl sends on stdin');
});

test('kubectl attach streams what the main process writes', async () => {
  const p = k.start(['attach', 'web']);
  let out = '';
  p.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  try {
    await waitFor(() => /HTTP\/1\.1" \d{3} /.test(out), { what: 'an nginx access-log line through attach', timeoutMs: 15000, intervalMs: 50 });
  } finally {
    p.kill();
  }
  // kubectl port-forward (SPDY, and SPDY in a WebSocket) works: test/sim/portforward-kubectl.test.ts
});

test(
  'kubectl exec -it in a terminal: prompt, echo, resize reaches stty size, exit 3',
  { skip: !Tmux.available() },
  async () => {
    const t = new Tmux('exec-it');
    try {
      t.start(`kubectl --kubeconfig ${k.kubeconfigPath} exec -it web -- sh`, 100, 30);
      await t.wait(/^# ?$/m); // tmux trims the prompt's trailing space
      t.type('echo hello && hostname');
      t.keys('Enter');
      await t.wait(/# echo hello && hostname\nhello\nweb\n# ?$/m);
      t.type('stty size');
      t.keys('Enter');
      await t.wait(/^30 100$/m);
      t.resize(120, 40);
      // kubectl sends the new size when it gets SIGWINCH, which may overtake or follow the typed line
      for (let i = 0; ; i++) {
        t.type('stty size');
        t.keys('Enter');
        try {
          await t.wait(/^40 120$/m, 1000);
          break;
        } catch (e) {
          if (i >= 5) throw e;
        }
      }
      t.type('exit 3');
      t.keys('Enter');
      await t.wait(/command terminated with exit code 3\n\[exited 3\]/);
    } finally {
      t.stop();
    }
  },
);
