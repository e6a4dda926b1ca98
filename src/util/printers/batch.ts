// kubectl's printJob and printCronJob (Kubernetes 1.32), over the raw objects.
import { ageOf, humanDuration, parseTimestamp } from '../age.js';
import type { Condition } from '../k8s.js';
import type { CronJob, Job } from '../k8s-more.js';
import { containerCells } from './deployment.js';
import { formatSelectorCell } from './labels.js';

export type JobStatus =
  | 'Complete'
  | 'Failed'
  | 'Terminating'
  | 'Suspended'
  | 'FailureTarget'
  | 'SuccessCriteriaMet'
  | 'Running';

export interface JobCells {
  status: JobStatus;
  /** COMPLETIONS: "succeeded/completions", "succeeded/1", or "succeeded/1 of parallelism". */
  completions: string;
  /** DURATION: start to completion, or start to now while running; "" before the job starts. */
  duration: string;
  containers: string;
  images: string;
  /** metav1.FormatLabelSelector: "<none>" when empty. */
  selector: string;
}

/** hasJobCondition: the first condition of that type decides. */
const hasCondition = (conds: readonly Condition[] | undefined, type: string): boolean =>
  (conds ?? []).find((c) => c.type === type)?.status === 'True';

/** printJob's STATUS: the first of Complete, Failed, Terminating, Suspended, FailureTarget, SuccessCriteriaMet; else Running. */
export function jobStatus(job: Job): JobStatus {
  const conds = job.status?.conditions;
  if (hasCondition(conds, 'Complete')) return 'Complete';
  if (hasCondition(conds, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (hasCondition(conds, 'Suspended')) return 'Suspended';
  if (hasCondition(conds, 'FailureTarget')) return 'FailureTarget';
  if (hasCondition(conds, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

/** COMPLETIONS cell. */
export function jobCompletions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  const completions = job.spec?.completions;
  if (completions !== undefined && completions !== null) return `${succeeded}/${completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** DURATION cell; `now` in epoch ms. */
function jobDuration(job: Job, now: number): string {
  const start = parseTimestamp(job.status?.startTime);
  if (!Number.isFinite(start)) return '';
  const end = parseTimestamp(job.status?.completionTime);
  return humanDuration((Number.isFinite(end) ? end : now) - start);
}

/** STATUS, COMPLETIONS, DURATION and the wide CONTAINERS, IMAGES, SELECTOR cells. */
export function jobCells(job: Job, now: number): JobCells {
  return {
    status: jobStatus(job),
    completions: jobCompletions(job),
    duration: jobDuration(job, now),
    ...containerCells(job.spec?.template?.spec?.containers),
    selector: formatSelectorCell(job.spec?.selector),
  };
}

export interface CronJobCells {
  schedule: string;
  /** TIMEZONE: spec.timeZone or "<none>". */
  timeZone: string;
  /** SUSPEND: "True", "False", or "<unset>" when absent (the server defaults it to false). */
  suspend: string;
  active: number;
  /** LAST SCHEDULE: age of status.lastScheduleTime, "<none>" when never scheduled. */
  lastSchedule: string;
  containers: string;
  images: string;
  selector: string;
}

/** SCHEDULE, TIMEZONE, SUSPEND, ACTIVE, LAST SCHEDULE and the wide cells; `now` in epoch ms. */
export function cronJobCells(cj: CronJob, now: number): CronJobCells {
  const spec = cj.spec;
  const suspend = spec?.suspend;
  const last = cj.status?.lastScheduleTime;
  return {
    schedule: spec?.schedule ?? '',
    timeZone: spec?.timeZone ?? '<none>',
    suspend: suspend === undefined || suspend === null ? '<unset>' : suspend ? 'True' : 'False',
    active: cj.status?.active?.length ?? 0,
    lastSchedule: last ? ageOf(last, now) : '<none>',
    ...containerCells(spec?.jobTemplate?.spec?.template?.spec?.containers),
    selector: formatSelectorCell(spec?.jobTemplate?.spec?.selector),
  };
}
