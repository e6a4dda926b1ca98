// `helm rollback` and `helm uninstall` without the helm binary, writing the records the way helm's storage
// driver does (util/helm) so the real helm reads them afterwards (helm pkg/action rollback.go, uninstall.go):
//
// rollback to R: revision N+1 is created as pending-rollback (a copy of R's chart, values, manifest and notes,
// description `Rollback to R`), R's manifest is applied (a merge patch from the current manifest's form of each
// object, with helm's ownership label and annotations; created when missing) and the current manifest's
// objects R no longer has are deleted; then N+1 becomes
// deployed and every other deployed revision superseded. A failed apply leaves N+1 failed, as helm does.
// uninstall: the latest record is marked uninstalling, the manifest's objects are deleted (reverse order,
// `helm.sh/resource-policy: keep` kept), then every record is purged (helm uninstall without --keep-history).
import type { KObject } from '../../util/k8s.js';
import { releaseRecord, customLabels } from '../../util/helm/records.js';
import type { ReleaseJson } from '../../util/helm/codec.js';
import { manifestObjects, groupOf, versionOf } from '../../util/helm/manifest.js';
import type { ManifestObject } from '../../util/helm/manifest.js';
import { goTimeJson } from '../../util/helm/summary.js';
import { discover } from '../discovery.js';
import type { DiscoveredKind } from '../discovery.js';
import { KubeError, toKubeError } from '../errors.js';
import { collectionPath, objectPath } from '../resource-path.js';
import type { ResourcePath } from '../resource-path.js';
import { MERGE_PATCH, mutatingAction, ok, write } from './core.js';
import { mergePatch } from './apply.js';
import type { Json } from './apply.js';
import { listReleaseRecords } from './helm-records.js';
import type { ReleaseRecord, ReleaseStorage } from './helm-records.js';
import type { ActionContext, ActionResult, ActionTarget } from './types.js';

export type { ReleaseStorage };

const KEEP = 'helm.sh/resource-policy';

const nowOf = (ctx: ActionContext): number => (ctx.now ? ctx.now() : new Date()).getTime();

/** A revision's JSON with a new status (and description), everything else as helm wrote it. */
function withStatus(r: ReleaseJson, status: string, description?: string, extra: Record<string, unknown> = {}): ReleaseJson {
  return { ...r, info: { ...r.info, status, ...(description !== undefined ? { description } : {}), ...extra } };
}

/** PUT a rewritten record (helm's driver Update: its custom labels kept, modifiedAt stamped). */
async function updateRecord(ctx: ActionContext, rec: ReleaseRecord, release: ReleaseJson): Promise<ReleaseRecord> {
  const obj = releaseRecord(rec.driver, release, { labels: customLabels(rec.object.metadata.labels), stamp: { label: 'modifiedAt', unixSeconds: Math.floor(nowOf(ctx) / 1000) } });
  obj.metadata = { ...obj.metadata, ...(rec.object.metadata.resourceVersion ? { resourceVersion: rec.object.metadata.resourceVersion } : {}) };
  const namespace = release.namespace ?? rec.object.metadata.namespace ?? '';
  const updated = await write<KObject>(ctx, objectPath({ ...rec.from, namespace }, obj.metadata.name ?? ''), { method: 'PUT', body: obj });
  return { ...rec, object: updated, release };
}

/** Where a manifest object lives: its kind found by discovery (helm asks the RESTMapper the same). */
function locate(o: ManifestObject, kinds: readonly DiscoveredKind[], releaseNs: string): { path: ResourcePath; namespaced: boolean } {
  const group = groupOf(o.apiVersion);
  const k = kinds.find((x) => x.group === group && x.kind === o.kind);
  if (!k) throw new KubeError('NotFound', `resource mapping not found for name: "${o.name}" namespace: "${o.namespace}" from "": no matches for kind "${o.kind}" in version "${o.apiVersion}"`);
  const namespace = k.namespaced ? o.namespace || releaseNs : undefined;
  return { path: { group, version: versionOf(o.apiVersion) || k.version, plural: k.plural, ...(namespace ? { namespace } : {}) }, namespaced: k.namespaced };
}

const identity = (o: ManifestObject, releaseNs: string): string => `${groupOf(o.apiVersion)}/${o.kind}/${o.namespace || releaseNs}/${o.name}`;

