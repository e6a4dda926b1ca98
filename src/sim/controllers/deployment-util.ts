// Pure helpers of the Deployment controller (pkg/controller/deployment/util): pod-template-hash, template
// equality ignoring the hash, revisions and their annotations, maxSurge/maxUnavailable fenceposts.

import { createHash } from 'node:crypto';
import type { Deployment, PodTemplateSpec } from '../../util/k8s.js';
import type { ReplicaSet } from './replicaset-type.js';
import { scaledValue } from './util.js';
import { countOf } from './usable.js';

export const HASH_LABEL = 'pod-template-hash';
export const REVISION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const NOT_COPIED = new Set([
  LAST_APPLIED,
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);
const MAX_HISTORY_CHARS = 2000;
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** A text's SHA-256 (base64): a short stand-in for a long key compared only for equality. */
export const digest = (s: string): string => createHash('sha256').update(s).digest('base64');

/** FNV-1a 32-bit over a string. */
function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * JSON with object keys sorted, so equal templates hash and compare equal whatever their key order; null,
 * empty objects and empty arrays count as absent, as they do once decoded into Go structs (kubectl's
 * rollback sends `metadata.creationTimestamp: null`).
 */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const parts: string[] = [];
    for (const k of Object.keys(v).sort()) {
      const c = canonical((v as Record<string, unknown>)[k]);
      if (c !== '' && c !== 'null' && c !== '{}' && c !== '[]') parts.push(`${JSON.stringify(k)}:${c}`);
    }
    return `{${parts.join(',')}}`;
  }
  return v === undefined ? '' : JSON.stringify(v);
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether canonical(v) is one that canonical leaves out as a member ('', 'null', '{}' or '[]'). */
function isVoid(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'number') return !Number.isFinite(v); // JSON.stringify writes null
  if (Array.isArray(v)) return v.length === 0 || (v.length === 1 && v[0] === undefined);
  if (isRec(v)) {
    for (const k in v) if (!isVoid(v[k])) return false;
    return true;
  }
  return false;
}

/** Values whose canonical text is not taken apart below: arrays holding undefined, non-JSON scalars. */
const odd = (v: unknown): boolean =>
  (Array.isArray(v) && v.includes(undefined)) || typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint';

/**
 * canonical(a) === canonical(b), without building either text: the controllers compare a status or
 * annotations they computed with the stored ones on every reconcile, and the two texts were a tenth of
 * everything the simulator allocated.
 */
export function canonicalEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (odd(a) || odd(b)) return canonical(a) === canonical(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!canonicalEqual(a[i], b[i])) return false;
    return true;
  }
  if (isRec(a)) {
    if (!isRec(b)) return false;
    let n = 0;
    for (const k in a) {
      const x = a[k];
      if (isVoid(x)) continue;
      n++;
      const y = b[k];
      if (isVoid(y) || !canonicalEqual(x, y)) return false;
    }
    for (const k in b) if (!isVoid(b[k])) n--;
    return n === 0;
  }
  if (isRec(b) || Array.isArray(b)) return false;
  return (a === undefined ? '' : JSON.stringify(a)) === (b === undefined ? '' : JSON.stringify(b));
}

/**
 * The template without the pod-template-hash label, for `canonical` only: a shallow copy down to the
 * labels (the rest is the template's own, unchanged), in the same key order as a deep copy would have.
 */
function withoutHash(t: PodTemplateSpec | undefined): PodTemplateSpec | undefined {
  const labels = t?.metadata?.labels;
  if (!t || !labels || !(HASH_LABEL in labels)) return t;
  const { [HASH_LABEL]: _hash, ...rest } = labels;
  void _hash;
  const metadata: NonNullable<PodTemplateSpec['metadata']> = { ...t.metadata };
  if (Object.keys(rest).length === 0) delete metadata.labels;
  else metadata.labels = rest;
  return { ...t, metadata };
}

/** pod-template-hash (controller.ComputeHash): FNV-32a of the template and collision count, safe-encoded. */
export function templateHash(template: unknown, collisionCount = 0): string {
  const digits = String(fnv32a(canonical(template) + (collisionCount ? String(collisionCount) : '')));
  return [...digits].map((d) => SAFE.charAt(d.charCodeAt(0) % SAFE.length)).join('');
}

