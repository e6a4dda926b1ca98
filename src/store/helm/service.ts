// What the UI may ask about a helm release (`:helm`): its texts (values, computed values, manifest, notes),
// its history with the values and manifest diff between two revisions, and the rows of its views. Reads
// only: rollback and uninstall are kube actions run by the ActionService (read-only enforced there).
import type { ReleaseJson } from '../../util/helm/codec.js';
import { textDiff } from '../../util/line-diff.js';
import { appVersionOf, chartOf } from '../../util/helm/summary.js';
import { hasChartValues, valuesLines } from '../../util/helm/values.js';
import { listReleaseRecords } from '../../kube/actions/helm-records.js';
import type { ReleaseStorage } from '../../kube/actions/helm-records.js';
import type { Transport } from '../../kube/transport.js';
import type { SlimBase } from '../../resources/types.js';
import { helmReleases } from '../../resources/helmreleases.js';
import type { Source, SourceFactory, SourceRequest } from '../sources/source.js';
import { releaseSource } from './release-source.js';
import { releaseObjectsSource } from './resources-source.js';
import { helmResources } from '../../resources/helmresources.js';

/** One revision as `helm history` shows it, with what the diff needs. */
export interface HelmRevision {
  revision: number;
  /** info.last_deployed (RFC 3339). */
  updated: string;
  status: string;
  chart: string;
  appVersion: string;
  description: string;
  /** The user-supplied values as YAML lines (without the heading). */
  values: string;
  manifest: string;
  /** The revision the cluster runs: the deployed one (or the latest when none is). */
  current: boolean;
}

export type ReleaseText = { ok: true; lines: string[]; /** The computed values can be shown (the chart's values are in the record). */ computable: boolean } | { ok: false; message: string };

const fail = (e: unknown): { ok: false; message: string } => ({ ok: false, message: e instanceof Error ? e.message : String(e) });

function revisionOf(r: ReleaseJson): Omit<HelmRevision, 'current'> {
  return {
    revision: r.version ?? 0,
    updated: r.info?.last_deployed ?? '',
    status: r.info?.status ?? 'unknown',
    chart: chartOf(r),
    appVersion: appVersionOf(r),
    description: r.info?.description ?? '',
    values: valuesLines(r, false).slice(1).join('\n'),
    manifest: r.manifest ?? '',
  };
}

export class HelmService {
  constructor(private readonly transport: Promise<Pick<Transport, 'request'>>) {}

  private async records(rec: SlimBase, storage: readonly ReleaseStorage[]): Promise<ReleaseJson[]> {
    const all = await listReleaseRecords(await this.transport, storage, rec.namespace ?? '', rec.name);
    if (all.length === 0) throw new Error(`release: not found: ${rec.name}`);
    return all.map((r) => r.release);
  }

  /** `helm history`: every revision, newest first, the current one marked. */
  async history(rec: SlimBase, storage: readonly ReleaseStorage[]): Promise<{ ok: true; revisions: HelmRevision[] } | { ok: false; message: string }> {
    try {
      const all = (await this.records(rec, storage)).map(revisionOf).reverse();
      const current = all.find((r) => r.status === 'deployed') ?? all[0];
      return { ok: true, revisions: all.map((r) => ({ ...r, current: r === current })) };
    } catch (e) {
      return fail(e);
    }
  }

  /** `helm get values [--all]`, `helm get manifest`, `helm get notes` of the latest revision. */
  async text(rec: SlimBase, storage: readonly ReleaseStorage[], part: 'values' | 'manifest' | 'notes', all = false): Promise<ReleaseText> {
    try {
      const list = await this.records(rec, storage);
      const r = list[list.length - 1] as ReleaseJson;
      const computable = hasChartValues(r);
      if (part === 'values') return { ok: true, lines: valuesLines(r, all && computable), computable };
      if (part === 'notes') return { ok: true, lines: ['NOTES:', ...(r.info?.notes ?? '').trimEnd().split('\n')], computable };
      return { ok: true, lines: (r.manifest ?? '').trimEnd().split('\n'), computable };
    } catch (e) {
      return fail(e);
    }
  }

  /** What rolling back from `current` to `to` changes: the user values, then the manifest. */
  diff(current: HelmRevision, to: HelmRevision): string[] {
    const values = textDiff(current.values, to.values);
    const manifest = textDiff(current.manifest, to.manifest);
    return [
      `Values: revision ${current.revision} → ${to.revision}`,
      ...(values.length > 0 ? values : ['  (no change)']),
      `Manifest: revision ${current.revision} → ${to.revision}`,
      ...(manifest.length > 0 ? manifest : ['  (no change)']),
    ];
  }

  /** The rows of `:helm` (a release per row) and of a release's objects, or undefined for any other view. */
  source(cluster: SourceFactory, req: SourceRequest): Source | undefined {
    if (req.resource === helmReleases) return releaseSource(cluster, req);
    if (req.resource === helmResources) return releaseObjectsSource(cluster, req);
    return undefined;
  }
}
