import { useRef } from 'react';
import type { SlimBase } from '../../resources/types.js';
import type { RowList } from '../../store/table/row-list.js';
import { useRefState } from './use-ref-state.js';

export interface Cursor {
  selected: number;
  top: number;
  move(delta: number): void;
  toTop(): void;
  toBottom(): void;
  /** The selected row as of the last key handled (keys in one input chunk see each other's moves). */
  selectedRow(): SlimBase | undefined;
  /** Select a row by key (restoring a selection after "back"); false if it is not there. */
  selectKey(key: string): boolean;
}

interface Sel {
  key: string | undefined;
  index: number;
  view: string;
}

function indexIn(rows: RowList, s: { key: string | undefined; index: number }): number {
  if (rows.length === 0) return 0;
  if (s.key !== undefined) {
    const found = rows.indexOfKey(s.key, s.index);
    if (found >= 0) return found;
  }
  return Math.min(Math.max(0, s.index), rows.length - 1);
}

/**
 * Selection and scroll offset of a windowed table. The selection follows the same object (by key)
 * across snapshots; if that object is gone, the same index is kept (clamped).
 */
export function useCursor(rows: RowList, viewId: string, pageSize: number, restoreKey?: string): Cursor {
  const [get, set] = useRefState<Sel>({ key: undefined, index: 0, view: viewId });
  const topRef = useRef(0);
  const current = (): Sel => {
    const s = get();
    // a view shown again after "back" starts on the row it was left from
    return s.view === viewId ? s : { key: restoreKey, index: 0, view: viewId };
  };
  if (get().view !== viewId) topRef.current = 0;
  const selected = indexIn(rows, current());

  const page = Math.max(1, pageSize);
  let top = topRef.current;
  if (selected < top) top = selected;
  if (selected >= top + page) top = selected - page + 1;
  top = Math.max(0, Math.min(top, Math.max(0, rows.length - page)));
  topRef.current = top;

  const go = (target: (cur: number) => number) => {
    const cur = indexIn(rows, current());
    const i = Math.max(0, Math.min(target(cur), rows.length - 1));
    set({ key: rows.at(i)?.key, index: i, view: viewId });
  };
  return {
    selected,
    top,
    move: (d) => go((cur) => cur + d),
    toTop: () => go(() => 0),
    toBottom: () => go(() => rows.length - 1),
    selectedRow: () => rows.at(indexIn(rows, current())),
    selectKey: (key) => {
      const i = rows.indexOfKey(key);
      if (i < 0) return false;
      set({ key, index: i, view: viewId });
      return true;
    },
  };
}
