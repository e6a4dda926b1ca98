// Kinds known only from discovery (CRDs and anything else): rows come from the API server's own
// Table (meta.k8s.io/v1), so kubedeck shows the same columns as `kubectl get`.
//
// How the cache is filled (the transport side, kube/): list and watch the collection with
//   Accept: application/json;as=Table;v=v1;g=meta.k8s.io, application/json
// and `includeObject=Metadata` (the default), so every row's `object` is a PartialObjectMetadata
// (name, namespace, uid, resourceVersion, labels, creationTimestamp, deletionTimestamp). A list
// answers one Table with `columnDefinitions`; in a watch every event's object is a one-row Table and
// only the first carries `columnDefinitions`. Build the def with those definitions
// (`genericResource(info, table.columnDefinitions)`) and project each row with `def.projectRow(row)`
// (or `projectTableRow(defs, row)`). A server that answers a plain List instead (no Table support)
// still works: `def.project(obj)` fills NAME and AGE from metadata and leaves other cells empty.
import { ageSince } from '../util/age.js';
import type { KObject } from '../util/k8s.js';
import type { TableColumnDefinition, TableRow } from '../util/k8s-more.js';
import { sanitize } from '../util/sanitize.js';
import { slimBase } from './base.js';
import type { Column, ResourceDef, SlimBase, Tone } from './types.js';
import { served } from './capabilities.js';

/** What discovery (APIResource) says about a kind. */
export interface ApiResourceInfo {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular?: string;
  namespaced: boolean;
  shortNames?: readonly string[];
}

/** One cell: sanitized text, or epoch ms of a timestamp shown as an age (computed at row time). */
type GenericCell = string | number;

export interface GenericRec extends SlimBase {
  cells: readonly GenericCell[];
}

export interface GenericResourceDef extends ResourceDef<GenericRec> {
  generic: true;
  columnDefinitions: readonly TableColumnDefinition[];
  /** projectTableRow with this def's column definitions. */
  projectRow(row: TableRow): GenericRec;
  /** The server's latest columnDefinitions (a Table list or watch); true when they changed. */
  setColumns(defs: readonly TableColumnDefinition[] | undefined): boolean;
}

/** What a custom resource's Table has when its CRD declares no printer columns. */
export const DEFAULT_COLUMNS: readonly TableColumnDefinition[] = [
  { name: 'Name', type: 'string', format: 'name', priority: 0 },
  { name: 'Age', type: 'date', priority: 0 },
];

/** kubectl's headers: the column names upper-cased; priority > 0 means wide only. */
export function columnsFromTable(defs: readonly TableColumnDefinition[]): Column[] {
  return defs.map((d) => {
    const col: Column = { name: d.name.toUpperCase() };
    if (d.type === 'integer' || d.type === 'number') col.align = 'right';
    if ((d.priority ?? 0) > 0) col.wide = true;
    return col;
  });
}

const isAge = (d: TableColumnDefinition | undefined): boolean => d?.type === 'date' || d?.name.toLowerCase() === 'age';
const isName = (d: TableColumnDefinition | undefined): boolean => d?.format === 'name' || d?.name.toLowerCase() === 'name';
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/;

/** A JSON cell as kubectl prints it: null → "", numbers and booleans as text, objects as JSON. */
function textOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return sanitize(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return sanitize(JSON.stringify(v));
}

function cellOf(d: TableColumnDefinition | undefined, v: unknown, created: number): GenericCell {
  if (isAge(d)) {
    if (typeof v === 'string' && TIMESTAMP.test(v)) {
      const t = Date.parse(v);
      if (Number.isFinite(t)) return t;
    }
    // A built-in Table's Age is already text ("5m"); recompute it from metadata so it keeps ticking.
    if (d?.name.toLowerCase() === 'age' && Number.isFinite(created)) return created;
  }
  return textOf(v);
}

/** One Table row to a slim record: metadata from the row's PartialObjectMetadata, cells by column. */
export function projectTableRow(defs: readonly TableColumnDefinition[], row: TableRow): GenericRec {
  const nameIdx = defs.findIndex(isName);
  const rawName = nameIdx >= 0 ? row.cells[nameIdx] : undefined;
  const obj: KObject = row.object?.metadata
    ? row.object
    : { metadata: { name: typeof rawName === 'string' ? rawName : '' } };
  const base = slimBase(obj);
  const n = Math.max(defs.length, row.cells.length);
  const out: GenericCell[] = [];
  for (let i = 0; i < n; i++) out.push(cellOf(defs[i], row.cells[i], base.created));
  return { ...base, cells: out };
}

