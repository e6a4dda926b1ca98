import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cronjobs } from '../../src/resources/cronjobs.js';
import { jobs } from '../../src/resources/jobs.js';
import type { Condition } from '../../src/util/k8s.js';
import type { CronJob, Job } from '../../src/util/k8s-more.js';
import { NOW, ago } from '../util/fixtures.js';

function job(status: NonNullable<Job['status']>, deleting = false): Job {
  return {
    metadata: {
      name: 'backup-29000', namespace: 'ops', uid: 'j1', resourceVersion: '5', creationTimestamp: ago(20 * 60_000),
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'backup', uid: 'c', controller: true }],
      ...(deleting ? { deletionTimestamp: ago(1000) } : {}),
    },
    spec: {
      completions: 1, parallelism: 1,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'j1' } },
      template: { spec: { containers: [{ name: 'restic', image: 'restic:0.17' }] } },
    },
    status,
  };
}
const cond = (type: string): Condition => ({ type, status: 'True' });

void test('jobs: columns and a running job whose DURATION keeps ticking', () => {
  assert.deepEqual(jobs.columns.map((c) => c.name), ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
  const r = jobs.project(job({ active: 1, startTime: ago(19 * 60_000) }));
  assert.deepEqual(jobs.row(r, NOW), ['backup-29000', 'Running', '0/1', '19m', '20m', 'restic', 'restic:0.17', 'batch.kubernetes.io/controller-uid=j1']);
  assert.equal(jobs.row(r, NOW + 60_000)[3], '20m');
  assert.equal(r.cronJob, 'backup');
  assert.deepEqual(jobs.status(r), { text: 'Running', tone: 'pending' });
  assert.deepEqual(jobs.drill?.(r), { resource: 'pods', namespace: 'ops', labelSelector: 'batch.kubernetes.io/controller-uid=j1' });
});

void test('jobs: finished duration, status tones', () => {
  const done = jobs.project(job({ succeeded: 1, startTime: ago(600_000), completionTime: ago(480_000), conditions: [cond('SuccessCriteriaMet'), cond('Complete')] }));
  assert.deepEqual(jobs.row(done, NOW).slice(1, 4), ['Complete', '1/1', '2m']);
  assert.deepEqual(jobs.status(done), { text: 'Complete', tone: 'dim' });
  const tone = (s: NonNullable<Job['status']>, deleting = false) => jobs.status(jobs.project(job(s, deleting)));
  assert.deepEqual(tone({ failed: 6, conditions: [cond('FailureTarget'), cond('Failed')] }), { text: 'Failed', tone: 'error' });
  assert.deepEqual(tone({ conditions: [cond('FailureTarget')] }), { text: 'FailureTarget', tone: 'error' });
  assert.deepEqual(tone({ conditions: [cond('SuccessCriteriaMet')] }), { text: 'SuccessCriteriaMet', tone: 'ok' });
  assert.deepEqual(tone({ conditions: [cond('Suspended')] }), { text: 'Suspended', tone: 'dim' });
  assert.deepEqual(tone({ active: 1 }, true), { text: 'Terminating', tone: 'warn' });
  assert.equal(jobs.row(jobs.project(job({})), NOW)[3], '');
});

function cron(suspend: boolean | undefined, status: NonNullable<CronJob['status']>): CronJob {
  return {
    metadata: { name: 'backup', namespace: 'ops', uid: 'c', resourceVersion: '2', creationTimestamp: ago(3 * 86_400_000) },
    spec: {
      schedule: '0 */6 * * *', timeZone: 'Etc/UTC', ...(suspend === undefined ? {} : { suspend }),
      jobTemplate: { spec: { template: { spec: { containers: [{ name: 'restic', image: 'restic:0.17' }] } } } },
    },
    status,
  };
}

void test('cronjobs: columns, LAST SCHEDULE at row time, tones', () => {
  assert.deepEqual(cronjobs.columns.map((c) => c.name), ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
  assert.deepEqual(cronjobs.columns.filter((c) => c.wide).map((c) => c.name), ['CONTAINERS', 'IMAGES', 'SELECTOR']);
  const r = cronjobs.project(cron(false, { active: [{ name: 'backup-1' }], lastScheduleTime: ago(45_000) }));
  assert.deepEqual(cronjobs.row(r, NOW), ['backup', '0 */6 * * *', 'Etc/UTC', 'False', '1', '45s', '3d', 'restic', 'restic:0.17', '<none>']);
  assert.equal(cronjobs.row(r, NOW + 60_000)[5], '105s');
  assert.deepEqual(cronjobs.status(r), { text: 'Active', tone: 'pending' });
  const idle = cronjobs.project(cron(undefined, {}));
  assert.deepEqual(cronjobs.row(idle, NOW).slice(3, 6), ['<unset>', '0', '<none>']);
  assert.deepEqual(cronjobs.status(idle), { text: 'Scheduled', tone: 'ok' });
  assert.deepEqual(cronjobs.status(cronjobs.project(cron(true, {}))), { text: 'Suspended', tone: 'dim' });
});
