// CronJobs (batch/v1): kubectl's printCronJob cells over a slim record. LAST SCHEDULE is computed
// at row time.
import { ageSince } from '../util/age.js';
import { cronJobCells } from '../util/printers.js';
import type { KObject } from '../util/k8s.js';
import type { CronJob } from '../util/k8s-more.js';
import { ageCell, cells, epoch, slimBase } from './base.js';
import type { ResourceDef, SlimBase, Tone } from './types.js';
import { capability, served } from './capabilities.js';

export interface CronJobRec extends SlimBase {
  schedule: string;
  timeZone: string;
  /** SUSPEND cell: "True", "False" or "<unset>". */
  suspend: string;
  active: number;
  /** status.lastScheduleTime in epoch ms, NaN when never scheduled. */
  lastScheduleAt: number;
  containers: string;
  images: string;
  selectorText: string;
}

function projectCronJob(obj: KObject): CronJobRec {
  const cj = obj as CronJob;
  // LAST SCHEDULE depends on the time it is shown, so cronJobCells' copy is not kept.
  const c = cronJobCells(cj, 0);
  return {
    ...slimBase(cj),
    schedule: c.schedule,
    timeZone: c.timeZone,
    suspend: c.suspend,
    active: c.active,
    lastScheduleAt: epoch(cj.status?.lastScheduleTime),
    containers: c.containers,
    images: c.images,
    selectorText: c.selector,
  };
}

/** Terminating → warn; suspended → dim; jobs running → pending; else ok (waiting for its schedule). */
function cronJobStatus(r: CronJobRec): { text: string; tone: Tone } {
  if (r.deleting) return { text: 'Terminating', tone: 'warn' };
  if (r.suspend === 'True') return { text: 'Suspended', tone: 'dim' };
  if (r.active > 0) return { text: 'Active', tone: 'pending' };
  return { text: 'Scheduled', tone: 'ok' };
}

export const cronjobs: ResourceDef<CronJobRec> = {
  kind: 'CronJob',
  plural: 'cronjobs',
  singular: 'cronjob',
  group: 'batch',
  version: 'v1',
  namespaced: true,
  aliases: ['cj'],
  columns: [
    { name: 'NAME' },
    { name: 'SCHEDULE' },
    { name: 'TIMEZONE', optional: 1 },
    { name: 'SUSPEND', optional: 2 },
    { name: 'ACTIVE', align: 'right', optional: 4 },
    { name: 'LAST SCHEDULE' },
    { name: 'AGE', optional: 3 },
    { name: 'CONTAINERS', wide: true },
    { name: 'IMAGES', wide: true },
    { name: 'SELECTOR', wide: true, optional: 1 },
  ],
  project: projectCronJob,
  row: (r, now) =>
    cells(
      r.name,
      r.schedule,
      r.timeZone,
      r.suspend,
      r.active,
      Number.isFinite(r.lastScheduleAt) ? ageSince(r.lastScheduleAt, now) : '<none>',
      ageCell(r, now),
      r.containers,
      r.images,
      r.selectorText,
    ),
  status: cronJobStatus,
  xray: { owns: ['jobs'], operand: true },
  can: [
    ...served,
    capability<CronJobRec>({
      cmd: 'trigger',
      label: 'Trigger',
      effect: {
        type: 'action',
        action: 'trigger',
        args: { creates: { group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job' } },
        confirm: (who) => [
          `Trigger ${who} now?`,
          'A Job is created from its template, as `kubectl create job --from` does.',
        ],
      },
      mutating: true,
      hint: true,
    }),
  ],
};
