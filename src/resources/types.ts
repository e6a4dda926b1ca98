// What every kind exports (ARCHITECTURE.md conventions 1–2): GVR, names, columns as data, and pure
// project/row/status functions over slim records. Only the UI maps a Tone to a colour.
import type { KObject } from '../util/k8s.js';

export type Tone = 'ok' | 'pending' | 'warn' | 'error' | 'dim';

export interface Column {
  name: string;
  align?: 'left' | 'right';
  /** Shown only in the wide view (kubectl's priority 1 columns). */
  wide?: boolean;
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
  /** Has a `scale` subresource (deployments, replicasets, statefulsets). */
  scalable?: boolean;
  /**
   * Kinds known only from discovery (CRDs and others): rows come from server-side Table cells, so
   * the cache must be filled with `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` and the
   * records projected with `projectTable` (see generic.ts), never with `project` on raw objects.
   */
  generic?: boolean;
}
