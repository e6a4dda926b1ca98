// The API server's defaults for DaemonSets, StatefulSets, Jobs and CronJobs, with kubectl as the oracle:
// `kubectl create -f` then `kubectl get -o json` shows what a real server would have filled in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSim } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { kubectlFor } from './helpers.js';
import type { Kubectl } from './helpers.js';

let sim: SimHandle;
let k: Kubectl;

type J = Record<string, unknown> & {
  metadata: { uid: string; labels?: Record<string, string> };
  spec: Record<string, unknown> & {
    template: { metadata?: { labels?: Record<string, string> }; spec: Record<string, unknown> };
  };
};

async function createAndGet(kind: string, yaml: string): Promise<J> {
  const p = join(k.kubeconfigPath, '..', `${kind}.yaml`);
  writeFileSync(p, yaml);
  const c = await k.run(['create', '-f', p]);
  assert.equal(c.code, 0, c.stderr);
  const g = await k.run(['get', kind, 'x', '-n', 'default', '-o', 'json']);
  assert.equal(g.code, 0, g.stderr);
  return JSON.parse(g.stdout) as J;
}

const TEMPLATE = `  template:
    metadata: {labels: {app: x}}
    spec:
      containers: [{name: c, image: "nginx:1.27"}]`;

before(async () => {
  sim = await startSim({ scenario: 'empty' });
  k = kubectlFor(sim);
});
after(async () => {
  k.cleanup();
  await sim.close();
});

test('DaemonSet: RollingUpdate maxUnavailable 1 maxSurge 0, revisionHistoryLimit 10, pod template defaults', async () => {
  const ds = await createAndGet(
    'daemonset',
    `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: x, namespace: default}
spec:
  selector: {matchLabels: {app: x}}
${TEMPLATE}
`,
  );
  assert.deepEqual(ds.spec['updateStrategy'], {
    type: 'RollingUpdate',
    rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
  });
  assert.equal(ds.spec['revisionHistoryLimit'], 10);
  const pod = ds.spec.template.spec;
  assert.equal(pod['restartPolicy'], 'Always');
  assert.equal(pod['dnsPolicy'], 'ClusterFirst');
  assert.equal(pod['terminationGracePeriodSeconds'], 30);
});

test('StatefulSet: OrderedReady, RollingUpdate partition 0, Retain/Retain, serviceName kept', async () => {
  const sts = await createAndGet(
    'statefulset',
    `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: x, namespace: default}
spec:
  serviceName: x-headless
  selector: {matchLabels: {app: x}}
${TEMPLATE}
`,
  );
  assert.equal(sts.spec['podManagementPolicy'], 'OrderedReady');
  assert.equal(sts.spec['replicas'], 1);
  assert.deepEqual(sts.spec['updateStrategy'], { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  assert.equal(sts.spec['revisionHistoryLimit'], 10);
  assert.deepEqual(sts.spec['persistentVolumeClaimRetentionPolicy'], {
    whenDeleted: 'Retain',
    whenScaled: 'Retain',
  });
  assert.equal(sts.spec['serviceName'], 'x-headless');
  assert.equal(sts.spec.template.spec['schedulerName'], 'default-scheduler');
});

test('Job: completions/parallelism 1, backoffLimit 6, NonIndexed, and the generated controller-uid selector', async () => {
  const job = await createAndGet(
    'job',
    `apiVersion: batch/v1
kind: Job
metadata: {name: x, namespace: default}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox, command: [sh, -c, "sleep 1"]}]
`,
  );
  const uid = job.metadata.uid;
  assert.ok(uid);
  assert.equal(job.spec['completions'], 1);
  assert.equal(job.spec['parallelism'], 1);
  assert.equal(job.spec['backoffLimit'], 6);
  assert.equal(job.spec['completionMode'], 'NonIndexed');
  assert.equal(job.spec['suspend'], false);
  assert.deepEqual(job.spec['selector'], { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
  assert.deepEqual(job.spec.template.metadata?.labels, {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': 'x',
    'controller-uid': uid,
    'job-name': 'x',
  });
  assert.equal(job.spec.template.spec['dnsPolicy'], 'ClusterFirst');
});

test('Job: a selector without manualSelector is refused; with manualSelector it is kept as given', async () => {
  const p = join(k.kubeconfigPath, '..', 'job-sel.yaml');
  const job = (name: string, manual: boolean): string => `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}, namespace: default}
spec:
  ${manual ? 'manualSelector: true' : ''}
  selector: {matchLabels: {app: mine}}
  template:
    metadata: {labels: {app: mine}}
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
`;
  writeFileSync(p, job('auto', false));
  const refused = await k.run(['create', '-f', p]);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /spec\.selector: Invalid value.*`selector` not auto-generated/);
  writeFileSync(p, job('manual', true));
  assert.equal((await k.run(['create', '-f', p])).code, 0);
  const g = await k.run(['get', 'job', 'manual', '-n', 'default', '-o', 'json']);
  const got = JSON.parse(g.stdout) as J;
  assert.deepEqual(got.spec['selector'], { matchLabels: { app: 'mine' } });
  assert.deepEqual(got.spec.template.metadata?.labels, { app: 'mine' });
});

test('CronJob: Allow, not suspended, history limits 3 and 1', async () => {
  const cj = await createAndGet(
    'cronjob',
    `apiVersion: batch/v1
kind: CronJob
metadata: {name: x, namespace: default}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: c, image: busybox}]
`,
  );
  assert.equal(cj.spec['concurrencyPolicy'], 'Allow');
  assert.equal(cj.spec['suspend'], false);
  assert.equal(cj.spec['successfulJobsHistoryLimit'], 3);
  assert.equal(cj.spec['failedJobsHistoryLimit'], 1);
  const jt = cj.spec['jobTemplate'] as {
    spec: { backoffLimit: number; template: { spec: Record<string, unknown> } };
  };
  assert.equal(jt.spec.backoffLimit, 6);
  assert.equal(jt.spec.template.spec['restartPolicy'], 'OnFailure');
  assert.equal(jt.spec.template.spec['terminationGracePeriodSeconds'], 30);
});
