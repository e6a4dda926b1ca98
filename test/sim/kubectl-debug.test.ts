// kubectl debug against the simulator: ephemeral containers added through pods/NAME/ephemeralcontainers
// (validated as the real API server does), started by the simulated kubelet, a non-interactive one
// ending on its own, an interactive one attached (-i with piped stdin, -it under a pty) whose shell's
// exit ends the container; RBAC on pods/ephemeralcontainers; the python client's
// patch_namespaced_pod_ephemeralcontainers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { startSim, PODS } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import type { ContainerStatus, Pod } from '../../src/util/k8s.js';
import { waitFor } from '../helpers/wait.js';
import { api, kubectlFor } from './helpers.js';
import type { Kubectl } from './helpers.js';

let sim: SimHandle;
let k: Kubectl;

const podNamed = (name: string): Pod | undefined => sim.storage.get(PODS, 'default', name) as Pod | undefined;
const ephemeralStatus = (pod: string, c: string): ContainerStatus | undefined =>
  (
    podNamed(pod)?.status as { ephemeralContainerStatuses?: ContainerStatus[] } | undefined
  )?.ephemeralContainerStatuses?.find((s) => s.name === c);
const ephemeralSpecs = (pod: string): Record<string, unknown>[] =>
  (podNamed(pod)?.spec as { ephemeralContainers?: Record<string, unknown>[] } | undefined)
    ?.ephemeralContainers ?? [];

function makePod(name: string): void {
  sim.storage.create(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
  } as never);
}

before(async () => {
  sim = await startSim({ scenario: 'empty' });
  k = kubectlFor(sim);
  for (const n of ['web', 'shell', 'tty', 'checks', 'gone']) makePod(n);
  await waitFor(
    () => ['web', 'shell', 'tty', 'checks', 'gone'].every((n) => podNamed(n)?.status?.phase === 'Running'),
    {
      what: 'the pods to run',
      timeoutMs: 30000,
    },
  );
});
after(async () => {
  await sim.close();
  k.cleanup();
});

/** kubectl with `input` on stdin. */
function kubectlIn(args: string[], input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn('kubectl', ['--kubeconfig', k.kubeconfigPath, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    p.stdin.end(input);
  });
}

test('kubectl debug pod/NAME --image=busybox: the ephemeral container is added, started, and ends on its own', async () => {
  const r = await k.run(['debug', 'pod/web', '--image=busybox', '-c', 'dbg']);
  assert.equal(r.code, 0, r.stderr);
  const spec = ephemeralSpecs('web').find((c) => c['name'] === 'dbg');
  assert.ok(spec, 'stored in spec.ephemeralContainers');
  assert.equal(spec['image'], 'busybox');
  assert.equal(spec['imagePullPolicy'], 'Always', 'defaulted as the API server does for :latest');
  assert.equal(spec['terminationMessagePath'], '/dev/termination-log');
  const done = await waitFor(() => ephemeralStatus('web', 'dbg')?.state?.terminated, {
    what: 'busybox sh without stdin to exit',
    timeoutMs: 30000,
  });
  assert.equal(done.exitCode, 0);
  assert.equal(done.reason, 'Completed');
  assert.equal(podNamed('web')?.status?.phase, 'Running', 'the pod carries on');
  const events = await k.run([
    'get',
    'events',
    '--field-selector',
    'involvedObject.name=web',
    '-o',
    'jsonpath={range .items[*]}{.reason} {.involvedObject.fieldPath}{"\\n"}{end}',
  ]);
  assert.match(events.stdout, /^Started spec\.ephemeralContainers\{dbg\}$/m);
  // the container picker (pickContainer) and logs know it
  const logs = await k.run(['logs', 'web', '-c', 'dbg']);
  assert.equal(logs.code, 0, logs.stderr);
});

test('kubectl debug -i --target with piped stdin: the shell runs the commands; its exit ends the container', async () => {
  const r = await kubectlIn(
    ['debug', '-i', 'pod/shell', '--image=busybox', '--target=web', '-c', 'sh1', '--', 'sh'],
    'echo hi; exit 3\n',
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Targeting container "web"\. [^\n]*\nhi\n$/);
  assert.doesNotMatch(r.stderr, /falling back to streaming logs|error/i);
  const spec = ephemeralSpecs('shell').find((c) => c['name'] === 'sh1');
  assert.equal(spec?.['targetContainerName'], 'web');
  assert.equal(spec?.['stdin'], true);
  const term = await waitFor(() => ephemeralStatus('shell', 'sh1')?.state?.terminated, {
    what: 'the container to be terminated',
    timeoutMs: 10000,
  });
  assert.equal(term.exitCode, 3);
  assert.equal(term.reason, 'Error');
});

