// Deployment rollout history and undo with kubectl's algorithm (polymorphichelpers/rollback.go), as the
// Deployments' RevisionSource: the ReplicaSets matching the deployment's selector whose controller
// ownerReference is the deployment, revisions from `deployment.kubernetes.io/revision`, and a JSON patch
// replacing /spec/template and /metadata/annotations.
import type { Deployment, KObject, PodTemplateSpec } from '../../util/k8s.js';
import { fromLabelSelector, selectorToString } from '../../util/selector.js';
import { KubeError } from '../errors.js';
import { collectionPath } from '../resource-path.js';
import { JSON_PATCH, displayName, getObject, patch, restoreFailed } from './core.js';
import { semanticEqual, withoutHash } from './template.js';
import type { ActionContext, ActionTarget, RevisionInfo, RevisionSource, UndoValue } from './types.js';
import type { Collection } from './catalog.js';

const REVISION = 'deployment.kubernetes.io/revision';
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/** Deployment annotations an undo keeps from the deployment rather than copying from the ReplicaSet. */
const ANNOTATIONS_TO_SKIP: readonly string[] = [
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
];

interface ReplicaSet extends KObject {
  spec?: { template?: PodTemplateSpec };
}

/** deploymentutil.Revision: the annotation as an integer, 0 when absent, undefined when unparseable. */
function revisionOf(obj: KObject): number | undefined {
  const v = obj.metadata.annotations?.[REVISION];
  if (v === undefined) return 0;
  return /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

async function ownedReplicaSets(ctx: ActionContext, d: Deployment, t: ActionTarget, from: Collection): Promise<ReplicaSet[]> {
  const sel = fromLabelSelector(d.spec?.selector);
  if (!sel.ok) throw new KubeError('Invalid', `${displayName(t)} has an invalid selector: ${sel.error}`);
  const selector = selectorToString(sel.selector);
  const path = collectionPath({ ...from, namespace: t.namespace ?? '' });
  const list = await ctx.transport.request<{ items?: ReplicaSet[] }>(path, selector ? { query: { labelSelector: selector } } : {});
  const uid = d.metadata.uid;
  return (list?.items ?? []).filter((rs) => (rs.metadata.ownerReferences ?? []).some((r) => r.controller === true && r.uid === uid));
}

/** Revisions of a deployment's ReplicaSets, newest first. `current` marks the deployment's own revision. */
function revisionsOf(d: Deployment, owned: readonly ReplicaSet[]): RevisionInfo[] {
  const out: RevisionInfo[] = [];
  for (const rs of owned) {
    const revision = revisionOf(rs);
    if (revision === undefined) continue;
    out.push({
      revision,
      changeCause: rs.metadata.annotations?.[CHANGE_CAUSE] ?? '',
      created: rs.metadata.creationTimestamp ?? '',
      source: rs.metadata.name ?? '',
      template: withoutHash(rs.spec?.template),
      current: false,
    });
  }
  out.sort((a, b) => b.revision - a.revision);
  const own = revisionOf(d);
  const mark = out.find((r) => r.revision === own && own > 0) ?? out.find((r) => d.spec?.template && semanticEqual(r.template, withoutHash(d.spec.template))) ?? out[0];
  if (mark) mark.current = true;
  return out;
}

/** deploymentRevision: the ReplicaSet of `toRevision`, or of the second-highest revision when 0. */
function pickRevision(d: Deployment, owned: readonly ReplicaSet[], toRevision: number): ReplicaSet {
  let latest: [number, ReplicaSet | undefined] = [-1, undefined];
  let previous: [number, ReplicaSet | undefined] = [-1, undefined];
  for (const rs of owned) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (toRevision === 0) {
      if (latest[0] < v) {
        previous = latest;
        latest = [v, rs];
      } else if (previous[0] < v) {
        previous = [v, rs];
      }
    } else if (v === toRevision) {
      return rs;
    }
  }
  if (toRevision > 0) throw new KubeError('NotFound', `unable to find specified revision ${toRevision} in history`);
  if (!previous[1]) throw new KubeError('NotFound', `no rollout history found for deployment "${d.metadata.name ?? ''}"`);
  return previous[1];
}

/** The JSON patch kubectl sends to restore a ReplicaSet's template and annotations. */
function undoPatch(d: Deployment, rs: ReplicaSet): unknown[] {
  const annotations: Record<string, string> = {};
  const own = d.metadata.annotations ?? {};
  for (const k of ANNOTATIONS_TO_SKIP) {
    const v = own[k];
    if (v !== undefined) annotations[k] = v;
  }
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) {
    if (!ANNOTATIONS_TO_SKIP.includes(k)) annotations[k] = v;
  }
  return [
    { op: 'replace', path: '/spec/template', value: withoutHash(rs.spec?.template) },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ];
}

async function undo(ctx: ActionContext, target: ActionTarget, from: Collection, toRevision: number): Promise<UndoValue> {
  const d = await getObject<Deployment>(ctx, target);
  if (d.spec?.paused) {
    throw new KubeError('BadRequest', "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  }
  const rs = pickRevision(d, await ownedReplicaSets(ctx, d, target, from), toRevision);
  const revision = revisionOf(rs) ?? 0;
  if (semanticEqual(withoutHash(rs.spec?.template), withoutHash(d.spec?.template))) return { revision, skipped: true };
  try {
    await patch(ctx, target, JSON_PATCH, undoPatch(d, rs));
  } catch (e) {
    throw restoreFailed(revision, e);
  }
  return { revision, skipped: false };
}

export const deploymentRevisions: RevisionSource = {
  async list(ctx, target, from) {
    const d = await getObject<Deployment>(ctx, target);
    return revisionsOf(d, await ownedReplicaSets(ctx, d, target, from));
  },
  undo,
};
