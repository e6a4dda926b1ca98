// kubectl against the policy kinds every real cluster serves: drain with evictions and
// PodDisruptionBudgets, ResourceQuotas and LimitRanges at admission, PriorityClasses,
// ReplicationControllers, HPAs, NetworkPolicies, IngressClasses, events.k8s.io, and api-resources.
import { waitFor } from '../helpers/wait.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSim } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { PODS } from '../../src/sim/resources.js';
import { api, kubectlFor, parseTable } from './helpers.js';
import type { Kubectl } from './helpers.js';

let sim: SimHandle;
let k: Kubectl;

async function ok(args: string[]): Promise<string> {
  const r = await k.run(args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}
async function fails(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await k.run(args);
  assert.notEqual(r.code, 0, `kubectl ${args.join(' ')} should fail: ${r.stdout}`);
  return { ...r, stderr: r.stderr.trim() };
}
async function apply(name: string, yaml: string): Promise<string> {
  const p = join(k.kubeconfigPath, '..', name);
  writeFileSync(p, yaml);
  return ok(['apply', '-f', p]);
}

const deploy = (name: string, ns: string, replicas: number, extra = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: web, image: nginx:1.27${extra}}]
`;

before(async () => {
  sim = await startSim({ scenario: 'empty' });
  k = kubectlFor(sim);
});
after(async () => {
  await sim.close();
  k.cleanup();
});

async function readyPods(ns: string, app: string, n: number): Promise<string[]> {
  return waitFor(async () => {
    const t = parseTable(await ok(['get', 'pods', '-n', ns, '-l', `app=${app}`]));
    const ready = t.rows.filter((r) => r[1] === '1/1' && r[2] === 'Running').map((r) => r[0] ?? '');
    return ready.length === n ? ready : undefined;
  }, { what: `${n} ready ${app} pods` });
}

test('kubectl drain: a PodDisruptionBudget blocks the eviction with 429; without it the node drains', async () => {
  await apply('web.yaml', deploy('web', 'default', 2));
  await apply(
    'pdb.yaml',
    `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: default}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: web}}
`,
  );
  const pods = await readyPods('default', 'web', 2);
  const pdb = await waitFor(async () => {
    const t = parseTable(await ok(['get', 'pdb', 'web']));
    return t.rows[0]?.[3] === '0' ? t : undefined;
  }, { what: 'pdb status' });
  assert.deepEqual(pdb.header, ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE']);
  assert.deepEqual(pdb.rows[0]?.slice(0, 4), ['web', '2', 'N/A', '0']);
  // the eviction API itself: 429 TooManyRequests with the DisruptionBudget cause
  const ev = await api(sim, `/api/v1/namespaces/default/pods/${pods[0] ?? ''}/eviction`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pods[0] } }),
  });
  assert.equal(ev.status, 429);
  assert.deepEqual(ev.json(), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: "Cannot evict pod as it would violate the pod's disruption budget.",
    reason: 'TooManyRequests',
    details: {
      causes: [
        {
          reason: 'DisruptionBudget',
          message: 'The disruption budget web needs 2 healthy pods and has 2 currently',
        },
      ],
    },
    code: 429,
  });
  const blocked = await fails([
    'drain',
    'kubedeck-worker',
    '--ignore-daemonsets',
    '--delete-emptydir-data',
    '--timeout=3s',
  ]);
  assert.match(blocked.stderr, /Cannot evict pod as it would violate the pod's disruption budget\./);
  assert.match(await ok(['get', 'node', 'kubedeck-worker']), /Ready,SchedulingDisabled/);
  for (const p of pods) assert.ok(sim.storage.get(PODS, 'default', p), `${p} still there`);

  await ok(['delete', 'pdb', 'web']);
  const out = await ok([
    'drain',
    'kubedeck-worker',
    '--ignore-daemonsets',
    '--delete-emptydir-data',
    '--timeout=60s',
  ]);
  for (const p of pods) assert.match(out, new RegExp(`pod/${p} evicted`));
  assert.match(out, /node\/kubedeck-worker drained/);
  await ok(['uncordon', 'kubedeck-worker']);
});

test('ResourceQuota: status.used counts pods, cpu and memory; an over-quota create is refused with the real 403', async () => {
  await apply('ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: quota}\n');
  await apply(
    'quota.yaml',
    `apiVersion: v1