test(
  'kubectl debug -it under a terminal: prompt, echo, exit',
  { skip: spawnSync('script', ['--version']).status === 0 ? false : 'no script(1)' },
  async () => {
    const cmd = `kubectl --kubeconfig ${k.kubeconfigPath} debug -it pod/tty --image=busybox -c sh2 -- sh`;
    const p = spawn('script', ['-qc', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => p.on('exit', resolve));
    try {
      await waitFor(() => out.includes('/ # '), {
        what: `the prompt (got ${JSON.stringify(out)})`,
        timeoutMs: 30000,
      });
      p.stdin.write('echo hello-tty\r');
      await waitFor(() => /hello-tty\r\n[^]*\/ # $/.test(out), { what: 'the echo', timeoutMs: 10000 });
      p.stdin.write('exit\r');
      assert.equal(await exited, 0);
      assert.match(out, /Session ended, the ephemeral container will not be restarted/);
    } finally {
      p.kill();
    }
    assert.equal(
      (
        await waitFor(() => ephemeralStatus('tty', 'sh2')?.state?.terminated, {
          what: 'terminated',
          timeoutMs: 10000,
        })
      ).exitCode,
      0,
    );
  },
);

test('kubectl debug -i: the shell goes when its pod is deleted, and kubectl ends', async () => {
  const p = spawn(
    'kubectl',
    ['--kubeconfig', k.kubeconfigPath, 'debug', '-i', 'pod/gone', '--image=busybox', '-c', 'sh3', '--', 'sh'],
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, HOME: '/nonexistent', KUBECONFIG: '' } },
  );
  let out = '';
  let err = '';
  p.stdout.on('data', (d: Buffer) => (out += d.toString()));
  p.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => p.on('exit', resolve));
  try {
    await waitFor(() => ephemeralStatus('gone', 'sh3')?.state?.running, {
      what: () => `the debug container to run (kubectl: ${JSON.stringify(err.slice(-1500))})`,
      timeoutMs: 30000,
    });
    // kubectl attaches once it sees the container running; then the shell answers
    await waitFor(
      () => {
        p.stdin.write('echo ready\n');
        return out.includes('ready\n');
      },
      { what: 'the attached shell to answer', timeoutMs: 20000, intervalMs: 500 },
    );
    const del = await k.run(['delete', 'pod', 'gone', '--grace-period=0', '--force']);
    assert.equal(del.code, 0, del.stderr);
    assert.equal(await exited, 0);
  } finally {
    p.kill();
  }
});

const EC = '/api/v1/namespaces/default/pods/checks/ephemeralcontainers';
const patch = (body: unknown, type = 'application/strategic-merge-patch+json', token?: string) =>
  api(sim, EC, {
    method: 'PATCH',
    body: JSON.stringify(body),
    headers: { 'Content-Type': type },
    ...(token ? { token } : {}),
  });
const add = (c: Record<string, unknown>) => patch({ spec: { ephemeralContainers: [c] } });

