// The API server's defaulting of DaemonSets, StatefulSets, Jobs and CronJobs (pkg/apis/apps/v1 and
// pkg/apis/batch/v1 SetDefaults_*), and the Job selector the server generates (pkg/registry/batch/job
// generateSelector): without manualSelector a Job gets `batch.kubernetes.io/controller-uid` in its
// selector and template labels; a selector given without manualSelector is refused as a real server does.

import type { KObject, PodSpec } from '../util/k8s.js';
import { StorageError } from './storage/index.js';

type Obj = Record<string, unknown>;

const obj = (o: Obj, key: string): Obj => {
  const v = o[key];
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Obj;
  const fresh: Obj = {};
  o[key] = fresh;
  return fresh;
};

const specOf = (o: KObject): Obj | undefined => {
  const s = (o as unknown as Obj)['spec'];
  return s && typeof s === 'object' ? (s as Obj) : undefined;
};

/** Pod template defaults (the caller's PodSpec defaulting) for a workload spec's `template`. */
function templateSpec(spec: Obj): PodSpec | undefined {
  const tpl = spec['template'] as { spec?: PodSpec } | undefined;
  return tpl?.spec;
}

export function defaultDaemonSet(o: KObject, podSpec: (s: PodSpec) => void): void {
  const spec = specOf(o);
  if (!spec) return;
  const strategy = obj(spec, 'updateStrategy');
  strategy['type'] ??= 'RollingUpdate';
  if (strategy['type'] === 'RollingUpdate') {
    const ru = obj(strategy, 'rollingUpdate');
    ru['maxUnavailable'] ??= 1;
    ru['maxSurge'] ??= 0;
  }
  spec['revisionHistoryLimit'] ??= 10;
  const t = templateSpec(spec);
  if (t) podSpec(t);
}

export function defaultStatefulSet(o: KObject, podSpec: (s: PodSpec) => void): void {
  const spec = specOf(o);
  if (!spec) return;
  spec['replicas'] ??= 1;
  spec['podManagementPolicy'] ??= 'OrderedReady';
  const strategy = obj(spec, 'updateStrategy');
  strategy['type'] ??= 'RollingUpdate';
  if (strategy['type'] === 'RollingUpdate') obj(strategy, 'rollingUpdate')['partition'] ??= 0;
  spec['revisionHistoryLimit'] ??= 10;
  const retention = obj(spec, 'persistentVolumeClaimRetentionPolicy');
  retention['whenDeleted'] ??= 'Retain';
  retention['whenScaled'] ??= 'Retain';
  for (const claim of (spec['volumeClaimTemplates'] as Obj[] | undefined) ?? []) {
    const cs = obj(claim, 'spec');
    cs['volumeMode'] ??= 'Filesystem';
    claim['apiVersion'] ??= 'v1';
    claim['kind'] ??= 'PersistentVolumeClaim';
  }
  const t = templateSpec(spec);
  if (t) podSpec(t);
}

const JOB_UID = 'batch.kubernetes.io/controller-uid';

export function defaultJob(
  o: KObject,
  old: KObject | undefined,
  podSpec: (s: PodSpec) => void,
  newUid: () => string,
): void {
  const spec = specOf(o);
  if (!spec) return;
  spec['completions'] ??= 1;
  spec['parallelism'] ??= 1;
  spec['backoffLimit'] ??= 6;
  spec['completionMode'] ??= 'NonIndexed';
  spec['suspend'] ??= false;
  spec['podReplacementPolicy'] ??= 'TerminatingOrFailed';
  const t = templateSpec(spec);
  if (t) {
    // a real server refuses a Job without restartPolicy Never/OnFailure; the sim runs it as Never
    t.restartPolicy ??= 'Never';
    podSpec(t);
  }
  if (old) return; // the selector is immutable; updates keep what creation generated
  if (spec['manualSelector'] === true) return;
  const name = o.metadata.name ?? '';
  if (spec['selector'] !== undefined)
    throw new StorageError(
      422,
      'Invalid',
      `Job.batch "${name}" is invalid: spec.selector: Invalid value: ${JSON.stringify(spec['selector'])}: \`selector\` not auto-generated`,
    );
  // the API server picks the uid here, so the generated selector can name it
  const uid = newUid();
  o.metadata.uid = uid;
  spec['selector'] = { matchLabels: { [JOB_UID]: uid } };
  const tpl = obj(spec, 'template');
  const meta = obj(tpl, 'metadata');
  meta['labels'] = {
    ...(meta['labels'] as Record<string, string> | undefined),
    [JOB_UID]: uid,
    'batch.kubernetes.io/job-name': name,
    'controller-uid': uid,
    'job-name': name,
  };
}

export function defaultCronJob(o: KObject, podSpec: (s: PodSpec) => void): void {
  const spec = specOf(o);
  if (!spec) return;
  spec['concurrencyPolicy'] ??= 'Allow';
  spec['suspend'] ??= false;
  spec['successfulJobsHistoryLimit'] ??= 3;
  spec['failedJobsHistoryLimit'] ??= 1;
  const jobTemplate = spec['jobTemplate'] as { spec?: Obj } | undefined;
  const js = jobTemplate?.spec;
  if (!js) return;
  js['backoffLimit'] ??= 6;
  js['completionMode'] ??= 'NonIndexed';
  js['suspend'] ??= false;
  const t = templateSpec(js);
  if (t) {
    t.restartPolicy ??= 'Never';
    podSpec(t);
  }
}
