// Jobs (batch/v1): kubectl's printJob cells over a slim record. DURATION is computed at row time.
import { humanDuration } from '../util/age.js';
import { containerCells, jobCompletions, jobStatus, selectorCell } from '../util/printers.js';
import type { JobStatus } from '../util/printers.js';
import type { KObject } from '../util/k8s.js';
import type { Job } from '../util/k8s-more.js';
import { ageCell, cells, epoch, podSelector, podsBySelector, slimBase } from './base.js';
import type { ResourceDef, SlimBase, Tone } from './types.js';
import { logsOfPods, served } from './capabilities.js';

export interface JobRec extends SlimBase {
  /** STATUS cell. */
  status: JobStatus;
  completions: string;
  /** status.startTime and completionTime in epoch ms, NaN when unset. */
  startedAt: number;
  completedAt: number;
  containers: string;
  images: string;
  selectorText: string;
  /** The pod selector as a `labelSelector=` string, "" when none. */
  selector: string;
  /** Name of the controlling CronJob, "" when none. */
  cronJob: string;
}

function projectJob(obj: KObject): JobRec {
  const j = obj as Job;
  const ref = (j.metadata.ownerReferences ?? []).find((o) => o.controller === true);
  return {
    ...slimBase(j),
    status: jobStatus(j),
    completions: jobCompletions(j),
    startedAt: epoch(j.status?.startTime),
    completedAt: epoch(j.status?.completionTime),
    ...containerCells(j.spec?.template?.spec?.containers),
    selectorText: selectorCell(j.spec?.selector),
    selector: podSelector(j.spec?.selector),
    cronJob: ref?.kind === 'CronJob' ? ref.name : '',
  };
}

/** printJob's DURATION: start to completion, or to now while running; "" before the start. */
function jobDurationCell(r: JobRec, now: number): string {
  if (!Number.isFinite(r.startedAt)) return '';
  return humanDuration((Number.isFinite(r.completedAt) ? r.completedAt : now) - r.startedAt);
}

const TONES: Record<JobStatus, Tone> = {
  Complete: 'dim',
  SuccessCriteriaMet: 'ok',
  Running: 'pending',
  Suspended: 'dim',
  FailureTarget: 'error',
  Failed: 'error',
  Terminating: 'warn',
};

/** Complete → dim; Failed, FailureTarget → error; Running → pending; Suspended → dim; Terminating → warn. */
const jobTone = (r: JobRec): { text: string; tone: Tone } => ({ text: r.status, tone: TONES[r.status] });

export const jobs: ResourceDef<JobRec> = {
  kind: 'Job',
  plural: 'jobs',
  singular: 'job',
  group: 'batch',
  version: 'v1',
  namespaced: true,
  aliases: ['jo'],
  columns: [
    { name: 'NAME' },
    { name: 'STATUS' },
    { name: 'COMPLETIONS' },
    { name: 'DURATION', optional: 1 },
    { name: 'AGE', optional: 2 },
    { name: 'CONTAINERS', wide: true },
    { name: 'IMAGES', wide: true },
    { name: 'SELECTOR', wide: true, optional: 1 },
  ],
  project: projectJob,
  row: (r, now) =>
    cells(r.name, r.status, r.completions, jobDurationCell(r, now), ageCell(r, now), r.containers, r.images, r.selectorText),
  status: jobTone,
  drill: (r) => podsBySelector(r.namespace, r.selector),
  xray: { owns: ['pods'], operand: true },
  can: [...served, logsOfPods],
};
