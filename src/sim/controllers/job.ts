// The Job controller: runs pods (`<job>-<5 chars>`, or `<job>-<index>-<5 chars>` when Indexed) until
// `completions` succeed, at most `parallelism` at a time; failed pods are replaced after the pod failure
// back-off (10 s doubling) until `backoffLimit` is exceeded; `activeDeadlineSeconds`, `suspend` and
// `ttlSecondsAfterFinished` are honoured. Status and conditions as Kubernetes 1.32 writes them
// (SuccessCriteriaMet + Complete, FailureTarget + Failed), with the controller's Events.

import type { KObject, Pod, PodTemplateSpec } from '../../util/k8s.js';
import { JOBS, PODS } from '../resources.js';
import type { Rng } from '../rng.js';
import type { Scheduler } from '../scheduler.js';
import { copyJson } from '../storage/index.js';
import type { Storage } from '../storage/index.js';
import type { EventSink } from './events.js';
import { splitKey } from './queue.js';
import { deletePodGracefully, isPodReady, parseTime, podFromTemplate, timestamp } from './util.js';
import { OwnedController } from './owned-work.js';
import { JOB_COUNTS, usableSpec } from './usable.js';

export interface Job extends KObject {
  spec?: {
    completions?: number;
    parallelism?: number;
    backoffLimit?: number;
    activeDeadlineSeconds?: number;
    ttlSecondsAfterFinished?: number;
    suspend?: boolean;
    completionMode?: 'NonIndexed' | 'Indexed';
    selector?: { matchLabels?: Record<string, string> };
    template?: PodTemplateSpec;
  };
  status?: Record<string, unknown> & {
    conditions?: {
      type: string;
      status: string;
      reason?: string;
      message?: string;
      lastProbeTime?: string;
      lastTransitionTime?: string;
    }[];
    startTime?: string;
    completionTime?: string;
  };
}

const SOURCE = { component: 'job-controller' };
const INDEX = 'batch.kubernetes.io/job-completion-index';

const finished = (j: Job): string | undefined =>
  j.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')
    ?.type;

export class JobController extends OwnedController<Pod> {
  constructor(
    private readonly storage: Storage,
    private readonly scheduler: Scheduler,
    private readonly rng: Rng,
    private readonly events: EventSink,
    onError: (err: unknown) => void = (): void => undefined,
  ) {
    super(storage, scheduler, { owners: JOBS, ownerKind: 'Job', children: PODS }, onError);
  }

  reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    let job = this.storage.get(JOBS, ns, name) as Job | undefined;
    if (!job?.spec?.template || job.metadata.deletionTimestamp) return;
    if (!usableSpec(job.spec, JOB_COUNTS)) return;
    if (!job.spec.selector) job = this.defaultSelector(job);
    const now = this.scheduler.now();
    const spec = job.spec ?? {};
    const pods = this.work.children.owned(job.metadata.uid);
    const active = pods.filter(
      (p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.metadata.deletionTimestamp,
    );
    const succeeded = pods.filter((p) => p.status?.phase === 'Succeeded');
    const failed = pods.filter((p) => p.status?.phase === 'Failed');
    const completions = spec.completions ?? (spec.parallelism === undefined ? 1 : undefined);
    const st = copyJson(job.status ?? {}) as NonNullable<Job['status']>;
    const ts = timestamp(now);
    const done = finished(job);
    if (done) {
      for (const p of active) deletePodGracefully(this.storage, p, now);
      this.scheduleTtl(job, key, now);
    } else {
      st.startTime ??= ts;
      const started = parseTime(st.startTime);
      const outcome =
        failed.length > (spec.backoffLimit ?? 6)
          ? (['BackoffLimitExceeded', 'Job has reached the specified backoff limit'] as const)
          : spec.activeDeadlineSeconds !== undefined && now - started >= spec.activeDeadlineSeconds * 1000
            ? (['DeadlineExceeded', 'Job was active longer than specified deadline'] as const)
            : undefined;
      const complete =
        completions !== undefined
          ? succeeded.length >= completions
          : succeeded.length > 0 && active.length === 0;
      if (outcome) {
        for (const p of active) deletePodGracefully(this.storage, p, now);
        st.conditions = [cond('FailureTarget', outcome, ts), cond('Failed', outcome, ts)];
        this.events.emit(job, 'Warning', outcome[0], outcome[1], SOURCE);
      } else if (complete) {
        const why = ['CompletionsReached', 'Reached expected number of succeeded pods'] as const;
        st.conditions = [cond('SuccessCriteriaMet', why, ts), cond('Complete', why, ts)];
        st.completionTime = ts;
        this.events.emit(job, 'Normal', 'Completed', 'Job completed', SOURCE);
      } else if (!spec.suspend) {
        const parallelism = spec.parallelism ?? 1;
        const want = Math.min(
          parallelism,
          completions === undefined ? parallelism : completions - succeeded.length,
        );
        const delay = this.failureDelay(failed, now);
        if (active.length < want && delay > 0) this.work.queue.enqueue(key, delay);
        else
          for (let i = active.length; i < want; i++) active.push(this.createPod(job, [...pods, ...active]));
        if (spec.activeDeadlineSeconds !== undefined)
          this.work.queue.enqueue(key, Math.max(1, started + spec.activeDeadlineSeconds * 1000 - now));
      } else for (const p of active.splice(0)) deletePodGracefully(this.storage, p, now);
    }
    const stillActive = finished({ ...job, status: st }) ? [] : active;
    st.active = stillActive.length;
    st.ready = stillActive.filter(isPodReady).length;
    st.succeeded = succeeded.length;
    st.failed = failed.length;
    st.terminating = pods.filter((p) => p.metadata.deletionTimestamp).length;
    st.uncountedTerminatedPods = {};
    for (const k of ['active', 'succeeded', 'failed']) if (st[k] === 0) delete st[k];
    if (spec.completionMode === 'Indexed') st.completedIndexes = indexRanges(succeeded) || undefined;
    this.storage.mutate(JOBS, job.metadata.namespace, job.metadata.name ?? '', (d) => {
      d.status = JSON.parse(JSON.stringify(st)) as unknown;
    });
  }

