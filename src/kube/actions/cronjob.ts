// CronJob trigger, as `kubectl create job <name> --from=cronjob/<cj>`: a Job built from spec.jobTemplate,
// annotated `cronjob.kubernetes.io/instantiate: manual`, owned by the CronJob, named `<cj>-manual-<5 chars>`.
import type { KObject } from '../../util/k8s.js';
import { collectionPath } from '../resource-path.js';
import { displayName, getObject, mutatingAction, ok, write } from './core.js';
import type { ActionContext, ActionResult, ActionTarget } from './types.js';

const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

interface CronJob extends KObject {
  spec?: { jobTemplate?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown } };
}

/** `<cj>-manual-xxxxx`, the CronJob's name cut so the whole stays within 63 characters. */
function manualJobName(cronJob: string, random: () => number = Math.random): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += SAFE.charAt(Math.floor(random() * SAFE.length) % SAFE.length);
  return `${cronJob.slice(0, 63 - 13).replace(/[-.]+$/, '')}-manual-${suffix}`;
}

function jobFromCronJob(cj: CronJob, name: string): KObject & { spec?: unknown } {
  const tpl = cj.spec?.jobTemplate ?? {};
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: cj.metadata.namespace ?? '',
      annotations: { ...tpl.metadata?.annotations, 'cronjob.kubernetes.io/instantiate': 'manual' },
      ...(tpl.metadata?.labels ? { labels: { ...tpl.metadata.labels } } : {}),
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name ?? '', uid: cj.metadata.uid ?? '', controller: true }],
    },
    spec: structuredClone(tpl.spec ?? {}),
  };
}

export function triggerCronJob(ctx: ActionContext, target: ActionTarget): Promise<ActionResult<{ job: string }>> {
  return mutatingAction(ctx, 'trigger', async () => {
    const cj = await getObject<CronJob>(ctx, target);
    const name = manualJobName(target.name, ctx.random);
    const job = jobFromCronJob(cj, name);
    await write(ctx, collectionPath({ group: 'batch', version: 'v1', plural: 'jobs', namespace: target.namespace ?? '' }), { method: 'POST', body: job });
    return ok(`job.batch/${name} created from ${displayName(target)}`, { job: name });
  });
}
