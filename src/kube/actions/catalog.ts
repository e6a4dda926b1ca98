// The cluster verbs kubedeck can run on a target, as data: what each is called and whether it writes.
// Which kinds offer which verb, under which key and with which confirmation is declared by the kinds
// themselves (src/resources, `can`); this file and the runner name no kind.

export type ActionId =
  | 'scale'
  | 'history'
  | 'undo'
  | 'restart'
  | 'pause'
  | 'resume'
  | 'delete'
  | 'kill'
  | 'label'
  | 'annotate'
  | 'cordon'
  | 'uncordon'
  | 'drain'
  | 'trigger'
  | 'edit'
  | 'helm-rollback'
  | 'helm-uninstall';

/** An API collection a verb needs besides its target (declared by the kind: src/resources). */
export interface Collection {
  group: string;
  version: string;
  plural: string;
}

/**
 * How a kind keeps its rollout revisions, as its file declares it: owned objects carrying whole templates
 * (a Deployment's ReplicaSets) or ControllerRevisions (StatefulSets, DaemonSets), and where they live.
 */
export interface RevisionStrategy {
  via: 'owned-templates' | 'controller-revisions';
  from: Collection;
}

export interface ActionSpec {
  id: ActionId;
  /** The word in `read-only mode: <verb> refused` and in progress messages. */
  verb: string;
  /** Sends a write; refused in read-only mode, before any request. */
  mutating: boolean;
}

export const ACTIONS: readonly ActionSpec[] = [
  { id: 'scale', verb: 'scale', mutating: true },
  { id: 'history', verb: 'rollout history', mutating: false },
  { id: 'undo', verb: 'rollout undo', mutating: true },
  { id: 'restart', verb: 'rollout restart', mutating: true },
  { id: 'pause', verb: 'rollout pause', mutating: true },
  { id: 'resume', verb: 'rollout resume', mutating: true },
  { id: 'delete', verb: 'delete', mutating: true },
  { id: 'kill', verb: 'kill', mutating: true },
  { id: 'label', verb: 'label', mutating: true },
  { id: 'annotate', verb: 'annotate', mutating: true },
  { id: 'cordon', verb: 'cordon', mutating: true },
  { id: 'uncordon', verb: 'uncordon', mutating: true },
  { id: 'drain', verb: 'drain', mutating: true },
  { id: 'trigger', verb: 'trigger', mutating: true },
  { id: 'edit', verb: 'apply', mutating: true },
  { id: 'helm-rollback', verb: 'helm rollback', mutating: true },
  { id: 'helm-uninstall', verb: 'helm uninstall', mutating: true },
];

const BY_ID = new Map<string, ActionSpec>(ACTIONS.map((a) => [a.id, a]));

export function actionSpec(id: string): ActionSpec | undefined {
  return BY_ID.get(id);
}