kind: ResourceQuota
metadata: {name: compute, namespace: quota}
spec:
  hard: {pods: "2", requests.cpu: "1", requests.memory: 1Gi, limits.memory: 2Gi}
`,
  );
  const pod = (name: string, cpu: string): string => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: quota}
spec:
  containers:
  - name: c
    image: nginx:1.27
    resources: {requests: {cpu: ${cpu}, memory: 256Mi}, limits: {memory: 512Mi}}
`;
  await apply('q1.yaml', pod('q1', '400m'));
  const p2 = join(k.kubeconfigPath, '..', 'q2.yaml');
  writeFileSync(p2, pod('q2', '700m'));
  const r = await fails(['apply', '-f', p2]);
  assert.match(
    r.stderr,
    /pods "q2" is forbidden: exceeded quota: compute, requested: requests\.cpu=700m, used: requests\.cpu=400m, limited: requests\.cpu=1$/,
  );
  const quota = await waitFor(async () => {
    const t = parseTable(await ok(['get', 'quota', '-n', 'quota']));
    return t.rows[0]?.[2]?.startsWith('pods: 1/2') ? t : undefined;
  }, { what: 'quota status' });
  assert.deepEqual(quota.header, ['NAME', 'AGE', 'REQUEST', 'LIMIT']);
  assert.equal(quota.rows[0]?.[2], 'pods: 1/2, requests.cpu: 400m/1, requests.memory: 256Mi/1Gi');
  assert.equal(quota.rows[0]?.[3], 'limits.memory: 512Mi/2Gi');
  // a container without a memory request, under a quota on memory
  writeFileSync(p2, pod('q3', '100m').replace('memory: 256Mi}', 'ephemeral-storage: 1Gi}'));
  const missing = await fails(['apply', '-f', p2]);
  assert.match(
    missing.stderr,
    /pods "q3" is forbidden: failed quota: compute: must specify requests\.memory for: c$/,
  );
  // a ReplicaSet whose pod the quota refuses records FailedCreate (the name is the generateName prefix)
  await apply(
    'qd.yaml',
    deploy('qd', 'quota', 2, ', resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 64Mi}}'),
  );
  const ev = await waitFor(async () => {
    const out = await ok(['get', 'events', '-n', 'quota', '--field-selector', 'reason=FailedCreate']);
    return out.includes('exceeded quota') ? out : undefined;
  }, { what: 'FailedCreate event' });
  assert.match(
    ev,
    /Warning\s+FailedCreate\s+replicaset\/qd-\w+\s+Error creating: pods "qd-\w+-" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2/,
  );
  assert.equal(parseTable(await ok(['get', 'pods', '-n', 'quota', '-l', 'app=qd'])).rows.length, 1);
});

test('LimitRange: defaults land on new pods with the limit-ranger annotation; max is enforced', async () => {
  await apply('ns2.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: limits}\n');
  await apply(
    'lr.yaml',
    `apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: limits}
spec:
  limits:
  - type: Container
    default: {cpu: 500m, memory: 256Mi}
    defaultRequest: {cpu: 100m}
    max: {cpu: "1"}
`,
  );
  await apply(
    'lp.yaml',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: lp, namespace: limits}\nspec:\n  containers: [{name: c, image: nginx:1.27}]\n',
  );
  const res = JSON.parse(
    await ok(['get', 'pod', 'lp', '-n', 'limits', '-o', 'jsonpath={.spec.containers[0].resources}']),
  ) as unknown;
  assert.deepEqual(res, {
    limits: { cpu: '500m', memory: '256Mi' },
    requests: { cpu: '100m', memory: '256Mi' },
  });
  assert.equal(
    await ok([
      'get',
      'pod',
      'lp',
      '-n',
      'limits',
      '-o',
      "jsonpath={.metadata.annotations['kubernetes\\.io/limit-ranger']}",
    ]),
    'LimitRanger plugin set: cpu, memory request for container c; cpu, memory limit for container c',
  );
  const lim = parseTable(await ok(['get', 'limits', '-n', 'limits']));
  assert.deepEqual(lim.header, ['NAME', 'CREATED AT']);
  const p = join(k.kubeconfigPath, '..', 'big.yaml');
  writeFileSync(
    p,
    'apiVersion: v1\nkind: Pod\nmetadata: {name: big, namespace: limits}\nspec:\n  containers: [{name: c, image: nginx:1.27, resources: {limits: {cpu: "2"}}}]\n',
  );
  const r = await fails(['apply', '-f', p]);
  assert.match(r.stderr, /pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2$/);
});

