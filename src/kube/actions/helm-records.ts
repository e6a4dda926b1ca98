// Reading a helm release's records (every revision) from the collections its storage driver uses, as helm's
// driver Query does: `owner=helm,name=<release>` in the release's namespace; records that do not decode are
// skipped, as helm skips them.
import type { KObject } from '../../util/k8s.js';
import { decodeRecordData } from '../../util/helm/codec.js';
import type { HelmDriver, ReleaseJson } from '../../util/helm/codec.js';
import { collectionPath } from '../resource-path.js';
import type { Transport } from '../transport.js';
import type { Collection } from './catalog.js';

/** Where a release's records may live, as the release kind declares it (a collection per storage driver). */
export interface ReleaseStorage {
  driver: HelmDriver;
  from: Collection;
}

/** One revision's record: the stored object (for its resourceVersion and labels) and the decoded release. */
export interface ReleaseRecord {
  driver: HelmDriver;
  from: Collection;
  object: KObject & { data?: Record<string, string> };
  release: ReleaseJson;
}

/** Every revision of `name` in `namespace`, oldest first. */
export async function listReleaseRecords(t: Pick<Transport, 'request'>, storage: readonly ReleaseStorage[], namespace: string, name: string): Promise<ReleaseRecord[]> {
  const out: ReleaseRecord[] = [];
  for (const s of storage) {
    const list = await t.request<{ items?: (KObject & { data?: Record<string, string> })[] }>(collectionPath({ ...s.from, namespace }), {
      query: { labelSelector: `owner=helm,name=${name}` },
    });
    for (const object of list?.items ?? []) {
      const d = decodeRecordData(s.driver, object.data?.['release']);
      if (d.ok && d.release.name === name) out.push({ driver: s.driver, from: s.from, object, release: d.release });
    }
  }
  return out.sort((a, b) => (a.release.version ?? 0) - (b.release.version ?? 0));
}