test('validation as the API server: unique name, image, no ports/probes/resources, existing ones kept', async () => {
  const dup = await k.run(['debug', 'pod/checks', '--image=busybox', '-c', 'web']);
  assert.equal(dup.code, 1);
  assert.match(
    dup.stderr,
    /The Pod "checks" is invalid: spec\.ephemeralContainers\[0\]\.name: Duplicate value: "web"/,
  );
  const bad = await add({
    name: 'bad',
    ports: [{ containerPort: 80 }],
    readinessProbe: { tcpSocket: { port: 80 } },
    resources: { limits: { cpu: '1' } },
    targetContainerName: 'nope',
  });
  assert.equal(bad.status, 422);
  const st = bad.json<{
    reason: string;
    message: string;
    details: { causes: { field: string; reason: string }[] };
  }>();
  assert.equal(st.reason, 'Invalid');
  assert.deepEqual(
    st.details.causes.map((c) => `${c.field} ${c.reason}`),
    [
      'spec.ephemeralContainers[0].image FieldValueRequired',
      'spec.ephemeralContainers[0].targetContainerName FieldValueNotFound',
      'spec.ephemeralContainers[0].ports FieldValueForbidden',
      'spec.ephemeralContainers[0].resources FieldValueForbidden',
      'spec.ephemeralContainers[0].readinessProbe FieldValueForbidden',
    ],
  );
  assert.match(
    st.message,
    /spec\.ephemeralContainers\[0\]\.ports: Forbidden: cannot be set for an Ephemeral Container/,
  );
  // a JSON merge patch and a JSON patch are taken too; other spec changes through the subresource are dropped
  const ok = await patch(
    {
      spec: {
        ephemeralContainers: [{ name: 'one', image: 'busybox:1.36' }],
        containers: [{ name: 'web', image: 'evil' }],
      },
    },
    'application/merge-patch+json',
  );
  assert.equal(ok.status, 200, ok.body);
  assert.equal(podNamed('checks')?.spec?.containers[0]?.image, 'nginx:1.27');
  const two = await patch(
    [
      {
        op: 'add',
        path: '/spec/ephemeralContainers/-',
        value: { name: 'two', image: 'busybox:1.36', command: ['sleep', '3600'] },
      },
    ],
    'application/json-patch+json',
  );
  assert.equal(two.status, 200, two.body);
  assert.deepEqual(
    ephemeralSpecs('checks').map((c) => c['name']),
    ['one', 'two'],
  );
  const removed = await patch(
    { spec: { ephemeralContainers: [{ name: 'two', image: 'busybox:1.36', command: ['sleep', '3600'] }] } },
    'application/merge-patch+json',
  );
  assert.equal(removed.status, 422);
  assert.match(removed.body, /existing ephemeral containers \\"one\\" may not be removed/);
  const got = await api(sim, EC);
  assert.equal(got.status, 200);
  assert.equal(got.json<{ kind: string }>().kind, 'Pod');
  const running = await waitFor(() => ephemeralStatus('checks', 'two')?.state?.running, {
    what: 'sleep 3600 to run',
    timeoutMs: 30000,
  });
  assert.ok(running.startedAt);
});

test('RBAC: pods/ephemeralcontainers needs patch on that subresource; edit does not grant it', async () => {
  const r = await k.run(['debug', 'pod/checks', '--image=busybox', '--as', 'sim-viewer']);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /pods "checks" is forbidden: User "sim-viewer" cannot patch resource "pods\/ephemeralcontainers" in API group "" in the namespace "default"/,
  );
  const edit = await k.run(['get', 'clusterrole', 'system:aggregate-to-edit', '-o', 'json']);
  assert.equal(edit.code, 0, edit.stderr);
  assert.doesNotMatch(edit.stdout, /ephemeralcontainers/);
  assert.match(edit.stdout, /pods\/portforward/);
});

const PYTHON = ['/usr/bin/python3', 'python3'].find(
  (py) =>
    spawnSync(py, [
      '-c',
      'import kubernetes.client as c; assert hasattr(c.CoreV1Api, "patch_namespaced_pod_ephemeralcontainers")',
    ]).status === 0,
);

test(
  'python client: patch_namespaced_pod_ephemeralcontainers',
  { skip: PYTHON ? false : 'python3-kubernetes without patch_namespaced_pod_ephemeralcontainers' },
  async () => {
    const script = `
import sys
from kubernetes import client, config
config.load_kube_config(sys.argv[1])
v1 = client.CoreV1Api()
body = {"spec": {"ephemeralContainers": [{"name": "py", "image": "busybox:1.36", "command": ["sleep", "60"]}]}}
pod = v1.patch_namespaced_pod_ephemeralcontainers("checks", "default", body)
print(",".join(c.name for c in pod.spec.ephemeral_containers))
try:
    v1.patch_namespaced_pod_ephemeralcontainers("checks", "default", {"spec": {"ephemeralContainers": [{"name": "py2"}]}})
except client.exceptions.ApiException as e:
    print(e.status)
`;
    // not spawnSync: the simulator answering it runs in this process
    const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const p = spawn(PYTHON ?? 'python3', ['-c', script, k.kubeconfigPath], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      p.on('close', (status) => resolve({ status, stdout, stderr }));
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'one,two,py\n422\n');
  },
);
