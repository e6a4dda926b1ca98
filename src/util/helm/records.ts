// The Kubernetes objects helm keeps one release revision in (pkg/storage/driver secrets.go, cfgmaps.go and
// storage.go's makeKey): `sh.helm.release.v1.<name>.v<revision>` in the release's namespace, labels owner=helm,
// name, status, version (plus createdAt on create, modifiedAt on update), a Secret of type helm.sh/release.v1
// or a ConfigMap, the encoded release in data.release.
import type { KObject } from '../k8s.js';
import { encodeRecordData } from './codec.js';
import type { HelmDriver, ReleaseJson } from './codec.js';

const RELEASE_SECRET_TYPE = 'helm.sh/release.v1';
/** helm's system labels: what it sets itself, dropped from a record's labels when it reads them back. */
const SYSTEM_LABELS = ['name', 'owner', 'status', 'version', 'createdAt', 'modifiedAt'];

export const recordName = (release: string, revision: number): string => `sh.helm.release.v1.${release}.v${revision}`;

/** The labels a record carries that are not helm's own (kept across updates, as helm keeps them). */
export function customLabels(labels: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(labels ?? {}).filter(([k]) => !SYSTEM_LABELS.includes(k)));
}

export interface RecordOptions {
  /** Labels besides helm's own. */
  labels?: Record<string, string>;
  /** createdAt (a new record) or modifiedAt (an update), in unix seconds. */
  stamp?: { label: 'createdAt' | 'modifiedAt'; unixSeconds: number };
}

/** The record object for one revision, as helm's driver builds it (no resourceVersion: set it for an update). */
export function releaseRecord(driver: HelmDriver, release: ReleaseJson, opts: RecordOptions = {}): KObject & { data: Record<string, string>; type?: string } {
  const name = release.name ?? '';
  const version = release.version ?? 0;
  const labels: Record<string, string> = {
    ...opts.labels,
    ...(opts.stamp ? { [opts.stamp.label]: String(opts.stamp.unixSeconds) } : {}),
    name,
    owner: 'helm',
    status: release.info?.status ?? '',
    version: String(version),
  };
  const metadata = { name: recordName(name, version), ...(release.namespace ? { namespace: release.namespace } : {}), labels };
  const data = { release: encodeRecordData(driver, release) };
  return driver === 'secret'
    ? { apiVersion: 'v1', kind: 'Secret', metadata, type: RELEASE_SECRET_TYPE, data }
    : { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
}
