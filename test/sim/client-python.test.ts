// The official Kubernetes Python client (Debian's python3-kubernetes, 22.6) against the simulator: typed
// lists of every served kind, CRUD with 404/409/422, watch, exec with return codes, logs with every
// option, port-forward with a refused port. The client runs test/sim/clients/python_client.py, which
// prints facts as JSON; the assertions are here. Skipped, saying why, when the client is not installed.
import { waitFor } from '../helpers/wait.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSim, PODS, NAMESPACES } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import type { Pod } from '../../src/util/k8s.js';


const SCRIPT = fileURLToPath(new URL('./clients/python_client.py', import.meta.url));
const NS = 'pyclient';

/** A python3 that can import the kubernetes package (Debian's lives in /usr/bin/python3's path). */
function findPython(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(py, ['-c', 'import kubernetes'], { stdio: 'ignore', timeout: 20000 });
      return py;
    } catch {
      // next candidate
    }
  }
  return undefined;
}
const python = findPython();
const skip = python ? false : 'python3-kubernetes is not installed (apt-get install python3-kubernetes)';

let sim: SimHandle;
let dir: string;
let kubeconfig: string;

async function py<T = Record<string, unknown>>(...args: string[]): Promise<T> {
  const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number }>(
    (resolve) => {
      execFile(
        python ?? 'python3',
        [SCRIPT, kubeconfig, ...args],
        { timeout: 120000, maxBuffer: 1 << 24 },
        (err, so, se) => resolve({ stdout: so, stderr: se, code: err ? 1 : 0 }),
      );
    },
  );
  assert.equal(code, 0, `python_client.py ${args.join(' ')} failed:\n${stderr}`);
  return JSON.parse(stdout) as T;
}

const pod = (name: string, spec: Record<string, unknown>, annotations?: Record<string, string>): Pod =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, ...(annotations ? { annotations } : {}) },
    spec,
  }) as unknown as Pod;

