// Helm releases (`:helm`), as helm v3 stores them: one record per revision in a Secret (type
// helm.sh/release.v1) or a ConfigMap labelled owner=helm (util/helm decodes them). The rows are the latest
// revision of each release with `helm list`'s columns; they come from watches of both collections
// (`records`), combined per release by `latestPerRelease` (store/helm). Enter lists the release's objects.
import type { KObject } from '../util/k8s.js';
import { decodeRecordData } from '../util/helm/codec.js';
import type { HelmDriver } from '../util/helm/codec.js';
import { manifestObjects } from '../util/helm/manifest.js';
import { appVersionOf, chartOf, goTimeString } from '../util/helm/summary.js';
import { parseTimestamp } from '../util/age.js';
import type { ReleaseStorage } from '../kube/actions/helm-records.js';
import { cells, slimBase } from './base.js';
import { capability } from './capabilities.js';
import type { ResourceDef, SlimBase, Tone } from './types.js';

/** One revision of a release (a record), or the row of a release (its latest revision). */
export interface HelmReleaseRec extends SlimBase {
  /** The record object's name (sh.helm.release.v1.<release>.v<revision>). */
  record: string;
  revision: number;
  releaseStatus: string;
  chart: string;
  appVersion: string;
  /** info.last_deployed as written (RFC 3339). */
  updated: string;
  description: string;
  driver: HelmDriver;
  /** The manifest's objects: `apiVersion kind namespace name` (namespace '' = the release's). */
  objects: readonly string[];
  /** Why the record could not be read, '' when it could. */
  error: string;
}

/** Where helm's two storage drivers keep records (declared once: the verbs and the store read it). */
const HELM_STORAGE: readonly ReleaseStorage[] = [
  { driver: 'secret', from: { group: '', version: 'v1', plural: 'secrets' } },
  { driver: 'configmap', from: { group: '', version: 'v1', plural: 'configmaps' } },
];

const RECORD_SELECTOR = 'owner=helm';

/** A record object (Secret or ConfigMap, per `driver`) as the row of its release. */
function projectRecord(driver: HelmDriver, obj: KObject): HelmReleaseRec {
  const base = slimBase(obj);
  const labels = obj.metadata.labels ?? {};
  const data = (obj as KObject & { data?: Record<string, string> }).data;
  const d = decodeRecordData(driver, data?.['release']);
  const name = d.ok ? (d.release.name ?? '') : (labels['name'] ?? base.name);
  const namespace = d.ok && d.release.namespace ? d.release.namespace : base.namespace;
  const r = d.ok ? d.release : undefined;
  const objs = r ? manifestObjects(r.manifest) : [];
  return {
    ...base,
    key: `${namespace ?? ''}/${name}`,
    name,
    ...(namespace ? { namespace } : {}),
    created: parseTimestamp(r?.info?.last_deployed),
    record: base.name,
    revision: r?.version ?? Number(labels['version'] ?? 0),
    releaseStatus: r?.info?.status ?? labels['status'] ?? 'unknown',
    chart: r ? chartOf(r) : '',
    appVersion: r ? appVersionOf(r) : '',
    updated: r?.info?.last_deployed ?? '',
    description: r?.info?.description ?? '',
    driver,
    objects: Array.isArray(objs) ? objs.map((o) => `${o.apiVersion} ${o.kind} ${o.namespace} ${o.name}`) : [],
    error: d.ok ? (Array.isArray(objs) ? '' : objs.error) : d.error,
  };
}

/** The latest revision of each release (`helm list` shows one row per release). */
export function latestPerRelease(recs: Iterable<HelmReleaseRec>): HelmReleaseRec[] {
  const by = new Map<string, HelmReleaseRec>();
  for (const r of recs) {
    const had = by.get(r.key);
    if (!had || r.revision > had.revision) by.set(r.key, r);
  }
  return [...by.values()];
}

const TONES: Record<string, Tone> = { deployed: 'ok', failed: 'error', superseded: 'dim', uninstalled: 'dim', uninstalling: 'warn', unknown: 'warn' };
const statusTone = (s: string): Tone => TONES[s] ?? (s.startsWith('pending') ? 'pending' : 'warn');

const view = (part: 'values' | 'manifest' | 'notes', label: string) =>
  capability<HelmReleaseRec>({
    cmd: part === 'values' ? 'release-values' : part === 'manifest' ? 'release-manifest' : 'release-notes',
    label,
    effect: { type: 'release-text', part, storage: HELM_STORAGE },
    mutating: false,
    hint: true,
  });

export const helmReleases: ResourceDef<HelmReleaseRec> & {
  /** The collections the rows are gathered from, each with its projection (store/helm watches them). */
  records: readonly { storage: ReleaseStorage; labelSelector: string; def: ResourceDef<HelmReleaseRec> }[];
} = {
  kind: 'HelmRelease',
  plural: 'helm',
  singular: 'release',
  group: 'helm.kubedeck.local',
  version: 'v3',
  namespaced: true,
  aliases: ['releases', 'release', 'helmreleases', 'charts'],
  local: true,
  columns: [{ name: 'NAME' }, { name: 'NAMESPACE' }, { name: 'REVISION' }, { name: 'UPDATED' }, { name: 'STATUS' }, { name: 'CHART' }, { name: 'APP VERSION' }],
  project: (obj) => projectRecord(obj.kind === 'ConfigMap' ? 'configmap' : 'secret', obj),
  row: (r) => cells(r.name, r.namespace ?? '', r.revision, goTimeString(r.updated), r.error ? `${r.releaseStatus} (${r.error})` : r.releaseStatus, r.chart, r.appVersion),
  status: (r) => ({ text: r.releaseStatus, tone: statusTone(r.releaseStatus) }),
  drill: (r) => ({ resource: 'helmresources', ...(r.namespace ? { namespace: r.namespace } : {}), labelSelector: `name=${r.name}` }),
  can: [
    view('values', 'Values'),
    view('manifest', 'Manifest'),
    view('notes', 'Notes'),
    capability<HelmReleaseRec>({ cmd: 'rollback', label: 'History', effect: { type: 'release-history', rollback: 'helm-rollback', storage: HELM_STORAGE }, mutating: false, hint: true }),
    capability<HelmReleaseRec>({
      cmd: 'delete',
      label: 'Uninstall',
      effect: {
        type: 'action',
        action: 'helm-uninstall',
        args: { storage: HELM_STORAGE },
        confirm: (who) => [`Uninstall ${who}?`, 'As helm uninstall: the objects of its manifest are deleted, then every revision record.'],
      },
      mutating: true,
      hint: true,
      when: (r) => (r.releaseStatus === 'uninstalling' ? 'already uninstalling' : undefined),
    }),
  ],
  records: HELM_STORAGE.map((storage) => ({
    storage,
    labelSelector: RECORD_SELECTOR,
    def: {
      kind: storage.driver === 'secret' ? 'Secret' : 'ConfigMap',
      plural: storage.from.plural,
      singular: storage.driver,
      group: storage.from.group,
      version: storage.from.version,
      namespaced: true,
      aliases: [],
      columns: [],
      project: (obj: KObject) => projectRecord(storage.driver, obj),
      row: () => [],
      status: (r: HelmReleaseRec) => ({ text: r.releaseStatus, tone: statusTone(r.releaseStatus) }),
    },
  })),
};