/**
 * canonical(withoutHash(template)) of a stored object, memoised by uid and generation (a template change
 * bumps the generation), since status updates store a fresh copy of the object each time. One cache per
 * cluster: uids are unique only within one. Kept as the SHA-256 of that text (the key is only compared
 * for equality): the text itself is ~2.5 KB per Deployment and ReplicaSet, 30 MB at 100,000 pods.
 */
export type TemplateKeyCache = Map<string, { gen: number; key: string }>;
export function templateKey(
  templateKeys: TemplateKeyCache,
  o: { metadata: { uid?: string; generation?: number }; spec?: { template?: PodTemplateSpec } },
): string {
  const uid = o.metadata.uid;
  const gen = o.metadata.generation ?? 0;
  const hit = uid ? templateKeys.get(uid) : undefined;
  if (hit && hit.gen === gen) return hit.key;
  const key = digest(canonical(withoutHash(o.spec?.template)));
  if (uid) {
    if (templateKeys.size > 20_000) templateKeys.clear();
    templateKeys.set(uid, { gen, key });
  }
  return key;
}

export const equalIgnoreHash = (a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean =>
  canonical(withoutHash(a)) === canonical(withoutHash(b));

export const revisionOf = (o: { metadata: { annotations?: Record<string, string> } }): number =>
  Number.parseInt(o.metadata.annotations?.[REVISION] ?? '', 10) || 0;

export const maxRevision = (rss: readonly ReplicaSet[]): number => Math.max(0, ...rss.map(revisionOf));

export const replicasOf = (rs: ReplicaSet | undefined): number => countOf(rs?.spec?.replicas);

/** [maxSurge, maxUnavailable] resolved against spec.replicas (deploymentutil.ResolveFenceposts). */
function fenceposts(d: Deployment): [number, number] {
  const ru = d.spec?.strategy?.rollingUpdate;
  const desired = d.spec?.replicas ?? 1;
  const surge = scaledValue(ru?.maxSurge, desired, true, '25%');
  const unavailable = scaledValue(ru?.maxUnavailable, desired, false, '25%');
  return surge === 0 && unavailable === 0 ? [0, 1] : [surge, unavailable];
}

const isRolling = (d: Deployment): boolean =>
  (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

export function maxSurge(d: Deployment): number {
  return isRolling(d) ? fenceposts(d)[0] : 0;
}

export function maxUnavailable(d: Deployment): number {
  const desired = d.spec?.replicas ?? 1;
  if (!isRolling(d) || desired === 0) return 0;
  return Math.min(fenceposts(d)[1], desired);
}

/**
 * SetNewReplicaSetAnnotations: copy the deployment's own annotations, raise the revision to `revision`
 * (recording the old one in revision-history when an old RS is re-adopted), and for a new RS the
 * desired/max replicas. Returns true when anything changed.
 */
export function setNewRSAnnotations(
  d: Deployment,
  rs: ReplicaSet,
  revision: number,
  exists: boolean,
): boolean {
  const ann = (rs.metadata.annotations ??= {});
  const before = { ...ann };
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!NOT_COPIED.has(k)) ann[k] = v;
  const oldText = ann[REVISION];
  const old = Number.parseInt(oldText ?? '', 10) || 0;
  if (old < revision) {
    ann[REVISION] = String(revision);
    if (oldText !== undefined && oldText !== '') {
      const hist = ann[REVISION_HISTORY];
      let next = hist ? `${hist},${oldText}` : oldText;
      while (next.length > MAX_HISTORY_CHARS && next.includes(',')) next = next.slice(next.indexOf(',') + 1);
      ann[REVISION_HISTORY] = next;
    }
  }
  if (!exists) setReplicasAnnotations(rs, d.spec?.replicas ?? 1, (d.spec?.replicas ?? 1) + maxSurge(d));
  return !canonicalEqual(ann, before);
}

export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const ann = (rs.metadata.annotations ??= {});
  if (ann[DESIRED_REPLICAS] === String(desired) && ann[MAX_REPLICAS] === String(max)) return false;
  ann[DESIRED_REPLICAS] = String(desired);
  ann[MAX_REPLICAS] = String(max);
  return true;
}

/** Oldest first, then by name (controller.ReplicaSetsByCreationTimestamp). */
export const byCreation = (a: ReplicaSet, b: ReplicaSet): number =>
  (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
  (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');

export const byRevision = (a: ReplicaSet, b: ReplicaSet): number =>
  revisionOf(a) - revisionOf(b) || byCreation(a, b);
