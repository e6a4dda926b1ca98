import { useEffect, useReducer, useRef } from 'react';
import type { AppStore, Snapshot } from '../../store/app-store.js';

/** The table rows on screen at the last render: positions [top, top + height) of `list`. */
export interface ShownWindow {
  top: number;
  height: number;
}

const same = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const sameFields = (a: object, b: object): boolean => {
  const ka = Object.keys(a);
  return same(ka, Object.keys(b)) && ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
};

/**
 * Would `next` draw the same screen as `prev`, the table's window showing rows [top, top + height)? Every field
 * must be the same (by identity; the state, filter and crumbs, rebuilt at each publish, by value) but the rows,
 * of which only the window's must be the same records.
 */
export function sameOnScreen(prev: Snapshot, next: Snapshot, window: ShownWindow | undefined): boolean {
  if (prev === next) return true;
  if (!window) return false;
  for (const k of Object.keys(next) as (keyof Snapshot)[]) {
    if (k === 'seq' || k === 'rows' || k === 'list') continue;
    if (k === 'state' || k === 'filter') {
      const a = prev[k];
      const b = next[k];
      if (a !== b && (a === undefined || b === undefined || !sameFields(a, b))) return false;
    } else if (k === 'crumbs') {
      if (!same(prev.crumbs, next.crumbs)) return false;
    } else if (prev[k] !== next[k]) return false;
  }
  if (!same(Object.keys(prev), Object.keys(next))) return false;
  if (prev.list.length !== next.list.length) return false;
  const end = Math.min(next.list.length, window.top + window.height);
  for (let i = Math.max(0, window.top); i < end; i++) if (prev.list.at(i) !== next.list.at(i)) return false;
  return true;
}

/**
 * The store's latest snapshot. A publish re-renders only when it changes what is on screen (`shown` is the
 * table's window at the last render): under watch churn most changes are to rows off screen, and each render
 * costs Ink a whole frame. A render for any other reason (a key, a resize) reads the latest snapshot.
 */
export function useSnapshot(store: AppStore, shown?: { readonly current: ShownWindow | undefined }): Snapshot {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const drawn = useRef<Snapshot | undefined>(undefined);
  useEffect(() => {
    const check = (): void => {
      const d = drawn.current;
      if (d && sameOnScreen(d, store.getSnapshot(), shown?.current)) return;
      rerender();
    };
    const off = store.subscribe(check);
    check(); // a publish between the render and this subscription
    return off;
  }, [store, shown]);
  const snap = store.getSnapshot();
  drawn.current = snap;
  return snap;
}
