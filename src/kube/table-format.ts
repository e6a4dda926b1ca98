// Server-side Tables (meta.k8s.io/v1) for the reflector: list and watch ask for
//   Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json   and includeObject=Metadata,
// so every row carries its cells and a PartialObjectMetadata (name, namespace, uid, resourceVersion,
// labels, creationTimestamp, deletionTimestamp). A list page is one Table with columnDefinitions; in a
// watch every event's object is a one-row Table and only the first carries columnDefinitions. Each row
// becomes one TableRowObject (its metadata plus `cells`) that the kind's `project` turns into a record.
// A server without Table support answers plain Lists and plain events: those pass through unchanged.
import type { KObject, ObjectMeta } from '../util/k8s.js';
import type { TableColumnDefinition, TableRow } from '../util/k8s-more.js';
import type { KList, ReflectorFormat } from './reflector-types.js';

export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

/** One Table row as the reflector caches it: the row's object metadata plus its cells. */
export interface TableRowObject extends KObject {
  kind: 'TableRow';
  cells: unknown[];
}

export function isTableRowObject(o: KObject): o is TableRowObject {
  return o.kind === 'TableRow' && Array.isArray((o as Partial<TableRowObject>).cells);
}

interface TableDoc {
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  columnDefinitions?: TableColumnDefinition[];
  rows?: TableRow[];
}

const isTable = (v: unknown): v is TableDoc =>
  v !== null && typeof v === 'object' && (v as { kind?: unknown }).kind === 'Table' && Array.isArray((v as { rows?: unknown }).rows);

/**
 * The reflector format for server-side Tables. `onColumns` hears every columnDefinitions the server sends
 * (each list page, the first watch event), so a view's columns follow its CRD's printer columns.
 */
export function tableFormat(onColumns: (defs: readonly TableColumnDefinition[]) => void): ReflectorFormat {
  let nameIdx = 0;
  const columns = (t: TableDoc): void => {
    const defs = t.columnDefinitions;
    if (!defs || defs.length === 0) return;
    const i = defs.findIndex((d) => d.format === 'name' || d.name.toLowerCase() === 'name');
    nameIdx = i >= 0 ? i : 0;
    onColumns(defs);
  };
  const toObject = (row: TableRow): TableRowObject | undefined => {
    const cells = Array.isArray(row.cells) ? row.cells : [];
    let metadata: ObjectMeta | undefined = row.object?.metadata;
    // includeObject=None (or a server that drops it): the name cell is all there is
    if (!metadata) {
      const name = cells[nameIdx];
      if (typeof name !== 'string' || !name) return undefined;
      metadata = { name };
    }
    return { kind: 'TableRow', metadata, cells };
  };
  const rowsOf = (t: TableDoc): KObject[] => {
    const out: KObject[] = [];
    for (const r of t.rows ?? []) {
      const o = toObject(r);
      if (o) out.push(o);
    }
    return out;
  };
  return {
    accept: TABLE_ACCEPT,
    query: { includeObject: 'Metadata' },
    listPage(body: unknown): KList {
      if (!isTable(body)) return (body ?? {}) as KList;
      columns(body);
      return { ...(body.metadata ? { metadata: body.metadata } : {}), items: rowsOf(body) };
    },
    eventObjects(object: KObject): KObject[] {
      if (!isTable(object)) return [object];
      columns(object);
      return rowsOf(object);
    },
  };
}
