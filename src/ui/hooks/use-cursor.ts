import { useMemo, useRef, useState } from 'react';
import type { SlimBase } from '../../resources/types.js';

export interface Cursor {
  selected: number;
  top: number;
  move(delta: number): void;
  toTop(): void;
  toBottom(): void;
  selectedRow: SlimBase | undefined;
}

/**
 * Selection and scroll offset of a windowed table. The selection follows the same object (by key)
 * across snapshots; if that object is gone, the same index is kept (clamped).
 */
export function useCursor(rows: readonly SlimBase[], viewId: string, pageSize: number): Cursor {
  const [sel, setSel] = useState<{ key: string | undefined; index: number; view: string }>({
    key: undefined,
    index: 0,
    view: viewId,
  });
  const topRef = useRef(0);
  const state = sel.view === viewId ? sel : { key: undefined, index: 0, view: viewId };
  if (sel.view !== viewId) topRef.current = 0;

  const selected = useMemo(() => indexIn(rows, state), [rows, state]);

  const page = Math.max(1, pageSize);
  let top = topRef.current;
  if (selected < top) top = selected;
  if (selected >= top + page) top = selected - page + 1;
  top = Math.max(0, Math.min(top, Math.max(0, rows.length - page)));
  topRef.current = top;

  // Functional updates, so several moves in one input chunk (`jjj`) compose.
  const go = (target: (current: number) => number) =>
    setSel((prev) => {
      const cur = indexIn(rows, prev.view === viewId ? prev : { key: undefined, index: 0 });
      const i = Math.max(0, Math.min(target(cur), rows.length - 1));
      return { key: rows[i]?.key, index: i, view: viewId };
    });
  return {
    selected,
    top,
    move: (d) => go((cur) => cur + d),
    toTop: () => go(() => 0),
    toBottom: () => go(() => rows.length - 1),
    selectedRow: rows[selected],
  };
}

function indexIn(rows: readonly SlimBase[], s: { key: string | undefined; index: number }): number {
  if (rows.length === 0) return 0;
  if (s.key !== undefined) {
    if (rows[s.index]?.key === s.key) return s.index;
    const found = rows.findIndex((r) => r.key === s.key);
    if (found >= 0) return found;
  }
  return Math.min(Math.max(0, s.index), rows.length - 1);
}
