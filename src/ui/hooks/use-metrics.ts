// The metrics overlay as extra table columns, k9s's: pods CPU, MEM, %CPU/R, %MEM/R; nodes CPU, MEM, %CPU,
// %MEM. No overlay, no metrics API, or no answer yet for this kind: no extra columns (kubectl's table).
import { useMemo, useSyncExternalStore } from 'react';
import type { MetricsKind, MetricsOverlay } from '../../store/metrics/metrics.js';
import type { Column, ResourceDef, SlimBase } from '../../resources/types.js';
import type { PodRec } from '../../resources/pods.js';
import type { NodeRec } from '../../resources/nodes.js';
import { formatCpu, formatMemory, formatPercent } from '../../util/quantity.js';

/** Columns appended to a table, and their cells for one row (called for visible rows only). */
export interface TableExtra {
  columns: readonly Column[];
  cells: (rec: SlimBase) => readonly string[];
}

const right = (name: string): Column => ({ name, align: 'right' });
export const POD_METRICS_COLUMNS: readonly Column[] = [
  right('CPU'),
  right('MEM'),
  right('%CPU/R'),
  right('%MEM/R'),
];
export const NODE_METRICS_COLUMNS: readonly Column[] = [
  right('CPU'),
  right('MEM'),
  right('%CPU'),
  right('%MEM'),
];
const NA = ['n/a', 'n/a', 'n/a', 'n/a'] as const;

const noop = () => () => undefined;
const zero = () => 0;

function kindOf(resource: ResourceDef): MetricsKind | undefined {
  if (resource.group !== '' || resource.generic) return undefined;
  return resource.plural === 'pods' || resource.plural === 'nodes' ? resource.plural : undefined;
}

/** The overlay's columns for this view, re-made whenever the overlay has new usage. */
export function metricsExtra(
  overlay: MetricsOverlay | undefined,
  resource: ResourceDef,
): TableExtra | undefined {
  const kind = kindOf(resource);
  if (!overlay || !kind || !overlay.has(kind)) return undefined;
  // the percentages are over a pod's summed requests, or a node's allocatable
  const totals = (rec: SlimBase): [number, number] =>
    kind === 'pods' ? [(rec as PodRec).cpuReq, (rec as PodRec).memReq] : [(rec as NodeRec).cpuAlloc, (rec as NodeRec).memAlloc];
  return {
    columns: kind === 'pods' ? POD_METRICS_COLUMNS : NODE_METRICS_COLUMNS,
    cells: (rec) => {
      const u = overlay.usage(kind, rec.key);
      if (!u) return NA;
      const [cpu, mem] = totals(rec);
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