before(async () => {
  if (skip) return;
  sim = await startSim({ scenario: 'demo', seed: 5 });
  dir = mkdtempSync(join(tmpdir(), 'kubedeck-py-'));
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, sim.kubeconfig(), { mode: 0o600 });
  sim.storage.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } as never);
  sim.storage.create(
    PODS,
    pod('web', {
      containers: [
        { name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] },
        { name: 'side', image: 'busybox:1.36', command: ['sleep', 'infinity'] },
      ],
    }),
  );
  sim.storage.create(
    PODS,
    pod('static', {
      containers: [{ name: 'main', image: 'gcr.io/distroless/static:nonroot', command: ['/server'] }],
    }),
  );
  sim.storage.create(
    PODS,
    pod('crashy', {
      containers: [
        {
          name: 'app',
          image: 'busybox:1.36',
          command: ['sh', '-c', 'echo starting; sleep 1; echo boom; exit 1'],
        },
      ],
    }),
  );
  const get = (n: string) => sim.storage.get(PODS, NS, n) as Pod | undefined;
  await waitFor(() =>
      get('web')?.status?.containerStatuses?.every((c) => c.state?.running) &&
      get('static')?.status?.containerStatuses?.[0]?.state?.running &&
      (get('crashy')?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1, { what: 'the test pods to run (and crashy to have restarted)', timeoutMs: 60000, intervalMs: 100 });
});
after(async () => {
  if (skip) return;
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Discovered {
  typed: [string, number, string[]][];
  noClass: string[];
  noMethod: string[];
  untyped: [string, number][];
  errors: [string, string, string][];
}

test(
  'python: every served kind lists through its typed API and deserialises into the models',
  { skip },
  async () => {
    const d = await py<Discovered>('discover');
    // events.k8s.io/v1 Events converted from core Events have eventTime null, as on a real cluster (the kubelet
    // still records core Events); python3-kubernetes 22.6 refuses them (kubernetes-client/python#1616), so a
    // real 1.32 cluster fails the same way here. Every other kind must deserialise.
    const known = (e: [string, string, string]) => e[0] === 'events.events.k8s.io/v1' && /event_time/.test(e[2]);
    assert.deepEqual(d.errors.filter((e) => !known(e)), [], 'kinds the typed client could not take');
    assert.deepEqual(d.noMethod, [], 'a served kind whose typed API has no list method: a wrong kind name?');
    const typed = new Map(d.typed.map(([k, n, kinds]) => [k, { n, kinds }]));
    for (const [key, model] of [
      ['pods.core/v1', 'V1Pod'],
      ['services.core/v1', 'V1Service'],
      ['nodes.core/v1', 'V1Node'],
      ['events.core/v1', 'CoreV1Event'],
      ['namespaces.core/v1', 'V1Namespace'],
      ['deployments.apps/v1', 'V1Deployment'],
      ['replicasets.apps/v1', 'V1ReplicaSet'],
      ['statefulsets.apps/v1', 'V1StatefulSet'],
      ['daemonsets.apps/v1', 'V1DaemonSet'],
      ['jobs.batch/v1', 'V1Job'],
      ['cronjobs.batch/v1', 'V1CronJob'],
      ['endpointslices.discovery.k8s.io/v1', 'V1EndpointSlice'],
      ['leases.coordination.k8s.io/v1', 'V1Lease'],
      ['customresourcedefinitions.apiextensions.k8s.io/v1', 'V1CustomResourceDefinition'],
    ] as const) {
      const got = typed.get(key);
      assert.ok(got, `${key} was not listed through its typed API`);
      assert.ok(got.n > 0, `${key}: the demo has some`);
      assert.deepEqual(got.kinds, [model], key);
    }
    // group-versions this client version has no typed API for are still listed, generically
    for (const [key] of d.untyped) assert.ok(d.noClass.includes(key), key);
  },
);

interface Failure {
  status: number;
  reason: string;
  message: string;
}

test('python: CRUD on ConfigMaps with 404, 409 and 422 as a real server answers them', { skip }, async () => {
  const r = await py<Record<string, Failure & Record<string, unknown>>>('crud', NS);
  assert.deepEqual(r['created'], {
    type: 'V1ConfigMap',
    name: 'py-cm',
    data: { a: '1' },
    uid: true,
    rv: true,
  });
  assert.equal(r['conflict']?.status, 409);
  assert.equal(r['conflict']?.reason, 'AlreadyExists');
  assert.equal(r['invalid']?.status, 422);
  assert.equal(r['invalid']?.reason, 'Invalid');
  assert.match(r['invalid']?.message ?? '', /metadata\.name: Invalid value: "Bad_Name"/);
  assert.equal(r['missing']?.status, 404);
  assert.equal(r['missing']?.message, 'configmaps "no-such-cm" not found');
  assert.equal(r['missingNamespace']?.status, 404);
  assert.equal(r['staleReplace']?.status, 409);
  assert.equal(r['staleReplace']?.reason, 'Conflict');
  assert.deepEqual(r['replaced'], { a: '1', b: '2' });
  assert.deepEqual(r['patched'], {
    data: { a: '1', b: '2', c: '3' },
    labels: { from: 'python', patched: 'yes' },
  });
  assert.deepEqual(r['listed'], ['py-cm']);
  assert.equal(r['deleted'], 'V1Status');
  assert.equal(r['deletedAgain']?.status, 404);
});

interface WatchFacts {
  events: { type: string; class: string; name: string; data: Record<string, string>; rawKind: string }[];
  namespaceEvents: number;
  endedAfter: number;
}

test(
  'python: watch=True streams typed events from a resourceVersion; timeout_seconds ends it',
  { skip },
  async () => {
    const r = await py<WatchFacts>('watch', NS);
    assert.deepEqual(
      r.events.map((e) => [e.type, e.class, e.name, e.data['n'], e.rawKind]),
      [
        ['ADDED', 'V1ConfigMap', 'py-watched', '1', 'ConfigMap'],
        ['MODIFIED', 'V1ConfigMap', 'py-watched', '2', 'ConfigMap'],
        ['DELETED', 'V1ConfigMap', 'py-watched', '2', 'ConfigMap'],
      ],
    );
    assert.ok(r.namespaceEvents >= 10, `the initial ADDED events of every namespace (${r.namespaceEvents})`);
    assert.ok(r.endedAfter < 5, `a 1 s watch ended after ${r.endedAfter} s`);
  },
);

interface ExecRun {
  stdout: string;
  stderr: string;
  open: boolean;
  status: { status: string; reason?: string; message?: string } | null;
  returncode: number | string;
  seconds: number;
}

test(
  'python: exec returns output, stderr and return codes at once (no wait for the client timeout)',
  { skip },
  async () => {
    const r = await py<
      Record<string, ExecRun> & {
        preloaded: string;
        preloadedSeconds: number;
        missingPod: { status: number; reason: string };
      }
    >('exec', NS, 'web', 'nginx', 'static');
    const run = (k: string): ExecRun => {
      const v = r[k];
      assert.ok(v, k);
      assert.equal(v.open, false, `${k}: the server closed the session`);
      assert.ok(
        v.seconds < 10,
        `${k} took ${v.seconds} s (frames batched into one TLS record make the client wait out its 15 s timeout)`,
      );
      return v;
    };
    assert.deepEqual([run('ok').stdout, run('ok').stderr, run('ok').returncode], ['out\n', 'err\n', 0]);
    assert.deepEqual([run('code3').stdout, run('code3').returncode], ['before\n', 3]);
    assert.equal(run('code3').status?.reason, 'NonZeroExitCode');
    assert.equal(run('false').returncode, 1);
    assert.deepEqual([run('notFound').stderr, run('notFound').returncode], ['sh: nope: not found\n', 127]);
    assert.equal(run('direct').stdout, 'a $HOME\n');
    assert.equal(run('tty').stdout, 'line\r\n');
    assert.deepEqual([run('otherContainer').stdout, run('otherContainer').returncode], ['web\n', 7]);
    const np = run('noProgram');
    assert.equal(np.status?.reason, 'InternalError');
    assert.match(np.status?.message ?? '', /exec: "sh": executable file not found in \$PATH/);
    assert.equal(r.preloaded, 'web\n');
    assert.ok(r.preloadedSeconds < 10, `preloaded exec took ${r.preloadedSeconds} s`);
    assert.match(r.missingPod.reason, /Handshake status 404/);
  },
);

test(
  'python: pod logs with tail_lines, timestamps, since_seconds, limit_bytes, previous, follow',
  { skip },
  async () => {
    const r = await py<
      Record<string, string> & Record<'badContainer' | 'noPrevious' | 'negativeTail' | 'missingPod', Failure>
    >('logs', NS, 'web', 'nginx', 'crashy');
    const lines = (s: string): string[] => s.split('\n').filter(Boolean);
    const all = lines(r['all'] ?? '');
    assert.ok(all.length >= 3, 'nginx has logged');
    const tail2 = lines(r['tail2'] ?? '');
    assert.equal(tail2.length, 2);
    assert.ok(!all.slice(0, -2).includes(tail2[1] ?? ''), 'tail_lines=2 are the last lines');
    assert.match(r['timestamps'] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \S/);
    assert.equal(lines(r['timestamps'] ?? '').length, 1);
    assert.ok(lines(r['since1'] ?? '').length < all.length, 'since_seconds=1 leaves out the start-up lines');
    assert.ok(lines(r['since3600'] ?? '').length >= all.length, 'since_seconds=3600 has every line');
    assert.equal(r['limit10'], all[0]?.slice(0, 10));
    assert.equal(r['previous'], 'starting\nboom\n');
    assert.match(r['follow'] ?? '', /^[^\n]+\n[^\n]+\n/);
    assert.equal(r.badContainer.status, 400);
    assert.equal(r.badContainer.message, 'container nope is not valid for pod web');
    assert.equal(r.noPrevious.status, 400);
    assert.equal(r.noPrevious.message, 'previous terminated container "nginx" in pod "web" not found');
    assert.equal(r.negativeTail.status, 422);
    assert.equal(r.missingPod.status, 404);
  },
);

test(
  'python: port-forward serves a declared port and reports a refused one on its error channel',
  { skip },
  async () => {
    const r = await py<{
      reply: string;
      error: string | null;
      closedError: string | null;
      seconds: number;
      missingPod: { status: number; reason: string };
    }>('portforward', NS, 'web', '80', '81');
    assert.match(r.reply, /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(r.reply, /<h1>Hello from web<\/h1>/);
    assert.equal(r.error, null);
    assert.match(
      r.closedError ?? '',
      /^error forwarding port 81 to pod [0-9a-f]{64}, uid : .*dial tcp 127\.0\.0\.1:81: connect: connection refused/,
    );
    assert.ok(r.seconds < 10, `port-forward took ${r.seconds} s`);
    assert.match(r.missingPod.reason, /Handshake status 404/);
  },
);