function objectsOf(r: ReleaseJson): ManifestObject[] {
  const objs = manifestObjects(r.manifest);
  if ('error' in objs) throw new KubeError('Invalid', objs.error);
  return objs;
}

/** helm's setMetadataVisitor: the ownership label and annotations every object of a release carries. */
function owned(o: ManifestObject, release: string, namespace: string, namespaced: boolean): Record<string, unknown> {
  const meta = (o.object['metadata'] ?? {}) as { labels?: Record<string, string>; annotations?: Record<string, string> };
  return {
    ...o.object,
    metadata: {
      ...meta,
      ...(namespaced ? { namespace: o.namespace || namespace } : {}),
      labels: { ...meta.labels, 'app.kubernetes.io/managed-by': 'Helm' },
      annotations: { ...meta.annotations, 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': namespace },
    },
  };
}

async function deleteIgnoringMissing(ctx: ActionContext, path: ResourcePath, name: string): Promise<void> {
  try {
    await write(ctx, objectPath(path, name), { method: 'DELETE', body: { propagationPolicy: 'Background' } });
  } catch (e) {
    if (toKubeError(e).reason !== 'NotFound') throw e;
  }
}

async function records(ctx: ActionContext, storage: readonly ReleaseStorage[], target: ActionTarget): Promise<ReleaseRecord[]> {
  const all = await listReleaseRecords(ctx.transport, storage, target.namespace ?? '', target.name);
  if (all.length === 0) throw new KubeError('NotFound', `release: not found: ${target.name}`);
  return all;
}

interface Built {
  o: ManifestObject;
  path: ResourcePath;
  namespaced: boolean;
}

/** helm's kube client Build: every object of both manifests mapped to its resource, or a KubeError before any write. */
async function build(ctx: ActionContext, from: ReleaseJson, to: ReleaseJson, namespace: string): Promise<{ current: Built[]; target: Built[] }> {
  const kinds = (await discover(ctx.transport)).kinds;
  const map = (r: ReleaseJson): Built[] => objectsOf(r).map((o) => ({ o, ...locate(o, kinds, namespace) }));
  return { current: map(from), target: map(to) };
}

/**
 * Applies the target manifest over the current one, as helm 3's kube client Update does: an object the
 * cluster lacks is created; one that exists gets a merge patch from its current-manifest form to its
 * target form (so what the old revision set and the new one lacks is removed; lists are replaced whole);
 * objects only the current manifest has are deleted, unless annotated `helm.sh/resource-policy: keep`.
 */
async function applyManifest(ctx: ActionContext, built: { current: Built[]; target: Built[] }, release: string, namespace: string): Promise<void> {
  const previous = new Map(built.current.map((b) => [identity(b.o, namespace), b.o]));
  for (const { o, path, namespaced } of built.target) {
    const want = owned(o, release, namespace, namespaced);
    const live = await ctx.transport.request<KObject>(objectPath(path, o.name)).catch((e: unknown) => {
      if (toKubeError(e).reason === 'NotFound') return undefined;
      throw e;
    });
    if (!live) {
      await write(ctx, collectionPath(path), { method: 'POST', body: want });
      continue;
    }
    const old = previous.get(identity(o, namespace));
    // an object the old manifest did not have is taken over with the whole of the new form
    const base = old ? owned(old, release, namespace, namespaced) : {};
    const patch = mergePatch(base as Json, want as Json);
    if (patch !== undefined) await write(ctx, objectPath(path, o.name), { method: 'PATCH', contentType: MERGE_PATCH, body: patch });
  }
  const kept = new Set(built.target.map((b) => identity(b.o, namespace)));
  for (const { o, path } of [...built.current].reverse()) {
    if (kept.has(identity(o, namespace))) continue;
    const ann = (o.object['metadata'] as { annotations?: Record<string, string> } | undefined)?.annotations;
    if (ann?.[KEEP] === 'keep') continue;
    await deleteIgnoringMissing(ctx, path, o.name);
  }
}

export interface HelmRollbackValue {
  /** The revision written (N+1). */
  revision: number;
  /** The revision rolled back to. */
  to: number;
}

/** `helm rollback <release> <toRevision>` (0: the revision before the latest). */
export function helmRollback(ctx: ActionContext, target: ActionTarget, storage: readonly ReleaseStorage[], toRevision: number): Promise<ActionResult<HelmRollbackValue>> {
  return mutatingAction(ctx, 'helm rollback', async () => {
    const all = await records(ctx, storage, target);
    const current = all[all.length - 1] as ReleaseRecord;
    const cur = current.release;
    const to = toRevision > 0 ? toRevision : (cur.version ?? 1) - 1;
    const prev = all.find((r) => r.release.version === to);
    if (!prev) throw new KubeError('NotFound', `release has no ${to} version`);
    const namespace = cur.namespace ?? target.namespace ?? '';
    const version = (cur.version ?? 0) + 1;
    const now = nowOf(ctx);
    const next: ReleaseJson = {
      name: target.name,
      info: {
        first_deployed: cur.info?.first_deployed ?? goTimeJson(now),
        last_deployed: goTimeJson(now),
        status: 'pending-rollback',
        description: `Rollback to ${to}`,
        rollback_revision: to,
        ...(prev.release.info?.notes ? { notes: prev.release.info.notes } : {}),
      },
      ...(prev.release.chart ? { chart: prev.release.chart } : {}),
      ...(prev.release.config ? { config: prev.release.config } : {}),
      manifest: prev.release.manifest ?? '',
      ...(prev.release.hooks ? { hooks: prev.release.hooks } : {}),
      version,
      namespace,
    };
    // the objects are mapped before anything is written: a manifest naming a kind the cluster does not serve changes nothing
    const built = await build(ctx, cur, prev.release, namespace);
    const labels = customLabels(prev.object.metadata.labels);
    const created = releaseRecord(current.driver, next, { labels, stamp: { label: 'createdAt', unixSeconds: Math.floor(now / 1000) } });
    const stored = await write<KObject>(ctx, collectionPath({ ...current.from, namespace }), { method: 'POST', body: created });
    const rec: ReleaseRecord = { driver: current.driver, from: current.from, object: stored, release: next };
    try {
      await applyManifest(ctx, built, target.name, namespace);
    } catch (e) {
      const msg = `Rollback "${target.name}" failed: ${toKubeError(e).detail}`;
      await updateRecord(ctx, current, withStatus(cur, 'superseded')).catch(() => undefined);
      await updateRecord(ctx, rec, withStatus(next, 'failed', msg)).catch(() => undefined);
      throw new KubeError(toKubeError(e).reason, msg);
    }
    // supersede every deployed revision (helm issue #2941), then the new one is the deployed one
    for (const r of all) if (r.release.info?.status === 'deployed') await updateRecord(ctx, r, withStatus(r.release, 'superseded'));
    await updateRecord(ctx, rec, withStatus(next, 'deployed'));
    return ok(`Rollback was a success! Happy Helming! (${target.name} revision ${version}: rollback to ${to})`, { revision: version, to });
  });
}

/** `helm uninstall <release>`: its manifest's objects, then all its records. */
export function helmUninstall(ctx: ActionContext, target: ActionTarget, storage: readonly ReleaseStorage[]): Promise<ActionResult<{ removed: number }>> {
  return mutatingAction(ctx, 'helm uninstall', async () => {
    const all = await records(ctx, storage, target);
    const latest = all[all.length - 1] as ReleaseRecord;
    const namespace = latest.release.namespace ?? target.namespace ?? '';
    let removed = 0;
    if (latest.release.info?.status !== 'uninstalled') {
      const marked = withStatus(latest.release, 'uninstalling', 'Deletion in progress (or silently failed)', { deleted: goTimeJson(nowOf(ctx)) });
      all[all.length - 1] = await updateRecord(ctx, latest, marked);
      const kinds = (await discover(ctx.transport)).kinds;
      for (const o of objectsOf(latest.release).reverse()) {
        const ann = (o.object['metadata'] as { annotations?: Record<string, string> } | undefined)?.annotations;
        if (ann?.[KEEP] === 'keep') continue;
        await deleteIgnoringMissing(ctx, locate(o, kinds, namespace).path, o.name);
        removed++;
      }
    }
    for (const r of all) await deleteIgnoringMissing(ctx, { ...r.from, namespace }, r.object.metadata.name ?? '');
    return ok(`release "${target.name}" uninstalled`, { removed });
  });
}
