// The Job controller on a manual clock: completions with parallelism, failures up to backoffLimit,
// Indexed pod names, TTL after finishing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import { EVENTS, JOBS, PODS } from '../../src/sim/resources.js';
import type { Job } from '../../src/sim/controllers/job.js';
import type { SimEvent } from '../../src/sim/controllers/events.js';
import { podSummary } from '../../src/util/printers.js';
import type { Pod } from '../../src/util/k8s.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function setup() {
  const s = new ManualScheduler(T0);
  const c = createCluster({ scenario: 'empty', seed: 4, scheduler: s });
  return { s, c, done: () => (c.stop(), s.dispose()) };
}
const job = (name: string, spec: Job['spec'], command: string[]): Job => ({
  metadata: { name, namespace: 'default' },
  spec: {
    ...spec,
    template: {
      spec: { restartPolicy: 'Never', containers: [{ name: 'task', image: 'busybox:1.36', command }] },
    },
  },
});
const get = (c: ReturnType<typeof setup>['c'], name: string): Job =>
  c.storage.get(JOBS, 'default', name) as Job;
const pods = (c: ReturnType<typeof setup>['c'], name: string): Pod[] =>
  (c.storage.list(PODS, 'default').items as Pod[]).filter((p) => p.metadata.labels?.['job-name'] === name);

test('completions 3, parallelism 2: at most two at a time, then Complete', () => {
  const { s, c, done } = setup();
  c.storage.create(
    JOBS,
    job('pi', { completions: 3, parallelism: 2 }, ['sh', '-c', 'echo 3.14159; sleep 4']),
  );
  let maxActive = 0;
  for (let t = 0; t < 60_000 && !get(c, 'pi').status?.completionTime; t += 500) {
    s.advance(500);
    maxActive = Math.max(maxActive, (get(c, 'pi').status?.['active'] as number | undefined) ?? 0);
  }
  const st = get(c, 'pi').status!;
  assert.equal(maxActive, 2);
  assert.equal(st['succeeded'], 3);
  assert.equal(st['active'], undefined);
  assert.deepEqual(
    st.conditions?.map((x) => [x.type, x.status, x.reason]),
    [
      ['SuccessCriteriaMet', 'True', 'CompletionsReached'],
      ['Complete', 'True', 'CompletionsReached'],
    ],
  );
  const ps = pods(c, 'pi');
  assert.equal(ps.length, 3);
  for (const p of ps) {
    assert.match(p.metadata.name ?? '', /^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.equal(podSummary(p).status, 'Completed');
    assert.equal(p.metadata.labels?.['batch.kubernetes.io/job-name'], 'pi');
  }
  assert.ok(get(c, 'pi').spec?.selector?.matchLabels?.['batch.kubernetes.io/controller-uid']);
  const reasons = (c.storage.list(EVENTS, 'default').items as SimEvent[])
    .filter((e) => e.involvedObject.kind === 'Job')
    .map((e) => e.reason);
  assert.ok(reasons.includes('Completed') && reasons.includes('SuccessfulCreate'));
  done();
});

test('failing pods are replaced with back-off until backoffLimit, then Failed', () => {
  const { s, c, done } = setup();
  c.storage.create(JOBS, job('bad', { backoffLimit: 2 }, ['sh', '-c', 'exit 1']));
  s.advance(200_000);
  const st = get(c, 'bad').status!;
  assert.equal(st['failed'], 3);
  assert.deepEqual(
    st.conditions?.map((x) => [x.type, x.reason]),
    [
      ['FailureTarget', 'BackoffLimitExceeded'],
      ['Failed', 'BackoffLimitExceeded'],
    ],
  );
  assert.ok(pods(c, 'bad').every((p) => podSummary(p).status === 'Error'));
  done();
});

test('Indexed jobs name pods <job>-<index>-<5>; ttlSecondsAfterFinished deletes the job and its pods', () => {
  const { s, c, done } = setup();
  c.storage.create(
    JOBS,
    job('idx', { completions: 2, parallelism: 2, completionMode: 'Indexed', ttlSecondsAfterFinished: 30 }, [
      'sh',
      '-c',
      'sleep 1',
    ]),
  );
  s.advance(20_000);
  assert.deepEqual(
    pods(c, 'idx')
      .map((p) => p.metadata.name?.replace(/-[^-]+$/, ''))
      .sort(),
    ['idx-0', 'idx-1'],
  );
  assert.equal(get(c, 'idx').status?.['completedIndexes'], '0-1');
  s.advance(40_000);
  assert.equal(get(c, 'idx'), undefined);
  s.advance(5_000);
  assert.equal(pods(c, 'idx').length, 0);
  done();
});
