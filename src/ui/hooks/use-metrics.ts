// The metrics overlay as extra table columns, as a kind declares them (`usage`: pods CPU, MEM, %CPU/R,
// %MEM/R; nodes CPU, MEM, %CPU, %MEM, as k9s shows them). No overlay, no metrics API, or no answer yet for this kind: no extra columns (kubectl's table).
import { useMemo, useSyncExternalStore } from 'react';
import type { MetricsOverlay } from '../../store/metrics/metrics.js';
import type { Column, ResourceDef, SlimBase } from '../../resources/types.js';
import { formatCpu, formatMemory, formatPercent } from '../../util/quantity.js';

/** Columns appended to a table, and their cells for one row (called for visible rows only). */
export interface TableExtra {
  columns: readonly Column[];
  cells: (rec: SlimBase) => readonly string[];
}

const NA = ['n/a', 'n/a', 'n/a', 'n/a'] as const;

const noop = () => () => undefined;
const zero = () => 0;

/** The overlay's columns for this view, re-made whenever the overlay has new usage. */
function metricsExtra(
  overlay: MetricsOverlay | undefined,
  resource: ResourceDef,
): TableExtra | undefined {
  const usage = resource.usage;
  if (!overlay || !usage || !overlay.has(usage.source)) return undefined;
  return {
    columns: usage.columns,
    cells: (rec) => {
      const u = overlay.usage(usage.source, rec.key);
      if (!u) return NA;
      // the percentages are over what the kind declares: a pod's summed requests, a node's allocatable
      const [cpu, mem] = usage.totals(rec);
      return [formatCpu(u.cpuMilli), formatMemory(u.memBytes), formatPercent(u.cpuMilli, cpu), formatPercent(u.memBytes, mem)];
    },
  };
}

/** Subscribes to the overlay; the result changes identity only when its usage or the view's kind does. */
export function useMetrics(
  overlay: MetricsOverlay | undefined,
  resource: ResourceDef,
): TableExtra | undefined {
  const version = useSyncExternalStore(overlay?.subscribe ?? noop, overlay?.getVersion ?? zero);
  // `version` stands for the overlay's contents: a new poll makes new cells
  return useMemo(() => metricsExtra(overlay, resource), [overlay, resource, version]);
}
