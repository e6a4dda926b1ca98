// CronJob trigger, as `kubectl create job <name> --from=cronjob/<cj>`: a Job built from spec.jobTemplate,
// annotated `cronjob.kubernetes.io/instantiate: manual`, owned by the CronJob, named `<cj>-manual-<5 chars>`.
import type { KObject } from '../../util/k8s.js';
import { collectionPath } from '../resource-path.js';
import { displayName, getObject, mutatingAction, ok, write } from './core.js';
import type { ActionContext, ActionResult, ActionTarget } from './types.js';
import type { Collection } from './catalog.js';

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

/** What a trigger creates, as the CronJob kind declares it: the Job's collection and kind. */
export interface Instantiates extends Collection {
  kind: string;
}

function jobFromCronJob(cj: CronJob, name: string, job: Instantiates, owner: { apiVersion: string; kind: string }): KObject & { spec?: unknown } {
  const tpl = cj.spec?.jobTemplate ?? {};
  return {
    apiVersion: `${job.group ? `${job.group}/` : ''}${job.version}`,
    kind: job.kind,
    metadata: {
      name,
      namespace: cj.metadata.namespace ?? '',
      annotations: { ...tpl.metadata?.annotations, 'cronjob.kubernetes.io/instantiate': 'manual' },
      ...(tpl.metadata?.labels ? { labels: { ...tpl.metadata.labels } } : {}),
      ownerReferences: [{ ...owner, name: cj.metadata.name ?? '', uid: cj.metadata.uid ?? '', controller: true }],
    },
    spec: structuredClone(tpl.spec ?? {}),
  };
}

export function triggerCronJob(ctx: ActionContext, target: ActionTarget, creates: Instantiates): Promise<ActionResult<{ job: string }>> {
  return mutatingAction(ctx, 'trigger', async () => {
    const cj = await getObject<CronJob>(ctx, target);
    const name = manualJobName(target.name, ctx.random);
    // the owner reference names the CronJob as the API server returned it
    const owner = { apiVersion: cj.apiVersion ?? `${target.group ? `${target.group}/` : ''}${target.version}`, kind: cj.kind ?? '' };
    const job = jobFromCronJob(cj, name, creates, owner);
    await write(ctx, collectionPath({ group: creates.group, version: creates.version, plural: creates.plural, namespace: target.namespace ?? '' }), { method: 'POST', body: job });
    const created = displayName({ group: creates.group, version: creates.version, plural: creates.plural, name });
    return ok(`${created} created from ${displayName(target)}`, { job: name });
  });
}