test('PriorityClasses: the two system ones; a pod gets its class priority, an unknown class is refused', async () => {
  const pc = parseTable(await ok(['get', 'pc']));
  assert.deepEqual(pc.header, ['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE', 'PREEMPTIONPOLICY']);
  assert.deepEqual(
    pc.rows.map((r) => [r[0], r[1], r[2]]),
    [
      ['system-cluster-critical', '2000000000', 'false'],
      ['system-node-critical', '2000001000', 'false'],
    ],
  );
  const p = join(k.kubeconfigPath, '..', 'prio.yaml');
  writeFileSync(
    p,
    'apiVersion: v1\nkind: Pod\nmetadata: {name: prio, namespace: default}\nspec:\n  priorityClassName: nope\n  containers: [{name: c, image: nginx:1.27}]\n',
  );
  assert.match(
    (await fails(['apply', '-f', p])).stderr,
    /pods "prio" is forbidden: no PriorityClass with name nope was found$/,
  );
  writeFileSync(
    p,
    'apiVersion: v1\nkind: Pod\nmetadata: {name: prio, namespace: default}\nspec:\n  priorityClassName: system-cluster-critical\n  containers: [{name: c, image: nginx:1.27}]\n',
  );
  await ok(['apply', '-f', p]);
  assert.equal(await ok(['get', 'pod', 'prio', '-o', 'jsonpath={.spec.priority}']), '2000000000');
});

test('ReplicationController: the ReplicaSet controller keeps its pods; kubectl scale rc works', async () => {
  await apply(
    'rc.yaml',
    `apiVersion: v1
kind: ReplicationController
metadata: {name: legacy, namespace: default}
spec:
  replicas: 2
  template:
    metadata: {labels: {app: legacy}}
    spec:
      containers: [{name: c, image: nginx:1.27}]
`,
  );
  await readyPods('default', 'legacy', 2);
  await waitFor(async () => {
    const t = parseTable(await ok(['get', 'rc', 'legacy']));
    return t.rows[0]?.slice(1, 4).join(' ') === '2 2 2' ? t : undefined;
  }, { what: 'rc status' });
  assert.equal(await ok(['scale', 'rc', 'legacy', '--replicas=1']), 'replicationcontroller/legacy scaled\n');
  await waitFor(async () => parseTable(await ok(['get', 'pods', '-l', 'app=legacy'])).rows.length === 1, { what: 'scaled down' });
});

test('kubectl get pdb,hpa,netpol,ingressclass,quota,limits,pc,rc -A, events.k8s.io, and api-resources', async () => {
  await apply(
    'misc.yaml',
    `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: default}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 5
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: default}
spec:
  podSelector: {}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: legacy, namespace: default}
spec: {maxUnavailable: 1, selector: {matchLabels: {app: legacy}}}
`,
  );
  const out = await ok(['get', 'pdb,hpa,netpol,ingressclass,quota,limits,pc,rc', '-A']);
  for (const line of [
    /^NAMESPACE\s+NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE$/m,
    /^default\s+poddisruptionbudget\.policy\/legacy\s+N\/A\s+1\s+\d+\s+/m,
    /^NAMESPACE\s+NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE$/m,
    /^default\s+horizontalpodautoscaler\.autoscaling\/web\s+Deployment\/web\s+cpu: .+\/80%\s+1\s+5\s+\d+\s+/m,
    /^default\s+networkpolicy\.networking\.k8s\.io\/deny-all\s+<none>\s+/m,
    /^\s*ingressclass\.networking\.k8s\.io\/nginx\s+k8s\.io\/ingress-nginx\s+<none>\s+/m,
    /^quota\s+resourcequota\/compute\s+/m,
    /^limits\s+limitrange\/defaults\s+/m,
    /^\s*priorityclass\.scheduling\.k8s\.io\/system-node-critical\s+2000001000\s+false\s+/m,
    /^default\s+replicationcontroller\/legacy\s+1\s+1\s+\d\s+/m,
  ])
    assert.match(out, line);
  const events = await ok([
    'get',
    'events.events.k8s.io',
    '-n',
    'default',
    '-o',
    'jsonpath={.items[0].apiVersion} {.items[0].regarding.kind}',
  ]);
  assert.match(events, /^events\.k8s\.io\/v1 \w+/);
  const res = await ok(['api-resources']);
  for (const row of [
    /^poddisruptionbudgets\s+pdb\s+policy\/v1\s+true\s+PodDisruptionBudget$/m,
    /^horizontalpodautoscalers\s+hpa\s+autoscaling\/v2\s+true\s+HorizontalPodAutoscaler$/m,
    /^networkpolicies\s+netpol\s+networking\.k8s\.io\/v1\s+true\s+NetworkPolicy$/m,
    /^ingressclasses\s+networking\.k8s\.io\/v1\s+false\s+IngressClass$/m,
    /^resourcequotas\s+quota\s+v1\s+true\s+ResourceQuota$/m,
    /^limitranges\s+limits\s+v1\s+true\s+LimitRange$/m,
    /^priorityclasses\s+pc\s+scheduling\.k8s\.io\/v1\s+false\s+PriorityClass$/m,
    /^replicationcontrollers\s+rc\s+v1\s+true\s+ReplicationController$/m,
    /^events\s+ev\s+events\.k8s\.io\/v1\s+true\s+Event$/m,
    /^clusterrolebindings\s+rbac\.authorization\.k8s\.io\/v1\s+false\s+ClusterRoleBinding$/m,
    /^selfsubjectaccessreviews\s+authorization\.k8s\.io\/v1\s+false\s+SelfSubjectAccessReview$/m,
    /^selfsubjectreviews\s+authentication\.k8s\.io\/v1\s+false\s+SelfSubjectReview$/m,
  ])
    assert.match(res, row);
});

