// What every kind exports (ARCHITECTURE.md conventions 1–2): GVR, names, columns as data, and pure
// project/row/status functions over slim records. Only the UI maps a Tone to a colour.
import type { KObject } from '../util/k8s.js';
import type { Command } from '../keys/commands.js';
import type { ActionId, RevisionStrategy } from '../kube/actions/catalog.js';
import type { ReleaseStorage } from '../kube/actions/helm-records.js';

export type Tone = 'ok' | 'pending' | 'warn' | 'error' | 'dim';

export interface Column {
  name: string;
  align?: 'left' | 'right';
  /** Shown only in the wide view (kubectl's priority 1 columns). */
  wide?: boolean;
  /**
   * A secondary column: dropped when the terminal is too narrow for every column, before NAME (or any
   * column) is cut. The number is the order in which they go: 1 first.
   */
  optional?: number;
}

/** The part of every slim record the store and UI rely on. */
export interface SlimBase {
  /** "ns/name" for namespaced objects, "name" otherwise. */
  key: string;
  uid: string;
  name: string;
  namespace?: string;
  rv: string;
  labels: Record<string, string>;
  /** creationTimestamp in epoch ms, NaN if unknown. */
  created: number;
  /** metadata.deletionTimestamp is set. */
  deleting: boolean;
}

/** Where Enter on a row leads: a view of another kind, narrowed by namespace and selectors. */
export interface DrillTarget {
  /** Plural (or any name `resolveResource` accepts) of the kind to show, e.g. "pods". */
  resource: string;
  /** undefined = all namespaces. */
  namespace?: string;
  /** A label selector string, as in `?labelSelector=` ("app=web,tier in (a,b)"). */
  labelSelector?: string;
  /** A field selector string, as in `?fieldSelector=` ("spec.nodeName=node-1"). */
  fieldSelector?: string;
}

export interface ResourceDef<R extends SlimBase = SlimBase> {
  kind: string;
  plural: string;
  singular: string;
  /** "" for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
  /** Short names and other names users type (lower case). */
  aliases: readonly string[];
  /** kubectl's columns, without NAMESPACE (the UI adds it in all-namespace views). */
  columns: readonly Column[];
  /** Parse once per watch event into a slim record; the raw object is not kept. Pure, no `this`. */
  project(obj: KObject): R;
  /** Cells aligned with `columns` (wide ones included), sanitized; AGE computed from `now`. */
  row(rec: R, now: number): string[];
  status(rec: R): { text: string; tone: Tone };
  /** Enter on a row: the view to open, or undefined when this row leads nowhere. Pure, no `this`. */
  drill?(rec: R): DrillTarget | undefined;
  /** Not served by the cluster: rows come from kubedeck itself (`:ctx` lists kubeconfig contexts). */
  local?: boolean;
  /** Watch this collection instead of `plural` (the containers view watches pods). */
  watchPlural?: string;
  /** One cached record → the rows it stands for (a pod → its containers). Pure, no `this`. */
  expand?(rec: R): R[];
  /**
   * What can be done with a row, each bound to a key (see capabilities.ts): the header hints, `?` help,
   * read-only notices and dialogs come from here. A kind without it only navigates.
   */
  can?: readonly Capability<R>[];
  /** The field selector labels the API accepts for this kind (checked before `-f` is sent); any if absent. */
  fieldLabels?: readonly string[];
  /**
   * CPU/MEM columns from metrics.k8s.io while the cluster serves it: which of its resources holds this
   * kind's usage, the columns (k9s's), and what the two percentages are over (requests, allocatable).
   */
  usage?: { source: 'pods' | 'nodes'; columns: readonly Column[]; totals(rec: R): [cpuMilli: number, memBytes: number] };
  /** describe's body after the common metadata (kubectl's describer for the kind); a generic dump if absent. */
  describe?(obj: KObject, out: string[]): void;
  /**
   * Kinds known only from discovery (CRDs and others): rows come from server-side Table cells, so
   * the cache must be filled with `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` and the
   * records projected with `projectTable` (see generic.ts), never with `project` on raw objects.
   */
  generic?: boolean;
  /** What `:xray` follows from an object of this kind (owned kinds, selected pods, rows, references). */
  xray?: XrayDecl;
}

