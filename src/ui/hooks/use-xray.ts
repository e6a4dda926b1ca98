import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { AppStore } from '../../store/app-store.js';
import { XrayModel } from '../../store/xray/xray-model.js';
import type { XrayRequest, XraySnapshot } from '../../store/xray/xray-model.js';
import type { XrayLine } from '../../store/xray/lines.js';
import type { ResourceDef, SlimBase } from '../../resources/types.js';
import type { Keymap } from '../../keys/commands.js';
import { Command } from '../../keys/commands.js';
import type { KeyEvent } from '../../keys/key-event.js';
import type { Cursor } from './use-cursor.js';
import { useRefState } from './use-ref-state.js';

interface XrayUi {
  model: XrayModel;
  /** The selected line's key (the selection follows the node), and its index when it goes away. */
  sel: { key: string | undefined; index: number };
  /** The `/` filter being typed. */
  typing?: string;
}

/** Runs the selected node's row key as its kind declares it (the table's router, `row-keys.ts`). */
export type RowKeyRunner = (resource: ResourceDef, cursor: Cursor, e: KeyEvent) => boolean;

const noSubscribe = () => () => undefined;
const noSnapshot = (): XraySnapshot | undefined => undefined;

function indexIn(lines: readonly XrayLine[], sel: XrayUi['sel']): number {
  if (lines.length === 0) return 0;
  if (sel.key !== undefined) {
    if (lines[sel.index]?.key === sel.key) return sel.index;
    const i = lines.findIndex((l) => l.key === sel.key);
    if (i >= 0) return i;
  }
  return Math.min(Math.max(0, sel.index), lines.length - 1);
}

/** A cursor standing on one record, for the row-key router. */
const cursorOn = (rec: SlimBase): Cursor => ({ selected: 0, top: 0, move: () => undefined, toTop: () => undefined, toBottom: () => undefined, selectedRow: () => rec, selectKey: () => false });

/**
 * `:xray`: the tree's model while the view is open (its caches close with it), the selection, the `/`
 * filter and the keys: moves, collapse/expand, and every row key of the selected node's kind.
 */
export function useXray(store: AppStore, keymap: Keymap, pageSize: number, view: unknown) {
  const [get, set] = useRefState<XrayUi | undefined>(undefined);
  const topRef = useRef(0);
  const model = get()?.model;
  const snap = useSyncExternalStore(model?.subscribe ?? noSubscribe, model?.getSnapshot ?? noSnapshot);
  // the caches close with the view, with the App (quitting) and with the store (a context switch)
  useEffect(
    () => () => {
      if (!get()) return;
      get()?.model.dispose();
      set(undefined);
    },
    [store],
  );
  // a view opened meanwhile (a `:` command that waited for discovery) is shown, not left behind the tree
  const firstView = useRef(view);
  useEffect(() => {
    if (view === firstView.current) return;
    firstView.current = view;
    if (!get()) return;
    get()?.model.dispose();
    set(undefined);
  }, [view]);

  const lines = (): readonly XrayLine[] => get()?.model.getSnapshot().lines ?? [];
  const selectedLine = (): XrayLine | undefined => {
    const ui = get();
    if (!ui) return undefined;
    const ls = lines();
    return ls[indexIn(ls, ui.sel)];
  };
  const move = (to: (cur: number) => number) => {
    const ui = get();
    if (!ui) return;
    const ls = lines();
    const i = Math.max(0, Math.min(to(indexIn(ls, ui.sel)), ls.length - 1));
    set({ ...ui, sel: { key: ls[i]?.key, index: i } });
  };
  const open = (req: XrayRequest) => {
    get()?.model.dispose();
    topRef.current = 0;
    const m = new XrayModel({ sources: (r) => store.openSource(r), resource: req.resource, namespace: req.namespace });
    set({ model: m, sel: { key: undefined, index: 0 } });
  };
  const close = () => {
    get()?.model.dispose();
    set(undefined);
  };
  const typingKey = (ui: XrayUi, text: string, e: KeyEvent): void => {
    if (keymap.matches(Command.PromptCancel, e)) {
      ui.model.setFilter('');
      return set({ model: ui.model, sel: ui.sel });
    }
    if (keymap.matches(Command.PromptSubmit, e)) return set({ model: ui.model, sel: ui.sel });
    let next: string;
    if (e.backspace || e.delete) next = text.slice(0, -1);
    else if (!e.ctrl && !e.meta && e.input) next = text + e.input;
    else return;
    ui.model.setFilter(next);
    set({ ...ui, typing: next });
  };

  /** Every key while the tree is shown (help, `:` and the overlays are App's). */
  const handleKey = (e: KeyEvent, runRow: RowKeyRunner): void => {
    const ui = get();
    if (!ui) return;
    if (ui.typing !== undefined) return typingKey(ui, ui.typing, e);
    const page = Math.max(1, pageSize);
    if (keymap.matches(Command.Filter, e)) return set({ ...ui, typing: ui.model.getSnapshot().filter });
    if (keymap.matches(Command.Back, e)) {
      if (ui.model.getSnapshot().filter) return ui.model.setFilter('');
      return close();
    }
    if (keymap.matches(Command.TreeExpandAll, e)) return ui.model.setAllOpen(true);
    if (keymap.matches(Command.TreeCollapseAll, e)) return ui.model.setAllOpen(false);
    if (keymap.matches(Command.TreeToggle, e) || keymap.matches(Command.Drill, e)) {
      const l = selectedLine();
      if (l?.branch) ui.model.toggle(l.key);
      return;
    }
    if (keymap.matches(Command.Down, e)) return move((c) => c + 1);
    if (keymap.matches(Command.Up, e)) return move((c) => c - 1);
    if (keymap.matches(Command.PageDown, e)) return move((c) => c + page);
    if (keymap.matches(Command.PageUp, e)) return move((c) => c - page);
    if (keymap.matches(Command.Top, e)) return move(() => 0);
    if (keymap.matches(Command.Bottom, e)) return move(() => Number.MAX_SAFE_INTEGER);
    const l = selectedLine();
    if (!l) return;
    const n = l.node;
    if (n.absent && n.resource.can?.some((c) => keymap.matches(c.cmd, e))) {
      return store.flash(`${n.resource.singular} ${n.rec.key} ${n.absent === 'missing' ? 'does not exist' : 'is not known yet'}`, 'warn');
    }
    runRow(n.resource, cursorOn(n.rec), e);
  };

  // the window: the selection stays visible
  const ui = get();
  const shown = snap?.lines ?? [];
  const selected = ui ? indexIn(shown, ui.sel) : 0;
  const page = Math.max(1, pageSize);
  let top = topRef.current;
  if (selected < top) top = selected;
  if (selected >= top + page) top = selected - page + 1;
  top = Math.max(0, Math.min(top, Math.max(0, shown.length - page)));
  topRef.current = top;

  return {
    /** The tree's latest snapshot while the view is open. */
    get: () => (get() ? (snap ?? get()?.model.getSnapshot()) : undefined),
    typing: () => get()?.typing,
    selected,
    top,
    /** The kind of the selected node (its keys are the ones that work, hints and help list them). */
    selectedResource: (): ResourceDef | undefined => selectedLine()?.node.resource,
    open,
    close,
    handleKey,
  };
}
