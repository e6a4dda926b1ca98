// StatefulSet and DaemonSet rollout history and undo through their ControllerRevisions, with kubectl's
// algorithm (polymorphichelpers/history.go and rollback.go): the revisions listed by the workload's selector
// whose controller ownerReference is the workload, numbered by `.revision`; a revision's template is its
// `data` applied to the workload as a strategic merge patch (the controllers store `spec.template` with
// `$patch: replace`, so it is that template); undo picks `--to-revision` or the second-highest revision,
// skips when the template already matches, and otherwise sends the revision's `data` unchanged as a
// strategic merge patch of the workload.
import type { KObject, LabelSelector, PodTemplateSpec } from '../../util/k8s.js';
import { fromLabelSelector, selectorToString } from '../../util/selector.js';
import { KubeError } from '../errors.js';
import { collectionPath } from '../resource-path.js';
import { STRATEGIC_PATCH, getObject, patch, restoreFailed } from './core.js';
import { CHANGE_CAUSE } from './history.js';
import { semanticEqual } from './template.js';
import type { ActionContext, ActionTarget, RevisionInfo, RevisionSource, UndoValue } from './types.js';
import type { Collection } from './catalog.js';

export interface ControllerRevision extends KObject {
  data?: unknown;
  revision?: number;
}

/** The fields of a StatefulSet or DaemonSet that history and undo read. */
export interface RevisionedWorkload extends KObject {
  spec?: { selector?: LabelSelector; template?: PodTemplateSpec };
  /** StatefulSets name their revisions in status (currentRevision, updateRevision); DaemonSets do not. */
  status?: { updateRevision?: string; currentRevision?: string };
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** RFC 7386 merge: maps merge key by key, null deletes, anything else replaces. */
function merge(base: unknown, p: unknown): unknown {
  if (!isObj(p)) return structuredClone(p);
  const out: Json = isObj(base) ? { ...base } : {};
  for (const [k, v] of Object.entries(p)) {
    if (v === null) delete out[k];
    else out[k] = merge(out[k], v);
  }
  return out;
}

/**
 * The pod template `cr` restores on a workload whose template is `current` (kubectl's
 * applyStatefulSetHistory / applyDaemonSetHistory, then `.spec.template`). A template stored with
 * `$patch: replace`, as every controller writes it, is the template; one without is merged over the current
 * one key by key (lists replaced), and no template at all leaves the current one.
 */
export function revisionTemplate(cr: ControllerRevision, current: PodTemplateSpec | undefined): PodTemplateSpec {
  const data = isObj(cr.data) ? cr.data : {};
  const stored = isObj(data['spec']) ? data['spec']['template'] : undefined;
  if (!isObj(stored)) return structuredClone(current ?? { spec: { containers: [] } });
  const { $patch: directive, ...rest } = stored;
  const t = directive === 'replace' ? structuredClone(rest) : merge(current, rest);
  return t as unknown as PodTemplateSpec;
}

/** The body `rollout undo` sends: the revision's `data`, byte for byte what the controller stored. */
export function revisionPatch(cr: ControllerRevision): Json {
  if (!isObj(cr.data)) throw new KubeError('Invalid', `controller revision ${cr.metadata.name ?? ''} has no data to restore`);
  return cr.data;
}

/**
 * kubectl's findHistory: the revision numbered `toRevision`, or for 0 the second-highest one; errors as
 * kubectl words them.
 */
export function findRevision(toRevision: number, history: readonly ControllerRevision[]): ControllerRevision {
  if (toRevision === 0) {
    if (history.length <= 1) throw new KubeError('NotFound', 'no last revision to roll back to');
    const sorted = [...history].sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
    return sorted[sorted.length - 2] as ControllerRevision;
  }
  const hit = history.find((h) => h.revision === toRevision);
  if (!hit) throw new KubeError('NotFound', `unable to find specified revision ${toRevision} in history`);
  return hit;
}

/**
 * Revisions newest first. `current` marks the newest revision whose template equals the workload's, else
 * the one named by status.updateRevision (StatefulSets), else the newest: after an undo the workload's
 * template is an old revision's until the controller renumbers it.
 */
export function controllerRevisionsOf(owner: RevisionedWorkload, history: readonly ControllerRevision[]): RevisionInfo[] {
  const out: RevisionInfo[] = history.map((cr) => ({
    revision: cr.revision ?? 0,
    changeCause: cr.metadata.annotations?.[CHANGE_CAUSE] ?? '',
    created: cr.metadata.creationTimestamp ?? '',
    source: cr.metadata.name ?? '',
    template: revisionTemplate(cr, owner.spec?.template),
    current: false,
  }));
  out.sort((a, b) => b.revision - a.revision);
  const own = owner.spec?.template;
  const update = owner.status?.updateRevision;
  const mark =
    (own ? out.find((r) => semanticEqual(r.template, own)) : undefined) ??
    (update ? out.find((r) => r.source === update) : undefined) ??
    out[0];
  if (mark) mark.current = true;
  return out;
}

/** statefulSetHistory / daemonSetHistory: the workload and the ControllerRevisions it controls. */
async function controlledHistory(
  ctx: ActionContext,
  target: ActionTarget,
  from: Collection,
): Promise<{ owner: RevisionedWorkload; history: ControllerRevision[] }> {
  const owner = await getObject<RevisionedWorkload>(ctx, target);
  const sel = fromLabelSelector(owner.spec?.selector);
  if (!sel.ok) throw new KubeError('Invalid', `failed to create selector for ${owner.kind ?? 'workload'} ${target.name}: ${sel.error}`);
  const selector = selectorToString(sel.selector);
  const path = collectionPath({ ...from, namespace: target.namespace ?? '' });
  const list = await ctx.transport.request<{ items?: ControllerRevision[] }>(path, selector ? { query: { labelSelector: selector } } : {});
  const uid = owner.metadata.uid;
  const history = (list?.items ?? []).filter((cr) => (cr.metadata.ownerReferences ?? []).some((r) => r.controller === true && r.uid === uid));
  return { owner, history };
}

/** The workloads that keep ControllerRevisions (StatefulSets, DaemonSets): kubectl's history.go and rollback.go. */
export const controllerRevisions: RevisionSource = {
  async list(ctx, target, from) {
    const { owner, history } = await controlledHistory(ctx, target, from);
    return controllerRevisionsOf(owner, history);
  },
  async undo(ctx, target, from, toRevision): Promise<UndoValue> {
    const { owner, history } = await controlledHistory(ctx, target, from);
    const cr = findRevision(toRevision, history);
    const revision = cr.revision ?? 0;
    const own = owner.spec?.template;
    if (own && semanticEqual(revisionTemplate(cr, own), own)) return { revision, skipped: true };
    try {
      await patch(ctx, target, STRATEGIC_PATCH, revisionPatch(cr));
    } catch (e) {
      throw restoreFailed(revision, e);
    }
    return { revision, skipped: false };
  },
};