test('HorizontalPodAutoscaler: scales a Deployment on the simulated CPU usage, within maxReplicas', async () => {
  await apply('busy.yaml', deploy('busy', 'default', 1, ', resources: {requests: {cpu: 100m}}'));
  await apply(
    'hpa.yaml',
    `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: busy, namespace: default}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: busy}
  minReplicas: 1
  maxReplicas: 3
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 1}}
`,
  );
  await waitFor(async () => (await ok(['get', 'deploy', 'busy', '-o', 'jsonpath={.spec.replicas}'])) === '3', { what: 'busy scaled to 3', timeoutMs: 60_000, intervalMs: 500 });
  const t = parseTable(await ok(['get', 'hpa', 'busy']));
  assert.match(t.rows[0]?.[2] ?? '', /^cpu: \d+%\/1%$/);
  assert.deepEqual(t.rows[0]?.slice(3, 5), ['1', '3']);
  const events = await ok([
    'get',
    'events',
    '--field-selector',
    'involvedObject.kind=HorizontalPodAutoscaler',
  ]);
  assert.match(
    events,
    /SuccessfulRescale\s+horizontalpodautoscaler\/busy\s+New size: 3; reason: cpu resource utilization \(percentage of request\) above target/,
  );
});

test('events.k8s.io/v1: a created Event is the core Event it converts to, and reads back in the new shape', async () => {
  const body = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name: 'hello.1', namespace: 'default' },
    eventTime: '2026-01-01T00:00:00.000000Z',
    reportingController: 'example.com/tester',
    reportingInstance: 'tester-1',
    action: 'Testing',
    reason: 'Hello',
    note: 'a note from events.k8s.io',
    type: 'Normal',
    regarding: { kind: 'Pod', namespace: 'default', name: 'prio', apiVersion: 'v1' },
  };
  const created = await api(sim, '/apis/events.k8s.io/v1/namespaces/default/events', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(created.status, 201, created.body);
  assert.equal(created.json()['note'], 'a note from events.k8s.io');
  const core = await ok([
    'get',
    'events',
    'hello.1',
    '-o',
    'jsonpath={.message}|{.involvedObject.name}|{.reportingComponent}',
  ]);
  assert.equal(core, 'a note from events.k8s.io|prio|example.com/tester');
  const v1 = await ok([
    'get',
    'events.events.k8s.io',
    'hello.1',
    '-o',
    'jsonpath={.note}|{.regarding.name}|{.action}',
  ]);
  assert.equal(v1, 'a note from events.k8s.io|prio|Testing');
  const t = parseTable(await ok(['get', 'events.events.k8s.io', '--field-selector', 'reason=Hello']));
  assert.deepEqual(t.header, ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
  assert.deepEqual(t.rows[0]?.slice(1), ['Normal', 'Hello', 'pod/prio', 'a note from events.k8s.io']);
  assert.equal(
    (await ok(['delete', 'events.events.k8s.io', 'hello.1'])).trim(),
    'event.events.k8s.io "hello.1" deleted',
  );
});