/** An object another one names (a pod's ConfigMap, a PVC's PV): the kind's plural and the object's name. */
export interface XrayRef {
  resource: string;
  name: string;
}

/**
 * `:xray` as data, per kind: which caches the tree opens and what hangs under an object. Objects owned
 * (ownerReferences) are found by owner uid in every cache the tree has open, whatever their kind.
 */
interface XrayDecl {
  /** Kinds (plurals) whose objects these own: their caches are opened to find the children. */
  owns?: readonly string[];
  /** The kind (plural) whose objects the drill-down's label selector picks are children too (a Service's pods). */
  selects?: string;
  /** A kind that expands the same watched object into rows (a pod's containers), shown under it. */
  rows?: string;
  /** What an object names (read from the full object as it is cached): `kinds` are the plurals `of` may return. */
  refs?: { kinds: readonly string[]; of(obj: KObject): XrayRef[] };
  /** Custom controllers often own objects of this kind: a kind that declares no `owns` (a CRD) looks among these. */
  operand?: boolean;
}

// What can be done with a kind's rows (declared in its file as `can`; builders in capabilities.ts).

/** One container whose logs `l` streams. */
export interface LogTargetSpec {
  namespace: string;
  pod: string;
  container: string;
}

/** The container `s`/`a` enters: a pod's default container, or one named container. */
export interface ShellSpec {
  namespace: string;
  pod: string;
  container?: string;
}

/** What Shift-F forwards to: a pod (optionally one container's ports) or a service. */
export type ForwardSpec = { namespace: string; pod: string; container?: string } | { namespace: string; service: string };

/** How a capability acts, by kind of effect; the store's services and the UI's dialogs run each kind. */
export type Effect<R extends SlimBase> =
  /** A cluster verb on the row's object, after a confirmation when `confirm` says what it will do. */
  | { type: 'action'; action: ActionId; confirm?(who: string): string[]; /** What the verb needs to know of this kind (collections, kinds). */ args?: object }
  /** The scale dialog, prefilled with the current replica count. */
  | { type: 'scale'; replicas(rec: R): number }
  /** History newest first, a template diff, then Enter and `y` roll back (`rollout undo`). */
  | { type: 'rollback'; revisions: RevisionStrategy }
  /** Logs of containers: given per row, or the pods the row drills down to (merged). */
  | { type: 'logs'; previous?: boolean; targets: { of(rec: R): LogTargetSpec[] } | 'drill' }
  | { type: 'shell'; target(rec: R): ShellSpec }
  | { type: 'attach'; target(rec: R): ShellSpec }
  | { type: 'port-forward'; target(rec: R): ForwardSpec }
  | { type: 'describe' }
  | { type: 'yaml' }
  /** The object's YAML in $EDITOR, applied on save. */
  | { type: 'edit' }
  /** `:pf`: stop a forward kubedeck runs (after a confirmation, as every Ctrl-D). */
  | { type: 'stop-forward' }
  /** `:ctx`: switch to the row's kubeconfig context. */
  | { type: 'switch-context' }
  /** A helm release's text: its values (user-supplied; the computed ones on a key), manifest or notes. */
  | { type: 'release-text'; part: 'values' | 'manifest' | 'notes'; storage: readonly ReleaseStorage[] }
  /** A helm release's history newest first with the values and manifest diff, then Enter and `y` run `rollback`. */
  | { type: 'release-history'; rollback: ActionId; storage: readonly ReleaseStorage[] };

export interface Capability<R extends SlimBase = SlimBase> {
  /** The keymap command whose keys run it (users rebind commands, not capabilities). */
  cmd: Command;
  /** The name shown in hints, help, dialogs and notices: "Scale", "Uncordon", "Drain". */
  label: string;
  effect: Effect<R>;
  /** Changes the cluster: hidden in read-only mode, where its key says why it did nothing. */
  mutating: boolean;
  /** Shown among the header's key hints (the rest are in `?` help). */
  hint?: boolean;
  /** Why it cannot act on this row now (terminating, already cordoned…), or undefined. */
  when?(rec: R): string | undefined;
}

