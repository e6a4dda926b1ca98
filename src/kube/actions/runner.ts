// One entry point for every action, by catalog id: `runAction(ctx, 'scale', {target, replicas: 5})`.
// Mutating actions are refused before any request when the transport is read-only (each action function
// checks too, so calling them directly is just as safe); nothing is ever thrown, failures are values.
import type { KObject } from '../../util/k8s.js';
import { KubeError } from '../errors.js';
import { applyEdited } from './apply.js';
import { actionSpec } from './catalog.js';
import type { ActionId, RevisionStrategy } from './catalog.js';
import { failure, readAction } from './core.js';
import { triggerCronJob } from './cronjob.js';
import type { Instantiates } from './cronjob.js';
import { deleteObject, killPod } from './delete.js';
import { helmRollback, helmUninstall } from './helm.js';
import type { HelmRollbackValue, ReleaseStorage } from './helm.js';
import type { DeleteOptions } from './delete.js';
import { annotate, label } from './metadata.js';
import type { MetadataChanges, MetadataOptions } from './metadata.js';
import { cordon, drain, uncordon } from './nodes.js';
import type { DrainOptions } from './nodes.js';
import { rolloutHistory, rolloutUndo } from './revisions.js';
import { pause, restart, resume } from './rollout.js';
import { scale } from './scale.js';
import type { ActionContext, ActionResult, ActionTarget, DrainResult, RevisionInfo, UndoValue } from './types.js';

interface On {
  target: ActionTarget;
}

export interface ActionArgs {
  scale: On & { replicas: number | string };
  history: On & { revisions: RevisionStrategy };
  undo: On & { revisions: RevisionStrategy; toRevision?: number };
  restart: On;
  pause: On;
  resume: On;
  delete: On & DeleteOptions;
  kill: On;
  label: On & MetadataOptions & { changes: string | readonly string[] };
  annotate: On & MetadataOptions & { changes: string | readonly string[] };
  cordon: On;
  uncordon: On;
  drain: On & DrainOptions;
  trigger: On & { creates: Instantiates };
  edit: On & { original: KObject; yaml: string };
  'helm-rollback': On & { storage: readonly ReleaseStorage[]; toRevision?: number };
  'helm-uninstall': On & { storage: readonly ReleaseStorage[] };
}

export interface ActionValues {
  scale: { replicas: number };
  history: RevisionInfo[];
  undo: UndoValue;
  restart: { restartedAt: string };
  pause: { changed: boolean };
  resume: { changed: boolean };
  delete: undefined;
  kill: undefined;
  label: MetadataChanges;
  annotate: MetadataChanges;
  cordon: { changed: boolean };
  uncordon: { changed: boolean };
  drain: DrainResult;
  trigger: { job: string };
  edit: KObject | undefined;
  'helm-rollback': HelmRollbackValue;
  'helm-uninstall': { removed: number };
}

type Handlers = { [K in ActionId]: (ctx: ActionContext, a: ActionArgs[K]) => Promise<ActionResult<ActionValues[K]>> };

const HANDLERS: Handlers = {
  scale: (c, a) => scale(c, a.target, a.replicas),
  history: (c, a) => rolloutHistory(c, a.target, a.revisions),
  undo: (c, a) => rolloutUndo(c, a.target, a.revisions, a.toRevision ?? 0),
  restart: (c, a) => restart(c, a.target),
  pause: (c, a) => pause(c, a.target),
  resume: (c, a) => resume(c, a.target),
  delete: (c, a) => deleteObject(c, a.target, a),
  kill: (c, a) => killPod(c, a.target),
  label: (c, a) => label(c, a.target, a.changes, a),
  annotate: (c, a) => annotate(c, a.target, a.changes, a),
  cordon: (c, a) => cordon(c, a.target),
  uncordon: (c, a) => uncordon(c, a.target),
  drain: (c, a) => drain(c, a.target, a),
  trigger: (c, a) => triggerCronJob(c, a.target, a.creates),
  edit: (c, a) => applyEdited(c, a.target, a.original, a.yaml),
  'helm-rollback': (c, a) => helmRollback(c, a.target, a.storage, a.toRevision ?? 0),
  'helm-uninstall': (c, a) => helmUninstall(c, a.target, a.storage),
};

export function runAction<K extends ActionId>(ctx: ActionContext, id: K, args: ActionArgs[K]): Promise<ActionResult<ActionValues[K]>> {
  const spec = actionSpec(id);
  if (!spec) return Promise.resolve(failure(new KubeError('BadRequest', `unknown action "${String(id)}"`)));
  if (spec.mutating && ctx.transport.readOnly) return Promise.resolve(failure(new KubeError('Forbidden', `read-only mode: ${spec.verb} refused`)));
  const handler = HANDLERS[id] as Handlers[K];
  return readAction(() => handler(ctx, args));
}