/** Every row of a Table (a list response). */
export function projectTable(table: { columnDefinitions?: readonly TableColumnDefinition[]; rows?: readonly TableRow[] }, defs?: readonly TableColumnDefinition[]): GenericRec[] {
  const cols = defs ?? table.columnDefinitions ?? DEFAULT_COLUMNS;
  return (table.rows ?? []).map((r) => projectTableRow(cols, r));
}

const ERROR_WORDS = /fail|error|crash|backoff|invalid|lost|notready|unhealthy|degraded/i;
const PENDING_WORDS = /pending|progress|creating|waiting|init|unknown|reconcil|provisioning/i;
const STATUS_COLUMNS = new Set(['status', 'phase', 'state', 'ready', 'synced']);

/** Terminating → warn; else the first Status/Phase/State/Ready column's text with a tone guessed from its words. */
function genericStatus(statusIdx: number): (r: GenericRec) => { text: string; tone: Tone } {
  return (r) => {
    if (r.deleting) return { text: 'Terminating', tone: 'warn' };
    const v = statusIdx >= 0 ? r.cells[statusIdx] : undefined;
    const text = typeof v === 'string' ? v : '';
    if (ERROR_WORDS.test(text) || text === 'False') return { text, tone: 'error' };
    if (PENDING_WORDS.test(text)) return { text, tone: 'pending' };
    return { text, tone: 'ok' };
  };
}

/** Column order for display: the Name column first, the others in the server's order. */
function nameFirst(defs: readonly TableColumnDefinition[]): number[] {
  const order = defs.map((_, i) => i);
  const n = defs.findIndex(isName);
  if (n > 0) order.unshift(...order.splice(n, 1));
  return order;
}

/** A Table row as the reflector caches it (kube/table-format.ts): the row's metadata plus its cells. */
const cellsOf = (obj: KObject): unknown[] | undefined => {
  const c = (obj as { cells?: unknown }).cells;
  return Array.isArray(c) ? (c as unknown[]) : undefined;
};

/**
 * A ResourceDef for a kind known from discovery. `columnDefinitions` are the Table's; without them NAME
 * and AGE until `setColumns` brings the server's (every Table list page and the first watch event do):
 * `columns`, `row` and `project` always use the latest, so one def serves a live view whose CRD changes
 * its printer columns. Records keep the cells in the server's order; `row` shows Name first. Aliases are
 * the discovery short names.
 */
export function genericResource(info: ApiResourceInfo, columnDefinitions?: readonly TableColumnDefinition[]): GenericResourceDef {
  let defs: readonly TableColumnDefinition[] = DEFAULT_COLUMNS;
  let order: number[] = [];
  let columns: Column[] = [];
  let status: (r: GenericRec) => { text: string; tone: Tone } = genericStatus(-1);
  const setColumns = (next: readonly TableColumnDefinition[] | undefined): boolean => {
    const d = next && next.length > 0 ? next : DEFAULT_COLUMNS;
    if (columns.length > 0 && JSON.stringify(d) === JSON.stringify(defs)) return false;
    defs = d;
    order = nameFirst(d);
    const cols = columnsFromTable(d);
    columns = order.map((i) => cols[i] as Column);
    status = genericStatus(d.findIndex((c) => STATUS_COLUMNS.has(c.name.toLowerCase())));
    return true;
  };
  setColumns(columnDefinitions);
  const projectRow = (row: TableRow): GenericRec => projectTableRow(defs, row);
  return {
    kind: info.kind,
    plural: info.plural,
    singular: info.singular || info.kind.toLowerCase(),
    group: info.group,
    version: info.version,
    namespaced: info.namespaced,
    aliases: (info.shortNames ?? []).map((s) => s.toLowerCase()),
    get columns(): readonly Column[] {
      return columns;
    },
    generic: true,
    can: served,
    get columnDefinitions(): readonly TableColumnDefinition[] {
      return defs;
    },
    setColumns,
    projectRow,
    project: (obj: KObject): GenericRec => {
      const cells = cellsOf(obj);
      if (cells) return projectTableRow(defs, { cells, object: obj });
      const base = slimBase(obj);
      return { ...base, cells: defs.map((d) => (isName(d) ? sanitize(base.name) : isAge(d) ? base.created : '')) };
    },
    row: (r, now) =>
      order.map((i) => {
        const c = r.cells[i];
        return typeof c === 'number' ? ageSince(c, now) : (c ?? '');
      }),
    status: (r) => status(r),
  };
}
