// Shapes shared by every action: the object it acts on, the context it runs in, and its result.
// Errors are values: an action resolves to `{ok: false, error}` with a one-line KubeError, never rejects.
import type { PodTemplateSpec } from '../../util/k8s.js';
import type { KubeError } from '../errors.js';
import type { ResourcePath } from '../resource-path.js';
import type { Transport } from '../transport.js';
import type { Collection } from './catalog.js';

/** One object in the API: where its collection lives plus its name. */
export interface ActionTarget extends ResourcePath {
  name: string;
}

export interface ActionContext {
  transport: Pick<Transport, 'request' | 'readOnly'>;
  /** Wall clock for restartedAt and similar stamps (default: new Date()). */
  now?: () => Date;
  /** Random source in [0, 1) for generated names (default Math.random). */
  random?: () => number;
  /** `fieldManager` query parameter on writes that take one (default "kubedeck"). */
  fieldManager?: string;
}

interface ActionSuccess<T> {
  ok: true;
  /** One line for the flash message, kubectl-style: `deployment.apps/web scaled`. */
  message: string;
  value: T;
}

export interface ActionFailure {
  ok: false;
  error: KubeError;
  /** Same as error.message. */
  message: string;
}

export type ActionResult<T = undefined> = ActionSuccess<T> | ActionFailure;

/** A ReplicaSet/ControllerRevision-backed revision of a workload, as `rollout history` shows it. */
export interface RevisionInfo {
  revision: number;
  /** `kubernetes.io/change-cause`, or '' */
  changeCause: string;
  /** creationTimestamp of the ReplicaSet or ControllerRevision (RFC 3339), or '' */
  created: string;
  /** Name of the object holding the revision: the Deployment's ReplicaSet, or the ControllerRevision. */
  source: string;
  /** The pod template (a Deployment's without its pod-template-hash label). */
  template: PodTemplateSpec;
  /** The revision the workload's spec currently holds. */
  current: boolean;
}

export interface UndoValue {
  /** The revision rolled back to (or found to match already). */
  revision: number;
  skipped: boolean;
}

/**
 * Where a kind keeps its rollout history and how it rolls back: Deployments through their ReplicaSets,
 * StatefulSets and DaemonSets through their ControllerRevisions (kubectl's polymorphichelpers history.go
 * and rollback.go). Both reject with a KubeError; rolloutHistory/rolloutUndo (revisions.ts) make them values.
 */
export interface RevisionSource {
  /** Every revision, newest first, the current one marked. */
  list(ctx: ActionContext, target: ActionTarget, from: Collection): Promise<RevisionInfo[]>;
  /** Roll back to `toRevision` (0 = the one before the newest); skipped when the template already matches. */
  undo(ctx: ActionContext, target: ActionTarget, from: Collection, toRevision: number): Promise<UndoValue>;
}

export interface DrainResult {
  /** The node was cordoned by this call (false when it already was). */
  cordoned: boolean;
  /** `namespace/name` of every pod evicted or deleted. */
  removed: string[];
  /** `namespace/name (reason)` of the pods left alone (DaemonSet-owned, mirror pods, already gone). */
  skipped: string[];
  /** `namespace/name: message` of the pods that could not be removed. */
  failed: string[];
}
