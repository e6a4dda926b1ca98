// Shapes shared by every action: the object it acts on, the context it runs in, and its result.
// Errors are values: an action resolves to `{ok: false, error}` with a one-line KubeError, never rejects.
import type { PodTemplateSpec } from '../../util/k8s.js';
import type { KubeError } from '../errors.js';
import type { ResourcePath } from '../resource-path.js';
import type { Transport } from '../transport.js';

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

export interface ActionSuccess<T> {
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
  /** creationTimestamp of the ReplicaSet (RFC 3339), or '' */
  created: string;
  replicaSet: string;
  /** The pod template, pod-template-hash label removed. */
  template: PodTemplateSpec;
  /** The revision the deployment currently runs. */
  current: boolean;
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
