// The `:helm` rows: watches of the collections helm keeps release records in (Secrets and ConfigMaps
// labelled owner=helm, as the kind declares), combined into the latest revision per release, so installs,
// upgrades, rollbacks and uninstalls by anyone show up live.
import { helmReleases, latestPerRelease } from '../../resources/helmreleases.js';
import type { HelmReleaseRec } from '../../resources/helmreleases.js';
import type { SlimBase } from '../../resources/types.js';
import type { Source, SourceFactory, SourceRequest, SourceState } from '../sources/source.js';
import { andSelectors } from '../table/filter.js';

const PHASE_RANK: Record<SourceState['phase'], number> = { synced: 0, connecting: 1, reconnecting: 2, error: 3, unreachable: 4, unauthorized: 5, forbidden: 6 };

/** Several sources as one: items of all of them through `combine`, the least healthy state of them. */
function combinedSource(parts: readonly Source[], combine: (items: Iterable<SlimBase>) => SlimBase[]): Source {
  let seen = -1;
  let rows: SlimBase[] = [];
  const version = () => parts.reduce((n, p) => n + p.version, 0);
  const current = (): SlimBase[] => {
    const v = version();
    if (v !== seen) {
      seen = v;
      rows = combine(parts.flatMap((p) => [...p.items()]));
    }
    return rows;
  };
  return {
    get state() {
      return parts.reduce((worst, p) => (PHASE_RANK[p.state.phase] > PHASE_RANK[worst.phase] ? p.state : worst), (parts[0] as Source).state);
    },
    get version() {
      return version();
    },
    get size() {
      return current().length;
    },
    items: () => current()[Symbol.iterator](),
    start: () => parts.forEach((p) => p.start()),
    stop: () => parts.forEach((p) => p.stop()),
  };
}

/** The release rows for a view request (its namespace; a `-l` filter narrows the records, e.g. `status=failed`). */
export function releaseSource(cluster: SourceFactory, req: SourceRequest): Source {
  const parts = helmReleases.records.map((r) =>
    cluster({
      resource: r.def,
      namespace: req.namespace,
      labelSelector: andSelectors(r.labelSelector, req.labelSelector) ?? r.labelSelector,
      ...(req.fieldSelector ? { fieldSelector: req.fieldSelector } : {}),
      onChange: req.onChange,
    }),
  );
  return combinedSource(parts, (items) => latestPerRelease(items as Iterable<HelmReleaseRec>));
}
