import { useEffect, useRef } from 'react';
import type { KObject } from '../../util/k8s.js';
import type { ResourceDef, SlimBase } from '../../resources/types.js';
import type { Keymap } from '../../keys/commands.js';
import { Command } from '../../keys/commands.js';
import type { KeyEvent } from '../../keys/key-event.js';
import { hasMaskedValues, yamlLines } from '../../util/yaml-view.js';
import { describeLines } from '../../util/describe.js';
import { useRefState } from './use-ref-state.js';
import { lineEdit } from './line-edit.js';

import type { DetailLoader } from '../../store/actions/detail.js';
import { arrayRows } from '../../store/table/row-list.js';
import type { RowList } from '../../store/table/row-list.js';

export type { DetailLoader };

export interface DetailState {
  mode: 'yaml' | 'describe';
  title: string;
  lines: string[];
  loading: boolean;
  error?: string;
  top: number;
  /** The search being typed after `/` (undefined = not typing). */
  typing?: string;
  search: string;
  matches: number[];
  showManaged: boolean;
  reveal: boolean;
  object?: KObject;
  events: KObject[];
  /** The kind's own describe body (its resources file declares it). */
  describe?: ResourceDef['describe'];
  /** What is shown: its kind, its row key and the resourceVersion loaded (a newer one in the table reloads it). */
  resource: ResourceDef;
  key: string;
  rv: string;
}

function render(s: DetailState, now: number): string[] {
  if (!s.object) return s.lines;
  return s.mode === 'yaml'
    ? yamlLines(s.object, { showManagedFields: s.showManaged, revealSecrets: s.reveal })
    : describeLines(s.object, s.events, now, s.describe);
}

function findMatches(lines: string[], search: string): number[] {
  if (!search) return [];
  const q = search.toLowerCase();
  const out: number[] = [];
  lines.forEach((l, i) => {
    if (l.toLowerCase().includes(q)) out.push(i);
  });
  return out;
}

/**
 * YAML (`y`) and describe (`d`) of the selected object: loading, scrolling, `/` search with n/N. `rows` are
 * the table's: when the object's row shows a new resourceVersion, the object is fetched again (the place
 * in the text and the search kept).
 */
export function useDetail(load: DetailLoader | undefined, pageSize: number, keymap: Keymap, rows: RowList = arrayRows([])) {
  const [get, set] = useRefState<DetailState | undefined>(undefined);
  const seq = useRef(0);
  const page = Math.max(1, pageSize);

  const open = (mode: DetailState['mode'], resource: ResourceDef, rec: SlimBase) => {
    if (!load) return;
    const id = ++seq.current;
    const title = `${mode === 'yaml' ? 'yaml' : 'describe'}(${rec.namespace ? `${rec.namespace}/` : ''}${rec.name})`;
    set({ mode, title, lines: [], loading: true, top: 0, search: '', matches: [], showManaged: false, reveal: false, events: [], resource, key: rec.key, rv: rec.rv, ...(resource.describe ? { describe: resource.describe } : {}) });
    fetch(id, resource, rec);
  };

  const fetch = (id: number, resource: ResourceDef, rec: SlimBase) => {
    if (!load) return;
    load(resource, rec).then(
      ({ object, events }) => {
        if (id !== seq.current) return;
        set((s) => {
          if (!s) return s;
          const next = { ...s, object, events, loading: false, error: undefined };
          const lines = render(next, Date.now());
          return { ...next, lines, matches: findMatches(lines, next.search), top: Math.max(0, Math.min(next.top, Math.max(0, lines.length - page))) };
        });
      },
      (e: unknown) => {
        if (id !== seq.current) return;
        set((s) => (s ? { ...s, loading: false, error: e instanceof Error ? e.message : String(e) } : s));
      },
    );
  };

  // the object changed (its row in the table has a new resourceVersion): fetch it again
  useEffect(() => {
    const s = get();
    if (!s || s.loading) return;
    const row = rows.at(rows.indexOfKey(s.key));
    if (!row || row.rv === s.rv) return;
    set({ ...s, rv: row.rv });
    fetch(++seq.current, s.resource, row);
  });

  const scroll = (to: (s: DetailState) => number) =>
    set((s) => (s ? { ...s, top: Math.max(0, Math.min(to(s), Math.max(0, s.lines.length - page))) } : s));

  const rerender = (patch: Partial<DetailState>) =>
    set((s) => {
      if (!s) return s;
      const next = { ...s, ...patch };
      const lines = render(next, Date.now());
      return { ...next, lines, matches: findMatches(lines, next.search) };
    });

  const jump = (dir: 1 | -1, inclusive = false) =>
    set((s) => {
      if (!s || s.matches.length === 0) return s;
      const cur = s.top;
      const next = dir > 0 ? (s.matches.find((m) => (inclusive ? m >= cur : m > cur)) ?? s.matches[0]) : ([...s.matches].reverse().find((m) => m < cur) ?? s.matches[s.matches.length - 1]);
      return { ...s, top: Math.max(0, Math.min(next ?? 0, Math.max(0, s.lines.length - page))) };
    });

  /** Returns true when the key was for the detail view. */
  const handleKey = (e: KeyEvent): boolean => {
    const s = get();
    if (!s) return false;
    if (s.typing !== undefined) {
      const r = lineEdit(s.typing, e, keymap);
      if (r.kind === 'cancel') set({ ...s, typing: undefined });
      else if (r.kind === 'submit') {
        set({ ...s, typing: undefined, search: r.text, matches: findMatches(s.lines, r.text) });
        jump(1, true);
      } else if (r.kind === 'edit') set({ ...s, typing: r.text });
      return true;
    }
    if (keymap.matches(Command.Back, e)) set(undefined);
    else if (keymap.matches(Command.Down, e)) scroll((x) => x.top + 1);
    else if (keymap.matches(Command.Up, e)) scroll((x) => x.top - 1);
    else if (keymap.matches(Command.PageDown, e)) scroll((x) => x.top + page);
    else if (keymap.matches(Command.PageUp, e)) scroll((x) => x.top - page);
    else if (keymap.matches(Command.Top, e)) scroll(() => 0);
    else if (keymap.matches(Command.Bottom, e)) scroll((x) => x.lines.length);
    else if (keymap.matches(Command.Search, e)) set({ ...s, typing: '' });
    else if (keymap.matches(Command.NextMatch, e)) jump(1);
    else if (keymap.matches(Command.PrevMatch, e)) jump(-1);
    else if (s.mode === 'yaml' && keymap.matches(Command.ToggleManagedFields, e)) rerender({ showManaged: !s.showManaged });
    else if (s.mode === 'yaml' && s.object && hasMaskedValues(s.object) && keymap.matches(Command.Decode, e)) rerender({ reveal: !s.reveal });
    else return keymap.matches(Command.ForceQuit, e) ? false : true;
    return true;
  };

  return { get, open, handleKey, close: () => set(undefined) };
}
