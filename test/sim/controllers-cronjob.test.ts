// Cron schedules and the CronJob controller on the manual clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextRun, parseCron } from '../../src/sim/controllers/cron.js';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import { CRONJOBS, JOBS } from '../../src/sim/resources.js';
import type { CronJob } from '../../src/sim/controllers/cronjob.js';

const at = (iso: string): number => Date.parse(iso);
const next = (spec: string, from: string): string =>
  new Date(nextRun(parseCron(spec), at(from)) ?? 0).toISOString();

test('cron: fields, steps, ranges, names, macros, day-of-month or day-of-week', () => {
  assert.equal(next('*/5 * * * *', '2026-01-01T12:03:10Z'), '2026-01-01T12:05:00.000Z');
  assert.equal(next('0 * * * *', '2026-01-01T12:00:00Z'), '2026-01-01T13:00:00.000Z');
  assert.equal(next('30 2 * * MON-FRI', '2026-01-02T03:00:00Z'), '2026-01-05T02:30:00.000Z'); // Fri → Mon
  assert.equal(next('@monthly', '2026-01-15T00:00:00Z'), '2026-02-01T00:00:00.000Z');
  assert.equal(next('0 0 13 * 5', '2026-01-01T00:00:00Z'), '2026-01-02T00:00:00.000Z'); // a Friday, or the 13th
  assert.equal(next('0 9 1 JAN,JUL *', '2026-02-01T00:00:00Z'), '2026-07-01T09:00:00.000Z');
  assert.throws(() => parseCron('61 * * * *'), /out of range/);
  assert.throws(() => parseCron('* * *'), /expected exactly 5 fields/);
});

test('a CronJob creates a Job each minute, keeps history limits, Forbid skips while one runs', () => {
  const s = new ManualScheduler(Date.UTC(2026, 0, 1, 12, 0, 30));
  const c = createCluster({ scenario: 'empty', seed: 6, scheduler: s });
  const cj: CronJob = {
    metadata: { name: 'tick', namespace: 'default' },
    spec: {
      schedule: '* * * * *',
      successfulJobsHistoryLimit: 2,
      jobTemplate: {
        spec: {
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'date'] }],
            },
          },
        },
      },
    },
  };
  c.storage.create(CRONJOBS, cj);
  s.advance(30_000);
  const names = () => c.storage.list(JOBS, 'default').items.map((j) => j.metadata.name);
  assert.deepEqual(names(), [`tick-${Date.UTC(2026, 0, 1, 12, 1) / 60_000}`]);
  s.advance(5 * 60_000);
  const done = c.storage
    .list(JOBS, 'default')
    .items.filter((j) => (j.status as { completionTime?: string } | undefined)?.completionTime);
  assert.equal(done.length, 2, `history limit: ${names().join()}`);
  const st = (c.storage.get(CRONJOBS, 'default', 'tick') as CronJob).status;
  assert.equal(st?.lastScheduleTime, '2026-01-01T12:06:00Z');
  assert.ok(st?.lastSuccessfulTime);
  // Forbid with a long-running job: one job only
  c.storage.create(CRONJOBS, {
    metadata: { name: 'slow', namespace: 'default' },
    spec: {
      schedule: '* * * * *',
      concurrencyPolicy: 'Forbid',
      jobTemplate: {
        spec: {
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'c', image: 'busybox', command: ['sleep', '600'] }],
            },
          },
        },
      },
    },
  } as CronJob);
  s.advance(5 * 60_000);
  assert.equal(
    c.storage.list(JOBS, 'default').items.filter((j) => j.metadata.name?.startsWith('slow-')).length,
    1,
  );
  c.stop();
  s.dispose();
});
