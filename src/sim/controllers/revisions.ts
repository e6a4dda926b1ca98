// ControllerRevisions (pkg/controller/history) for DaemonSets and StatefulSets, as the real controllers
// write them: one revision per pod template, `data` = `{"spec":{"template":{"$patch":"replace",...}}}` with
// every key sorted and `metadata.creationTimestamp: null`, as Go's json.Marshal of the decoded object prints
// it (so kubectl's byte comparison in `rollout undo` finds a matching revision), `revision` numbered
// max + 1, and returning to an old template renumbers that revision to max + 1 instead of making a new one.
// StatefulSet revisions (history.NewControllerRevision) are named `<sts>-<hash of data>`, labelled with the
// template labels plus `controller.kubernetes.io/hash`, and the pods carry the revision's *name* in
// `controller-revision-hash`; DaemonSet revisions (dsc.snapshot) are named `<ds>-<hash of the template>`,
// labelled with the template labels plus `controller-revision-hash: <hash>`, which the pods carry too. Both
// copy the owner's annotations. revisionHistoryLimit old revisions no pod uses are kept.

import type { KObject, PodTemplateSpec } from '../../util/k8s.js';
import { CONTROLLERREVISIONS } from '../resources.js';
import { copyJson } from '../storage/index.js';
import type { Storage } from '../storage/index.js';
import { canonical, digest, templateHash } from './deployment-util.js';
import { controllerRef, ownerRefTo } from './util.js';

/** The pod label (and DaemonSet revision label) naming the revision a pod was made from. */
export const REVISION_HASH = 'controller-revision-hash';
/** history.ControllerRevisionHashLabel: the StatefulSet revision's hash label. */
const HISTORY_HASH = 'controller.kubernetes.io/hash';
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

export interface ControllerRevision extends KObject {
  data?: unknown;
  revision: number;
}

export interface RevisionOwner extends KObject {
  spec?: {
    template?: PodTemplateSpec;
    selector?: { matchLabels?: Record<string, string> };
    revisionHistoryLimit?: number;
  };
}

export type RevisionStyle = 'StatefulSet' | 'DaemonSet';

/** A copy with object keys sorted at every level (Go marshals maps that way), nulls and empty lists dropped. */
function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) {
    const x = (v as Record<string, unknown>)[k];
    if (x === null || x === undefined || (Array.isArray(x) && x.length === 0)) continue;
    out[k] = sortedKeys(x);
  }
  return out;
}

