// Whether the table's visible rows read differently at another time: the 1 s tick (use-now.ts) re-renders
// only when they do (an AGE of `3d` stays `3d` for hours; `65s` changes every second).
import type { ResourceDef, SlimBase } from '../resources/types.js';

/** Would any of rows [top, top + height) of `list` have other cells at `next` than at `shown`? */
export function timeCellsChange(
  resource: Pick<ResourceDef, 'row'>,
  list: { at(i: number): SlimBase | undefined; readonly length: number },
  window: { top: number; height: number } | undefined,
  shown: number,
  next: number,
): boolean {
  if (!window) return true;
  const end = Math.min(list.length, window.top + window.height);
  for (let i = Math.max(0, window.top); i < end; i++) {
    const rec = list.at(i);
    if (!rec) continue;
    const a = resource.row(rec, shown);
    const b = resource.row(rec, next);
    if (a.length !== b.length) return true;
    for (let c = 0; c < a.length; c++) if (a[c] !== b[c]) return true;
  }
  return false;
}
