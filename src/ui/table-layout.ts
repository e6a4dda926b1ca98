import type { Column } from '../resources/types.js';
import { displayWidth, fit } from '../util/text.js';

export const GAP = 3;

/**
 * Column widths for the visible window: the widest of header and cells, never narrower than what
 * this view has shown before (`sticky`), so columns do not jump while scrolling. When the total is
 * wider than the screen, the widest columns give way first.
 */
export function layoutColumns(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  width: number,
  sticky: number[],
): number[] {
  const w = columns.map((c, i) => Math.max(displayWidth(c.name), sticky[i] ?? 0));
  for (const cells of rows) {
    for (let i = 0; i < w.length; i++) {
      const len = displayWidth(cells[i] ?? '');
      if (len > (w[i] ?? 0)) w[i] = len;
    }
  }
  for (let i = 0; i < w.length; i++) sticky[i] = w[i] ?? 0;
  const available = width - 1 - GAP * Math.max(0, w.length - 1);
  let total = w.reduce((a, b) => a + b, 0);
  while (total > available) {
    let widest = 0;
    for (let i = 1; i < w.length; i++) if ((w[i] ?? 0) > (w[widest] ?? 0)) widest = i;
    const cur = w[widest] ?? 0;
    if (cur <= 4) break;
    const cut = Math.min(total - available, cur - 4);
    w[widest] = cur - Math.max(1, Math.min(cut, Math.ceil(cur / 4)));
    total = w.reduce((a, b) => a + b, 0);
  }
  return w;
}

/** One pre-formatted line per row: one <Text> each, never a <Box> per cell. */
export function formatLine(columns: readonly Column[], cells: readonly string[], widths: readonly number[], width: number): string {
  let out = ' ';
  for (let i = 0; i < widths.length; i++) {
    const last = i === widths.length - 1;
    const cell = fit(cells[i] ?? '', widths[i] ?? 0, columns[i]?.align);
    out += last ? cell : cell + ' '.repeat(GAP);
  }
  return fit(out, width);
}
