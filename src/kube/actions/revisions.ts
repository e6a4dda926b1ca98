// Rollout history and undo for every kind that keeps revisions, through one RevisionSource per way of
// keeping them (the kind declares which: src/resources): ReplicaSets (history.ts) or ControllerRevisions
// (controller-revisions.ts). The same RevisionInfo list and UndoValue come back for all three, so one
// dialog serves them. Failures are values; undo is refused before any request in read-only mode.
import { KubeError } from '../errors.js';
import { displayName, mutatingAction, ok, readAction } from './core.js';
import { controllerRevisions } from './controller-revisions.js';
import type { RevisionStrategy } from './catalog.js';
import { deploymentRevisions } from './history.js';
import type { ActionContext, ActionResult, ActionTarget, RevisionInfo, RevisionSource, UndoValue } from './types.js';

/** The revision source of each strategy. */
const SOURCES: Readonly<Record<RevisionStrategy['via'], RevisionSource>> = {
  'owned-templates': deploymentRevisions,
  'controller-revisions': controllerRevisions,
};

/** `kubectl rollout history`: the revisions newest first, the current one marked. */
export function rolloutHistory(ctx: ActionContext, target: ActionTarget, strategy: RevisionStrategy): Promise<ActionResult<RevisionInfo[]>> {
  return readAction(async () => {
    const revs = await SOURCES[strategy.via].list(ctx, target, strategy.from);
    return ok(`${displayName(target)}: ${revs.length} revision${revs.length === 1 ? '' : 's'}`, revs);
  });
}

/**
 * `kubectl rollout undo [--to-revision=N]` (0: the revision before the newest). kubectl's words:
 * `skipped rollback (current template already matches revision N)`, or `<kind>.apps/<name> rolled back`,
 * to which the revision is added.
 */
export function rolloutUndo(ctx: ActionContext, target: ActionTarget, strategy: RevisionStrategy, toRevision = 0): Promise<ActionResult<UndoValue>> {
  return mutatingAction<UndoValue>(ctx, 'rollout undo', async () => {
    const source = SOURCES[strategy.via];
    if (!Number.isSafeInteger(toRevision) || toRevision < 0) throw new KubeError('Invalid', `revision must be a whole number ≥ 0, not ${toRevision}`);
    const v = await source.undo(ctx, target, strategy.from, toRevision);
    return ok(v.skipped ? `skipped rollback (current template already matches revision ${v.revision})` : `${displayName(target)} rolled back to revision ${v.revision}`, v);
  });
}
