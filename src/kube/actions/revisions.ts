// Rollout history and undo for every kind that keeps revisions, through one RevisionSource per kind:
// Deployments read their ReplicaSets (history.ts), StatefulSets and DaemonSets their ControllerRevisions
// (controller-revisions.ts). The same RevisionInfo list and UndoValue come back for all three, so one
// dialog serves them. Failures are values; undo is refused before any request in read-only mode.
import { KubeError } from '../errors.js';
import { displayName, mutatingAction, ok, readAction } from './core.js';
import { daemonSetRevisions, statefulSetRevisions } from './controller-revisions.js';
import { deploymentRevisions } from './history.js';
import type { ActionContext, ActionResult, ActionTarget, RevisionInfo, RevisionSource, UndoValue } from './types.js';

/** The revision source of each kind that has one, by plural. */
export const REVISION_SOURCES: Readonly<Record<string, RevisionSource>> = {
  deployments: deploymentRevisions,
  statefulsets: statefulSetRevisions,
  daemonsets: daemonSetRevisions,
};

export function revisionSourceFor(plural: string): RevisionSource | undefined {
  return Object.hasOwn(REVISION_SOURCES, plural) ? REVISION_SOURCES[plural] : undefined;
}

function sourceOf(target: ActionTarget, verb: string): RevisionSource {
  const source = revisionSourceFor(target.plural);
  if (!source) throw new KubeError('BadRequest', `${verb} is not supported for ${target.plural} (only ${Object.keys(REVISION_SOURCES).join(', ')})`);
  return source;
}

/** `kubectl rollout history`: the revisions newest first, the current one marked. */
export function rolloutHistory(ctx: ActionContext, target: ActionTarget): Promise<ActionResult<RevisionInfo[]>> {
  return readAction(async () => {
    const revs = await sourceOf(target, 'rollout history').list(ctx, target);
    return ok(`${displayName(target)}: ${revs.length} revision${revs.length === 1 ? '' : 's'}`, revs);
  });
}

/**
 * `kubectl rollout undo [--to-revision=N]` (0: the revision before the newest). kubectl's words:
 * `skipped rollback (current template already matches revision N)`, or `<kind>.apps/<name> rolled back`,
 * to which the revision is added.
 */
export function rolloutUndo(ctx: ActionContext, target: ActionTarget, toRevision = 0): Promise<ActionResult<UndoValue>> {
  return mutatingAction<UndoValue>(ctx, 'rollout undo', async () => {
    const source = sourceOf(target, 'rollout undo');
    if (!Number.isSafeInteger(toRevision) || toRevision < 0) throw new KubeError('Invalid', `revision must be a whole number ≥ 0, not ${toRevision}`);
    const v = await source.undo(ctx, target, toRevision);
    return ok(v.skipped ? `skipped rollback (current template already matches revision ${v.revision})` : `${displayName(target)} rolled back to revision ${v.revision}`, v);
  });
}
