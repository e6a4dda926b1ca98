import { Box, Text } from 'ink';
import { useRef } from 'react';
import type { Column, ResourceDef } from '../../resources/types.js';
import type { Theme } from '../theme/theme.js';
import { columnStart, formatLine, layoutColumns, GAP } from '../table-layout.js';
import type { Layout } from '../table-layout.js';
import type { NameMatch } from '../../store/table/fuzzy.js';
import type { RowList } from '../../store/table/row-list.js';
import { sanitize } from '../../util/sanitize.js';
import { displayWidth } from '../../util/text.js';
import type { TableExtra } from '../hooks/use-metrics.js';

export interface ResourceTableProps {
  resource: ResourceDef;
  /** An array, or the store's row list: only the visible window is read. */
  rows: Pick<RowList, 'length' | 'slice'>;
  allNamespaces: boolean;
  selected: number;
  top: number;
  height: number;
  width: number;
  wide: boolean;
  now: number;
  theme: Theme;
  /** Fuzzy-filter match positions of row i (indexes into `rows`), for highlighting. */
  matchAt?: (i: number) => NameMatch | undefined;
  /** The sorted column (index into resource.columns) gets an arrow in the header. */
  sort?: { index: number | undefined; desc: boolean; usage?: 'cpu' | 'memory' };
  /** Columns appended after the resource's own (the metrics overlay), cells made for visible rows only. */
  extra?: TableExtra;
  /** Set at each render: until when a row on screen stays bold as just changed (0: none is). */
  boldUntil?: { current: number };
}

const NS_COLUMN: Column = { name: 'NAMESPACE' };

/** How many of the extra columns fit after the others, every column at its natural width. */
function extrasThatFit(base: readonly Column[], baseCells: readonly (readonly string[])[], extra: readonly Column[], extraCells: readonly (readonly string[])[], width: number): number {
  const natural = (cols: readonly Column[], rows: readonly (readonly string[])[]) =>
    cols.map((c, i) => rows.reduce((m, r) => Math.max(m, displayWidth(r[i] ?? '')), displayWidth(c.name)));
  let room = width - 1 - natural(base, baseCells).reduce((a, b) => a + b + GAP, -GAP);
  let keep = 0;
  for (const w of natural(extra, extraCells)) {
    if (room < w + GAP) break;
    room -= w + GAP;
    keep++;
  }
  return keep;
}
/** How long a row that just changed stays bold. */
const CHANGED_MS = 2000;

/**
 * A windowed table: only the `height - 1` visible rows are turned into cells and rendered, one
 * pre-formatted <Text> per row, coloured by the row's status tone (as k9s does).
 */
