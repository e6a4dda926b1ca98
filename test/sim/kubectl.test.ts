// kubectl as the oracle: the demo cluster, reached over HTTPS with the generated kubeconfig, must print
// what a real cluster prints.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { load } from 'js-yaml';
import { startSim, NAMESPACES } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { kubectlFor, parseTable } from './helpers.js';
import type { Kubectl } from './helpers.js';
import { waitFor } from '../helpers/wait.js';

let sim: SimHandle;
let k: Kubectl;
// The healthy demo namespaces and their pods (deployment replicas); other namespaces hold deliberate
// failures (staging, data, batch) and are covered by the behaviour tests.
const HEALTHY = ['shop', 'payments', 'monitoring'];
const HEALTHY_PODS = 13; // shop 2+2+3+1, payments 2+1 (fraud-detector crash-loops), monitoring 1+1
const healthy = (ns: string | undefined): boolean => HEALTHY.includes(ns ?? '');

async function ok(args: string[]): Promise<string> {
  const r = await k.run(args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

before(async () => {
  sim = await startSim({ scenario: 'demo', seed: 7 });
  k = kubectlFor(sim);
});
after(async () => {
  await sim.close();
  k.cleanup();
});

test('kubectl version and api-resources', async () => {
  assert.match(await ok(['version']), /Server Version: v1\.32\.0\+kubedeck-sim/);
  const out = await ok(['api-resources']);
  const rows = parseTable(out);
  assert.deepEqual(rows.header, ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
  // metrics.k8s.io serves pods and nodes too (as with metrics-server): key the core/apps rows by name
  const metrics = rows.rows.filter((r) => r[1] === 'metrics.k8s.io/v1beta1');
  assert.deepEqual(metrics, [
    ['nodes', 'metrics.k8s.io/v1beta1', 'false', 'NodeMetrics'],
    ['pods', 'metrics.k8s.io/v1beta1', 'true', 'PodMetrics'],
  ]);
  const byName = new Map(rows.rows.filter((r) => !metrics.includes(r)).map((r) => [r[0], r]));
  assert.deepEqual(byName.get('pods'), ['pods', 'po', 'v1', 'true', 'Pod']);
  assert.deepEqual(byName.get('services'), ['services', 'svc', 'v1', 'true', 'Service']);
  assert.deepEqual(byName.get('namespaces'), ['namespaces', 'ns', 'v1', 'false', 'Namespace']);
  assert.deepEqual(byName.get('deployments'), ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
  const verbs = await ok(['api-resources', '-o', 'wide', '--api-group=apps']);
  assert.match(
    verbs,
    /deployments\s+deploy\s+apps\/v1\s+true\s+Deployment\s+create,delete,deletecollection,get,list,patch,update,watch\s+all/,
  );
});

test('kubectl get pods -A: all demo pods reach Running, the crash-looping one restarts with back-off', async () => {
  const first = parseTable(await ok(['get', 'pods', '-A']));
  assert.deepEqual(first.header, ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
  assert.ok(first.rows.length >= HEALTHY_PODS, `${first.rows.length} pods`);
  for (const r of first.rows.filter((x) => healthy(x[0])))
    assert.match(
      r[1] ?? '',
      /^[a-z-]+-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
      r.join(' '),
    );
  const seenStatuses = new Set(first.rows.map((r) => r[3]));
  // Every normal pod reaches Running with all containers ready.
  const running = await waitFor(async () => {
    const t = parseTable(await ok(['get', 'pods', '-A']));
    for (const r of t.rows) seenStatuses.add(r[3]);
    const normal = t.rows.filter((r) => healthy(r[0]) && !(r[1] ?? '').startsWith('fraud-detector-'));
    return normal.length === HEALTHY_PODS - 1 &&
      normal.every((r) => r[3] === 'Running' && /^(\d)\/\1$/.test(r[2] ?? ''))
      ? t
      : undefined;
  }, { what: 'all normal pods Running' });
  const payments = running.rows.find((r) => (r[1] ?? '').startsWith('payments-api-'));
  assert.equal(payments?.[2], '2/2', 'two containers');
  // The crash-looping pod restarts and shows kubectl's "N (Xs ago)" RESTARTS.
  const crash = await waitFor(async () => {
      const t = parseTable(await ok(['get', 'pods', '-n', 'payments', '-l', 'app=fraud-detector']));
      for (const r of t.rows) seenStatuses.add(r[2]);
      const r = t.rows[0];
      return r && /^[1-9]\d* \(\d+s ago\)$/.test(r[3] ?? '') ? r : undefined;
    }, { what: 'fraud-detector restarted', timeoutMs: 30000 });
  assert.match(crash[1] ?? '', /^[01]\/1$/);
  assert.ok(['CrashLoopBackOff', 'Error', 'Running'].includes(crash[2] ?? ''), crash.join(' '));
  await waitFor(async () => {
      const t = parseTable(await ok(['get', 'pods', '-n', 'payments', '-l', 'app=fraud-detector']));
      for (const r of t.rows) seenStatuses.add(r[2]);
      return seenStatuses.has('CrashLoopBackOff');
    }, { what: 'CrashLoopBackOff seen', timeoutMs: 20000 });
  assert.ok(seenStatuses.has('Running'));
});

test('kubectl get pods -o wide / -o json / -o yaml / -l', async () => {
  const wide = await waitFor(async () => {
    const t = parseTable(await ok(['get', 'pods', '-n', 'shop', '-o', 'wide']));
    return t.rows.length === 8 && t.rows.every((r) => r[5] !== '<none>') ? t : undefined;
  }, { what: 'shop pods with IPs' });
  assert.deepEqual(wide.header, [
    'NAME',
    'READY',
    'STATUS',
    'RESTARTS',
    'AGE',
    'IP',
    'NODE',
    'NOMINATED NODE',
    'READINESS GATES',
  ]);
  for (const r of wide.rows) {
    assert.match(r[5] ?? '', /^10\.244\.\d\.\d+$/);
    assert.match(r[6] ?? '', /^kubedeck-(control-plane|worker2?)$/);
    assert.deepEqual(r.slice(7), ['<none>', '<none>']);
  }
  const json = JSON.parse(await ok(['get', 'pods', '-A', '-o', 'json'])) as {
    kind: string;
    items: {
      kind: string;
      metadata: { name: string; namespace: string };
      status: { phase: string; podIP?: string };
    }[];
  };
  assert.equal(json.kind, 'List');
  assert.ok(json.items.every((p) => p.kind === 'Pod'));
  const shopPods = json.items.filter((p) => p.metadata.namespace === 'shop');
  assert.equal(shopPods.length, 8);
  assert.ok(shopPods.every((p) => p.status.phase === 'Running' && p.status.podIP));
  const name =
    json.items.find((p) => p.metadata.namespace === 'shop' && p.metadata.name.startsWith('cart-'))?.metadata
      .name ?? '';
  const pod = load(await ok(['get', 'pod', name, '-n', 'shop', '-o', 'yaml'])) as {
    apiVersion: string;
    kind: string;
    metadata: { name: string; uid: string; labels: Record<string, string>; creationTimestamp: string };
    spec: { nodeName: string; containers: { name: string; image: string }[] };
    status: {
      phase: string;
      hostIP: string;
      startTime: string;
      conditions: { type: string; status: string }[];
      containerStatuses: { ready: boolean; state: { running?: unknown } }[];
    };
  };
  assert.equal(pod.kind, 'Pod');
  assert.equal(pod.metadata.name, name);
  assert.equal(pod.metadata.labels['app'], 'cart');
  assert.match(pod.metadata.labels['pod-template-hash'] ?? '', /^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
  assert.equal(pod.spec.containers[0]?.image, 'ghcr.io/kubedeck/cart:1.4.2');
  assert.equal(pod.status.phase, 'Running');
  assert.match(pod.status.hostIP, /^172\.18\.0\.\d$/);
  assert.deepEqual(
    pod.status.conditions.map((c) => [c.type, c.status]),
    [
      ['PodReadyToStartContainers', 'True'],
      ['Initialized', 'True'],
      ['Ready', 'True'],
      ['ContainersReady', 'True'],
      ['PodScheduled', 'True'],
    ],
  );
  assert.ok(pod.status.containerStatuses[0]?.ready && pod.status.containerStatuses[0].state.running);
  const sel = parseTable(await ok(['get', 'pods', '-n', 'shop', '-l', 'app=frontend']));
  assert.equal(sel.rows.length, 3);
  assert.ok(sel.rows.every((r) => (r[0] ?? '').startsWith('frontend-')));
  const setSel = parseTable(await ok(['get', 'pods', '-A', '-l', 'app in (redis,grafana)']));
  assert.deepEqual(setSel.rows.map((r) => r[1]?.split('-')[0]).sort(), ['grafana', 'redis']);
  const fieldSel = parseTable(
    await ok(['get', 'pods', '-A', '--field-selector', 'status.phase=Running,metadata.namespace=monitoring']),
  );
  assert.equal(fieldSel.rows.length, 2);
});

test('kubectl get deploy, svc -o wide, ns, all; NotFound error text', async () => {
  const want = [
    ['cart', '2/2', '2', '2', '6d'],
    ['catalog', '2/2', '2', '2', '5d'],
    ['frontend', '3/3', '3', '3', '6d'],
    ['redis', '1/1', '1', '1', '6d'],
  ];
  const deploy = await waitFor(async () => {
    const t = parseTable(await ok(['get', 'deploy', '-n', 'shop']));
    return JSON.stringify(t.rows.map((r) => r.slice(0, 5))) === JSON.stringify(want) ? t : undefined;
  }, { what: 'shop deployments available' });
  assert.deepEqual(deploy.header, ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
  const wideDeploy = parseTable(await ok(['get', 'deploy', 'payments-api', '-n', 'payments', '-o', 'wide']));
  assert.deepEqual(wideDeploy.rows[0]?.slice(5), [
    'payments-api,envoy',
    'ghcr.io/kubedeck/payments-api:3.1.0,envoyproxy/envoy:v1.31.2',
    'app=payments-api',
  ]);

  const svc = await waitFor(async () => {
    const t = parseTable(await ok(['get', 'svc', '-A', '-o', 'wide']));
    return t.rows.some((r) => r[1] === 'frontend' && r[4] !== '<pending>') ? t : undefined;
  }, { what: 'LoadBalancer address' });
  assert.deepEqual(svc.header, [
    'NAMESPACE',
    'NAME',
    'TYPE',
    'CLUSTER-IP',
    'EXTERNAL-IP',
    'PORT(S)',
    'AGE',
    'SELECTOR',
  ]);
  const row = (name: string): string[] => svc.rows.find((r) => r[1] === name) ?? [];
  assert.deepEqual(row('kubernetes').slice(0, 6), [
    'default',
    'kubernetes',
    'ClusterIP',
    '10.96.0.1',
    '<none>',
    '443/TCP',
  ]);
  assert.deepEqual(row('kube-dns').slice(2, 6), [
    'ClusterIP',
    '10.96.0.10',
    '<none>',
    '53/UDP,53/TCP,9153/TCP',
  ]);
  assert.equal(row('kube-dns')[7], 'k8s-app=kube-dns');
  assert.equal(row('frontend')[2], 'LoadBalancer');
  assert.match(row('frontend')[4] ?? '', /^172\.18\.255\.\d+$/);
  assert.match(row('frontend')[5] ?? '', /^80:3\d{4}\/TCP,443:3\d{4}\/TCP$/);
  assert.match(row('grafana')[5] ?? '', /^3000:3\d{4}\/TCP$/);
  // headless services have no ClusterIP ("None"); ExternalName ones have none at all ("<none>")
  assert.deepEqual(row('stripe').slice(2, 6), ['ExternalName', '<none>', 'api.stripe.com', '<none>']);
  for (const r of svc.rows.filter((x) => x[3] !== 'None' && x[2] !== 'ExternalName'))
    assert.match(r[3] ?? '', /^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/, `${r[1]} ClusterIP in 10.96.0.0/12`);

  const ns = parseTable(await ok(['get', 'ns']));
  assert.deepEqual(ns.header, ['NAME', 'STATUS', 'AGE']);
  assert.deepEqual(
    ns.rows.map((r) => r[0]),
    [
      'batch',
      'data',
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
      'monitoring',
      'payments',
      'shop',
      'staging',
    ],
  );
  assert.ok(ns.rows.every((r) => r[1] === 'Active'));
  assert.equal(ns.rows.find((r) => r[0] === 'kube-system')?.[2], '14d');

  const all = await ok(['get', 'all', '-n', 'shop']);
  assert.match(all, /^pod\/frontend-/m);
  assert.match(all, /^service\/frontend\s+LoadBalancer/m);
  assert.match(all, /^deployment\.apps\/frontend\s+3\/3/m);

  const missing = await k.run(['get', 'pod', 'nope', '-n', 'shop']);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr.trim(), 'Error from server (NotFound): pods "nope" not found');
  const viewer = await k.run([
    '--context',
    'kubedeck-sim-viewer',
    'get',
    'po,svc',
    '-n',
    'monitoring',
    '-o',
    'name',
  ]);
  assert.equal(viewer.code, 0, viewer.stderr);
  assert.match(viewer.stdout, /^service\/grafana$/m);
});

test('kubectl get ns -w: the initial table, then live rows from a Table watch', async () => {
  const proc = k.start(['get', 'ns', '-w']);
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  try {
    await waitFor(() => /^shop\s+Active/m.test(out), { what: 'initial list printed' });
    sim.storage.create(NAMESPACES, { metadata: { name: 'watched-ns' } });
    await waitFor(() => /^watched-ns\s+Active\s+0s$/m.test(out), { what: 'live ADDED row printed' });
  } finally {
    proc.kill();
    await exited;
  }
});