const oneLevelSorted = (o: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** getPatch: the template as the controller encodes it, to be applied back with `$patch: replace`. */
export function revisionData(t: PodTemplateSpec | undefined): { spec: { template: Record<string, unknown> } } {
  const copy = copyJson(t ?? { spec: { containers: [] } }) as unknown as Record<string, unknown>;
  const spec = copy['spec'] as Record<string, unknown> | undefined;
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'])
    for (const c of (spec?.[list] as Record<string, unknown>[] | undefined) ?? []) c['resources'] ??= {};
  const template = sortedKeys(copy) as Record<string, unknown>;
  // metav1.Time marshals a zero creationTimestamp as null, and ObjectMeta is never omitted
  template['metadata'] = oneLevelSorted({ ...(template['metadata'] as object | undefined), creationTimestamp: null });
  return { spec: { template: oneLevelSorted({ ...template, $patch: 'replace' }) } };
}

/** Go's json.Marshal output for the same value: HTML-sensitive characters escaped. */
export function goJson(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** hash/fnv New32 (FNV-1, not 1a) over the UTF-8 bytes of `s`. */
function fnv32(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) h = (Math.imul(h, 0x01000193) ^ b) >>> 0;
  return h >>> 0;
}

/** history.HashControllerRevision: FNV-1 of the raw data (plus the collision probe), safe-encoded. */
export function revisionHash(data: unknown, probe?: number): string {
  const digits = String(fnv32(goJson(data) + (probe === undefined ? '' : String(probe))));
  return [...digits].map((d) => SAFE.charAt(d.charCodeAt(0) % SAFE.length)).join('');
}

/** The revisions `owner` controls, oldest revision first. */
function revisionsOf(storage: Storage, owner: KObject): ControllerRevision[] {
  return (storage.list(CONTROLLERREVISIONS, owner.metadata.namespace).items as ControllerRevision[])
    .filter((r) => controllerRef(r)?.uid === owner.metadata.uid)
    .sort((a, b) => a.revision - b.revision);
}

/** What a pod made from revision `r` carries in `controller-revision-hash`. */
function podRevisionLabel(style: RevisionStyle, r: ControllerRevision): string {
  return style === 'StatefulSet' ? (r.metadata.name ?? '') : (r.metadata.labels?.[REVISION_HASH] ?? '');
}

function newRevision(storage: Storage, owner: RevisionOwner, style: RevisionStyle, data: unknown, revision: number): ControllerRevision {
  const prefix = (owner.metadata.name ?? '').slice(0, 223);
  // the StatefulSet controller always passes its collisionCount (0) as the probe; a name taken by different
  // data is a hash collision, retried with the next count
  const hashOf = (collisions: number): string =>
    style === 'StatefulSet' ? revisionHash(data, collisions) : templateHash(owner.spec?.template, collisions);
  let hash = hashOf(0);
  for (let n = 1; storage.get(CONTROLLERREVISIONS, owner.metadata.namespace, `${prefix}-${hash}`); n++) hash = hashOf(n);
  const labelKey = style === 'StatefulSet' ? HISTORY_HASH : REVISION_HASH;
  const annotations = owner.metadata.annotations;
  const cr: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${prefix}-${hash}`,
      namespace: owner.metadata.namespace,
      labels: { ...owner.spec?.template?.metadata?.labels, [labelKey]: hash },
      ...(annotations && Object.keys(annotations).length ? { annotations: { ...annotations } } : {}),
      ownerReferences: [ownerRefTo(owner)],
    },
    data,
    revision,
  };
  return storage.create(CONTROLLERREVISIONS, cr) as ControllerRevision;
}

/**
 * revisionData of a template and its canonical form, kept per stored (frozen, hence unchanging) template:
 * a StatefulSet or DaemonSet reconciles on every event of its pods, and its template object is the same
 * across its status writes. The data is only read (a new revision's create copies it); the canonical
 * text is kept as its digest (compared for equality only).
 */
const byTemplate = new WeakMap<object, { data: ReturnType<typeof revisionData>; key: string }>();
function templateRevision(t: PodTemplateSpec | undefined): { data: ReturnType<typeof revisionData>; key: string } {
  const hit = t && byTemplate.get(t);
  if (hit) return hit;
  const data = revisionData(t);
  const out = { data, key: digest(canonical(data)) };
  if (t && Object.isFrozen(t)) byTemplate.set(t, out);
  return out;
}

/** digest(canonical()) of a stored revision's data, kept per (frozen) data object. */
const byData = new WeakMap<object, string>();
function dataKey(d: unknown): string {
  if (d === null || typeof d !== 'object' || !Object.isFrozen(d)) return digest(canonical(d));
  let k = byData.get(d);
  if (k === undefined) byData.set(d, (k = digest(canonical(d))));
  return k;
}

/**
 * Make sure the owner's current template has the newest revision (an equal older one is renumbered to
 * max + 1); returns it and the value its pods carry in `controller-revision-hash`.
 */
export function syncRevision(
  storage: Storage,
  owner: RevisionOwner,
  style: RevisionStyle,
): { revision: ControllerRevision; label: string } {
  const { data, key } = templateRevision(owner.spec?.template);
  const all = revisionsOf(storage, owner);
  const max = all.reduce((m, r) => Math.max(m, r.revision), 0);
  const same = all.filter((r) => dataKey(r.data) === key).pop();
  if (same) {
    if (same.revision === max) return { revision: same, label: podRevisionLabel(style, same) };
    const bumped = storage.mutate(CONTROLLERREVISIONS, same.metadata.namespace, same.metadata.name ?? '', (d) => {
      (d as ControllerRevision).revision = max + 1;
    }) as ControllerRevision | undefined;
    return { revision: bumped ?? same, label: podRevisionLabel(style, bumped ?? same) };
  }
  const created = newRevision(storage, owner, style, data, max + 1);
  return { revision: created, label: podRevisionLabel(style, created) };
}

/**
 * Delete the oldest revisions beyond revisionHistoryLimit, never the newest one nor one whose pod label
 * (see podRevisionLabel) is in `inUse`.
 */
export function pruneRevisions(storage: Storage, owner: RevisionOwner, style: RevisionStyle, inUse: ReadonlySet<string>): void {
  const limit = owner.spec?.revisionHistoryLimit ?? 10;
  const all = revisionsOf(storage, owner);
  const current = all[all.length - 1];
  const old = all.filter((r) => r !== current && !inUse.has(podRevisionLabel(style, r)));
  for (const r of old.slice(0, Math.max(0, old.length - limit)))
    storage.delete(CONTROLLERREVISIONS, r.metadata.namespace, r.metadata.name ?? '');
}