export function ResourceTable(props: ResourceTableProps) {
  const { resource, rows, allNamespaces, selected, top, height, width, wide, now, theme, matchAt, sort, extra, boldUntil } = props;
  let bold = 0;
  const sticky = useRef<{ key: string; widths: number[] }>({ key: '', widths: [] });
  // resourceVersion last seen per visible row, and when it last changed: changed rows show bold briefly
  const seen = useRef(new Map<string, { rv: string; at: number }>());
  const stickyKey = `${resource.plural}|${allNamespaces}|${wide}|${width}|${extra ? 'x' : ''}`;
  if (sticky.current.key !== stickyKey || seen.current.size > 4 * 1024) {
    // a new view, or much scrolling: forget (at worst a change is not shown bold once)
    if (sticky.current.key !== stickyKey) sticky.current = { key: stickyKey, widths: [] };
    seen.current.clear();
  }

  const showNs = allNamespaces && resource.namespaced && !resource.columns.some((c) => c.name === 'NAMESPACE');
  const colIdx: number[] = [];
  resource.columns.forEach((c, i) => {
    if (wide || !c.wide) colIdx.push(i);
  });
  // the sorted column is marked, unless it is the default order (headers then read exactly as kubectl's)
  const arrow = (i: number) => (sort && sort.index === i && !(resource.columns[i]?.name === 'NAME' && !sort.desc) ? (sort.desc ? theme.glyphs.down : theme.glyphs.up) : '');
  const base = [
    ...(showNs ? [NS_COLUMN] : []),
    ...colIdx.map((i) => {
      const c = resource.columns[i] as Column;
      const a = arrow(i);
      return a ? { ...c, name: c.name + a } : c;
    }),
  ];
  const bodyHeight = Math.max(0, height - 1);
  const window = rows.slice(top, top + bodyHeight);
  const baseCells = window.map((rec) => {
    const all = resource.row(rec, now);
    const picked = colIdx.map((i) => all[i] ?? '');
    return showNs ? [sanitize(rec.namespace ?? ''), ...picked] : picked;
  });
  // extra columns (metrics) only as far as they fit beside the resource's own at their natural width:
  // a narrow terminal keeps NAME whole rather than showing CPU
  const extraCells = extra ? window.map((rec) => extra.cells(rec)) : [];
  const keep = extra ? extrasThatFit(base, baseCells, extra.columns, extraCells, width) : 0;
  // a sort by usage marks the CPU or MEM column (the first two of the metrics columns)
  const usageAt = sort?.usage === 'cpu' ? 0 : sort?.usage === 'memory' ? 1 : -1;
  const extraCols = (extra?.columns.slice(0, keep) ?? []).map((c, i) => (i === usageAt ? { ...c, name: c.name + (sort?.desc ? theme.glyphs.down : theme.glyphs.up) } : c));
  const columns = keep ? [...base, ...extraCols] : base;
  const cells = keep ? baseCells.map((c, i) => [...c, ...(extraCells[i]?.slice(0, keep) ?? [])]) : baseCells;
  const layout = layoutColumns(columns, cells, width, sticky.current.widths);
  const header = formatLine(
    columns,
    columns.map((c) => c.name),
    layout,
    width,
  );
  const lines = window.map((rec, i) => {
    const line = formatLine(columns, cells[i] ?? [], layout, width);
    const isSel = top + i === selected;
    const tone = resource.status(rec).tone;
    const last = seen.current.get(rec.key);
    if (!last) seen.current.set(rec.key, { rv: rec.rv, at: 0 });
    else if (last.rv !== rec.rv) seen.current.set(rec.key, { rv: rec.rv, at: Date.now() });
    const at = seen.current.get(rec.key)?.at ?? 0;
    const changed = Date.now() - at < CHANGED_MS;
    if (changed) bold = Math.max(bold, at + CHANGED_MS);
    const m = matchAt?.(top + i);
    const hits = m ? hitPositions(m, columns, layout, theme) : undefined;
    return (
      <Text key={rec.key} wrap="truncate" color={theme.tone[tone]} inverse={isSel} bold={changed}>
        {hits && hits.size > 0 ? highlight(line, hits, theme.highlight) : line}
      </Text>
    );
  });
  if (boldUntil) boldUntil.current = bold;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold wrap="truncate">
        {header}
      </Text>
      {lines}
      {rows.length === 0 ? (
        <Text color={theme.dim} wrap="truncate">
          {' '}
          (no {resource.plural})
        </Text>
      ) : null}
    </Box>
  );
}

/** Line positions of fuzzy matches in the NAMESPACE and NAME cells, wherever those columns are. */
function hitPositions(m: NameMatch, columns: readonly Column[], layout: Layout, theme: Theme): Set<number> {
  const out = new Set<number>();
  const mark = (name: string, positions: readonly number[]) => {
    const { up, down } = theme.glyphs;
    const idx = columns.findIndex((c) => c.name === name || c.name === name + up || c.name === name + down);
    const start = idx < 0 ? -1 : columnStart(layout, idx);
    if (start < 0) return;
    const width = layout.widths[idx] ?? 0;
    for (const p of positions) if (p < width - 1) out.add(start + p);
  };
  mark('NAMESPACE', m.namespace);
  mark('NAME', m.name);
  return out;
}

function highlight(line: string, hits: Set<number>, color: string | undefined) {
  const parts: { text: string; hit: boolean }[] = [];
  for (let i = 0; i < line.length; i++) {
    const hit = hits.has(i);
    const last = parts[parts.length - 1];
    if (last && last.hit === hit) last.text += line[i];
    else parts.push({ text: line[i] ?? '', hit });
  }
  return parts.map((p, j) =>
    p.hit ? (
      <Text key={j} color={color} bold underline>
        {p.text}
      </Text>
    ) : (
      p.text
    ),
  );
}
