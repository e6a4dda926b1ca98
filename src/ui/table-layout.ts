import type { Column } from '../resources/types.js';
import { displayWidth, fit } from '../util/text.js';

/** Spaces between columns, as kubectl prints them; two when that is what it takes to keep a column. */
export const GAP = 3;
const NARROW_GAP = 2;
/** A column is never cut narrower than this. */
const MIN_CUT = 4;

/** Column widths (0: the column is dropped at this width) and the spaces between the columns shown. */
export interface Layout {
  widths: number[];
  gap: number;
}

const total = (w: readonly number[], gap: number): number => {
  let sum = 0;
  let shown = 0;
  for (const x of w) {
    if (x <= 0) continue;
    sum += x;
    shown++;
  }
  return sum + gap * Math.max(0, shown - 1);
};

/**
 * Column widths for the visible window, every column first at its natural width: the widest of its header
 * and its cells on screen. Widths this view has shown before (`sticky`) are kept while everything fits,
 * so columns do not jump while scrolling. When the screen is too narrow: the sticky widths go, then the
 * gap narrows, then the kind's optional columns are dropped (`Column.optional`, 1 first; one dropped early
 * comes back if it fits beside the others after all), and only then
 * are columns cut, the widest first. So NAME keeps its natural width before any secondary column shows.
 */
export function layoutColumns(columns: readonly Column[], rows: readonly (readonly string[])[], width: number, sticky: number[]): Layout {
  const natural = columns.map((c) => displayWidth(c.name));
  for (const cells of rows) {
    for (let i = 0; i < natural.length; i++) {
      const len = displayWidth(cells[i] ?? '');
      if (len > (natural[i] ?? 0)) natural[i] = len;
    }
  }
  const available = width - 1;
  const preferred = natural.map((n, i) => Math.max(n, sticky[i] ?? 0));
  if (total(preferred, GAP) <= available) {
    preferred.forEach((w, i) => (sticky[i] = w));
    return { widths: preferred, gap: GAP };
  }
  if (total(natural, GAP) <= available) return { widths: natural, gap: GAP };
  const w = [...natural];
  const gap = NARROW_GAP;
  // optional columns, the first to go first (ties: the rightmost first)
  const optional = columns
    .map((c, i) => ({ i, order: c.optional }))
    .filter((x): x is { i: number; order: number } => x.order !== undefined)
    .sort((a, b) => a.order - b.order || b.i - a.i);
  const dropped: number[] = [];
  for (const { i } of optional) {
    if (total(w, gap) <= available) break;
    w[i] = 0;
    dropped.push(i);
  }
  // a column dropped early may fit in the room a later, wider one left: the more important first
  for (const i of dropped.slice(0, -1).reverse()) {
    w[i] = natural[i] ?? 0;
    if (total(w, gap) > available) w[i] = 0;
  }
  let sum = total(w, gap);
  while (sum > available) {
    let widest = -1;
    for (let i = 0; i < w.length; i++) if ((w[i] ?? 0) > (widest < 0 ? 0 : (w[widest] ?? 0))) widest = i;
    const cur = widest < 0 ? 0 : (w[widest] ?? 0);
    if (cur <= MIN_CUT) break;
    const cut = Math.min(sum - available, cur - MIN_CUT);
    w[widest] = cur - Math.max(1, Math.min(cut, Math.ceil(cur / 4)));
    sum = total(w, gap);
  }
  return { widths: w, gap };
}

/** One pre-formatted line per row: one <Text> each, never a <Box> per cell. Dropped columns are skipped. */
export function formatLine(columns: readonly Column[], cells: readonly string[], layout: Layout, width: number): string {
  let out = ' ';
  let first = true;
  for (let i = 0; i < layout.widths.length; i++) {
    const w = layout.widths[i] ?? 0;
    if (w <= 0) continue;
    if (!first) out += ' '.repeat(layout.gap);
    out += fit(cells[i] ?? '', w, columns[i]?.align);
    first = false;
  }
  return fit(out, width);
}

/** Where column `idx` starts in a line from formatLine (-1 when it is dropped). */
export function columnStart(layout: Layout, idx: number): number {
  if ((layout.widths[idx] ?? 0) <= 0) return -1;
  let at = 1;
  for (let i = 0; i < idx; i++) if ((layout.widths[i] ?? 0) > 0) at += (layout.widths[i] ?? 0) + layout.gap;
  return at;
}
