// The CronJob controller on the injected clock: at each scheduled minute a Job `<cronjob>-<minutes since
// epoch>` from the jobTemplate (concurrencyPolicy Allow / Forbid / Replace, suspend,
// startingDeadlineSeconds), status.active / lastScheduleTime / lastSuccessfulTime, and the job history
// limits (3 successful, 1 failed by default). One timer per CronJob, set for its next run.

import type { KObject } from '../../util/k8s.js';
import { CRONJOBS, JOBS } from '../resources.js';
import type { Scheduler } from '../scheduler.js';
import { copyJson } from '../storage/index.js';
import type { Storage } from '../storage/index.js';
import { nextRun, parseCron } from './cron.js';
import type { EventSink } from './events.js';
import type { Job } from './job.js';
import { splitKey } from './queue.js';
import { ownerRefTo, parseTime, timestamp } from './util.js';
import { OwnedController } from './owned-work.js';

export interface CronJob extends KObject {
  spec?: {
    schedule?: string;
    suspend?: boolean;
    concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
    startingDeadlineSeconds?: number;
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
    jobTemplate?: {
      metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec?: Job['spec'];
    };
  };
  status?: {
    active?: {
      kind: string;
      namespace?: string;
      name?: string;
      uid?: string;
      apiVersion: string;
      resourceVersion?: string;
    }[];
    lastScheduleTime?: string;
    lastSuccessfulTime?: string;
  };
}

const SOURCE = { component: 'cronjob-controller' };
const SCHEDULED = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

const outcome = (j: Job): 'Complete' | 'Failed' | undefined =>
  j.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')
    ?.type as 'Complete' | 'Failed' | undefined;

export class CronJobController extends OwnedController<Job> {
  private readonly seen = new Set<string>();

  constructor(
    private readonly storage: Storage,
    private readonly scheduler: Scheduler,
    private readonly events: EventSink,
    onError: (err: unknown) => void = (): void => undefined,
  ) {
    super(storage, scheduler, { owners: CRONJOBS, ownerKind: 'CronJob', children: JOBS }, onError);
  }

  reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const cj = this.storage.get(CRONJOBS, ns, name) as CronJob | undefined;
    if (!cj?.spec?.schedule || cj.metadata.deletionTimestamp) return;
    const now = this.scheduler.now();
    const st = copyJson(cj.status ?? {});
    let jobs = this.work.children.owned(cj.metadata.uid);
    for (const j of jobs) {
      const done = outcome(j);
      if (!done || this.seen.has(j.metadata.uid ?? '')) continue;
      this.seen.add(j.metadata.uid ?? '');
      this.events.emit(
        cj,
        'Normal',
        'SawCompletedJob',
        `Saw completed job: ${j.metadata.name ?? ''}, condition: ${done}`,
        SOURCE,
      );
      if (
        done === 'Complete' &&
        j.status?.completionTime &&
        (st.lastSuccessfulTime ?? '') < j.status.completionTime
      )
        st.lastSuccessfulTime = j.status.completionTime;
    }
    jobs = this.prune(cj, jobs);
    let cron;
    try {
      cron = parseCron(cj.spec.schedule);
    } catch (err) {
      this.events.emit(
        cj,
        'Warning',
        'InvalidSchedule',
        `invalid schedule: ${cj.spec.schedule}: ${(err as Error).message}`,
        SOURCE,
      );
      return;
    }
    const last = parseTime(st.lastScheduleTime ?? cj.metadata.creationTimestamp);
    let due: number | undefined;
    for (
      let t = nextRun(cron, last), i = 0;
      t !== undefined && t <= now && i < 1000;
      t = nextRun(cron, t), i++
    )
      due = t;
    let active = jobs.filter((j) => !outcome(j) && !j.metadata.deletionTimestamp);
    const deadline = cj.spec.startingDeadlineSeconds;
    if (due !== undefined && !cj.spec.suspend && (deadline === undefined || now - due <= deadline * 1000)) {
      const policy = cj.spec.concurrencyPolicy ?? 'Allow';
      if (policy === 'Replace')
        for (const j of active) {
          this.storage.delete(JOBS, j.metadata.namespace, j.metadata.name ?? '');
          this.events.emit(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name ?? ''}`, SOURCE);
        }
      if (policy !== 'Forbid' || active.length === 0) {
        const job = this.create(cj, due);
        if (job) active = [...active.filter(() => policy !== 'Replace'), job];
        st.lastScheduleTime = timestamp(due);
      }
    }
    st.active = active.map((j) => ({
      kind: 'Job',
      namespace: j.metadata.namespace,
      name: j.metadata.name,
      uid: j.metadata.uid,
      apiVersion: 'batch/v1',
      resourceVersion: j.metadata.resourceVersion,
    }));
    if (st.active.length === 0) delete st.active;
    this.storage.mutate(CRONJOBS, ns, name, (d) => {
      d.status = st;
    });
    const next = nextRun(cron, now);
    if (next !== undefined) this.work.queue.enqueue(key, next - now);
  }

  private create(cj: CronJob, at: number): Job | undefined {
    const name = `${cj.metadata.name ?? ''}-${Math.floor(at / 60_000)}`;
    if (this.storage.get(JOBS, cj.metadata.namespace, name)) return undefined;
    const tpl = cj.spec?.jobTemplate;
    const job: Job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: cj.metadata.namespace,
        labels: { ...tpl?.metadata?.labels },
        annotations: { ...tpl?.metadata?.annotations, [SCHEDULED]: timestamp(at) },
        ownerReferences: [ownerRefTo(cj)],
      },
      spec: copyJson(tpl?.spec ?? {}),
    };
    const created = this.storage.create(JOBS, job) as Job;
    this.events.emit(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`, SOURCE);
    return created;
  }

  /** Keep the newest successfulJobsHistoryLimit / failedJobsHistoryLimit finished jobs. */
  private prune(cj: CronJob, jobs: Job[]): Job[] {
    const gone = new Set<Job>();
    for (const [kind, limit] of [
      ['Complete', cj.spec?.successfulJobsHistoryLimit ?? 3],
      ['Failed', cj.spec?.failedJobsHistoryLimit ?? 1],
    ] as const) {
      const done = jobs
        .filter((j) => outcome(j) === kind)
        .sort(
          (a, b) =>
            (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
            (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
        );
      for (const j of done.slice(0, Math.max(0, done.length - limit))) {
        this.storage.delete(JOBS, j.metadata.namespace, j.metadata.name ?? '');
        this.events.emit(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name ?? ''}`, SOURCE);
        gone.add(j);
      }
    }
    return jobs.filter((j) => !gone.has(j));
  }
}