  /** The pod failure back-off before a replacement: 10 s doubling per failure, 6 min at most. */
  private failureDelay(failed: Pod[], now: number): number {
    if (failed.length === 0) return 0;
    const last = Math.max(...failed.map((p) => lastFinish(p)));
    const wait = Math.min(360_000, 10_000 * 2 ** (failed.length - 1));
    return Number.isFinite(last) ? last + wait - now : 0;
  }

  private defaultSelector(job: Job): Job {
    const uid = job.metadata.uid ?? '';
    const labels = {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': job.metadata.name ?? '',
      'controller-uid': uid,
      'job-name': job.metadata.name ?? '',
    };
    return (this.storage.mutate(JOBS, job.metadata.namespace, job.metadata.name ?? '', (d) => {
      const j = d as Job;
      if (!j.spec?.template) return false;
      j.spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
      j.spec.template.metadata = {
        ...j.spec.template.metadata,
        labels: { ...j.spec.template.metadata?.labels, ...labels },
      };
    }) ?? job) as Job;
  }

  private createPod(job: Job, existing: Pod[]): Pod {
    const tpl = job.spec?.template;
    const indexed = job.spec?.completionMode === 'Indexed';
    const used = new Set(
      existing
        .filter((p) => p.status?.phase !== 'Failed' && !p.metadata.deletionTimestamp)
        .map((p) => p.metadata.annotations?.[INDEX]),
    );
    let index = 0;
    while (indexed && used.has(String(index))) index++;
    const base = indexed ? `${job.metadata.name ?? ''}-${index}-` : `${job.metadata.name ?? ''}-`;
    const mark = indexed ? { [INDEX]: String(index) } : undefined;
    const pod = podFromTemplate(this.storage, this.rng, job, tpl, {
      base,
      ...(mark ? { labels: mark, annotations: mark } : {}),
    });
    const name = pod.metadata.name ?? '';
    if (pod.spec && (pod.spec.restartPolicy ?? 'Always') === 'Always') pod.spec.restartPolicy = 'Never';
    const created = this.storage.create(PODS, pod) as Pod;
    this.events.emit(job, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`, SOURCE);
    return created;
  }

  private scheduleTtl(job: Job, key: string, now: number): void {
    const ttl = job.spec?.ttlSecondsAfterFinished;
    const at = parseTime(
      job.status?.completionTime ??
        job.status?.conditions?.find((c) => c.type === 'Failed')?.lastTransitionTime,
    );
    if (ttl === undefined || Number.isNaN(at)) return;
    if (now >= at + ttl * 1000) this.storage.delete(JOBS, job.metadata.namespace, job.metadata.name ?? '');
    else this.work.queue.enqueue(key, at + ttl * 1000 - now);
  }
}

function cond(
  type: string,
  why: readonly [string, string],
  ts: string,
): NonNullable<NonNullable<Job['status']>['conditions']>[number] {
  return { type, status: 'True', reason: why[0], message: why[1], lastProbeTime: ts, lastTransitionTime: ts };
}

function lastFinish(p: Pod): number {
  const times = (p.status?.containerStatuses ?? [])
    .map((c) => parseTime(c.state?.terminated?.finishedAt))
    .filter((t) => !Number.isNaN(t));
  return times.length ? Math.max(...times) : NaN;
}

/** Completed indexes as the API writes them: sorted, runs compressed ("0-3,5,7-8"). */
function indexRanges(pods: readonly Pod[]): string {
  const idx = [
    ...new Set(pods.map((p) => Number(p.metadata.annotations?.[INDEX])).filter((n) => Number.isInteger(n))),
  ].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1] === (idx[j] ?? 0) + 1) j++;
    out.push(i === j ? String(idx[i]) : `${idx[i]}-${idx[j]}`);
    i = j + 1;
  }
  return out.join(',');
}
