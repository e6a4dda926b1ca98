import { resolve } from 'node:path';
import { useEffect, useRef } from 'react';
import { useWindowSize } from 'ink';
import type { AppStore } from '../../store/app-store.js';
import { logFileName } from '../../store/logs/logs.js';
import type { LogTarget } from '../../store/logs/logs.js';
import { LogFilter, compileLogFilter } from '../../store/logs/log-filter.js';
import { scrollRows } from '../../store/logs/log-layout.js';
import { allTargets, containerChoices, targetsFor } from '../../store/logs/log-containers.js';
import type { LogService } from '../../store/logs/service.js';
import type { Keymap } from '../../keys/commands.js';
import { Command } from '../../keys/commands.js';
import type { KeyEvent } from '../../keys/key-event.js';
import { useRefState } from './use-ref-state.js';
import { lineEdit } from './line-edit.js';
import { currentPos, findLine, logHints, rowsOfFn, viewOf } from './logs-model.js';
import type { LogsState } from './logs-model.js';

export type { LogsState } from './logs-model.js';

const FRAME_MS = 50;
/** Time the filter may scan older lines per frame. */
const SCAN_MS = 8;

/**
 * The logs view: sessions, scrolling (in screen rows), presets, search, filter, JSON/levels, wrap,
 * container choice, save. Renders at most every 50 ms however many lines arrive.
 */
export function useLogs(store: AppStore, service: LogService | undefined, keymap: Keymap, pageSize: number) {
  const [get, set] = useRefState<LogsState | undefined>(undefined);
  const timer = useRef<NodeJS.Timeout | undefined>(undefined);
  const { columns } = useWindowSize();
  const page = Math.max(1, pageSize);

  // coalesce: one re-render per frame; the filter tests new lines and scans older ones a slice at a time
  const changed = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      const f = get()?.filter;
      f?.step(SCAN_MS);
      if (f && !f.done) changed();
      set((s) => (s ? { ...s, tick: s.tick + 1 } : s));
    }, FRAME_MS);
  };
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      get()?.session.stop();
    },
    [],
  );

  const withFilter = (s: LogsState, text: string): LogsState => {
    if (!text) return { ...s, filter: undefined, follow: true };
    const filter = new LogFilter(compileLogFilter(text), s.session.texts);
    filter.step(SCAN_MS);
    if (!filter.done) changed();
    return { ...s, filter, follow: true };
  };

  const start = (title: string, targets: LogTarget[], previous: boolean, preset: number | undefined, keep?: LogsState, scope?: string) => {
    if (!service) return store.flash('not connected yet', 'warn');
    if (targets.length === 0) return store.flash('no containers to show logs of', 'warn');
    keep?.session.stop();
    const session = service.session(targets, { previous, preset }, changed);
    const next: LogsState = {
      title,
      session,
      pos: { top: 0, row: 0 },
      follow: true,
      timestamps: keep?.timestamps ?? false,
      json: keep?.json ?? false,
      wrap: keep?.wrap ?? false,
      search: keep?.search ?? '',
      scope: scope ?? keep?.scope ?? '',
      hints: logHints(keymap),
      tick: 0,
    };
    set(keep?.filter ? withFilter(next, keep.filter.matcher.text) : next);
  };

  const open = (title: string, targets: LogTarget[], previous: boolean) => start(title, targets, previous, undefined);
  const restart = (s: LogsState, targets: LogTarget[], scope: string) => start(s.title, targets, s.session.opts.previous, s.session.opts.preset, s, scope);

  const width = columns;
  const scroll = (s: LogsState, delta: number) => {
    const pos = scrollRows(viewOf(s), currentPos(s, page, width), delta, page, rowsOfFn(s, width));
    set({ ...s, pos, follow: s.follow && delta >= 0 });
  };

  const jump = (s: LogsState, dir: 1 | -1) => {
    if (!s.search) return;
    const k = findLine(s, currentPos(s, page, width).top, dir, s.search);
    if (k === undefined) return store.flash(`no line matches "${s.search}"`, 'warn');
    set({ ...s, follow: false, pos: { top: k, row: 0 } });
  };

  /** `c` / `a`: read the pods' containers, then pick one (c) or take them all (a). */
  const containers = (s: LogsState, all: boolean) => {
    if (!service) return store.flash('not connected yet', 'warn');
    if (!all) set({ ...s, picker: { items: [], index: 0 } });
    service
      .podContainers(s.session.targets)
      .then(
        (pods) => {
          const cur = get();
          if (cur?.session !== s.session) return;
          if (all) return restart(cur, allTargets(pods), 'all containers');
          if (!cur.picker) return;
          const items = containerChoices(pods);
          const now = s.session.targets[0]?.container;
          set({ ...cur, picker: { pods, items, index: Math.max(0, items.findIndex((c) => c.name === now)) } });
        },
        (err: unknown) => {
          const cur = get();
          if (cur?.session === s.session) set({ ...cur, picker: undefined });
          store.flash(err instanceof Error ? err.message : String(err), 'error');
        },
      );
  };

  const pickerKey = (s: LogsState, e: KeyEvent): void => {
    const p = s.picker;
    if (!p) return;
    if (keymap.matches(Command.Back, e)) return set({ ...s, picker: undefined });
    if (keymap.matches(Command.Down, e)) return set({ ...s, picker: { ...p, index: Math.min(p.items.length - 1, p.index + 1) } });
    if (keymap.matches(Command.Up, e)) return set({ ...s, picker: { ...p, index: Math.max(0, p.index - 1) } });
    const choice = p.items[p.index];
    if (keymap.matches(Command.Drill, e) && p.pods && choice) restart({ ...s, picker: undefined }, targetsFor(p.pods, choice.name), choice.name);
  };

  const promptKey = (cur: LogsState, e: KeyEvent): void => {
    // the previous filter is selected: a typed character replaces it, Backspace or an arrow keeps it
    const printable = !e.ctrl && !e.meta && Boolean(e.input) && !e.escape && !e.return && !e.backspace && !e.delete;
    const replace = cur.typingSelected === true && printable;
    const s: LogsState = cur.typingSelected ? { ...cur, typingSelected: false } : cur;
    if (cur.typingSelected && (e.leftArrow || e.rightArrow || e.home || e.end)) return set(s);
    const r = lineEdit(replace ? '' : (s.typing ?? ''), e, keymap);
    const filtering = s.typingKind === 'filter';
    if (r.kind === 'cancel') {
      set({ ...s, typing: undefined, ...(filtering ? { filter: s.filterBefore, filterBefore: undefined } : {}) });
    } else if (r.kind === 'submit' && filtering) {
      const next = { ...withFilter(s, r.text.trim() ? r.text : ''), typing: undefined, filterBefore: undefined };
      set(next);
      if (next.filter && !next.filter.matcher.regex) store.flash(`"${r.text}" is not a valid regex: matching it as plain text`, 'warn');
    } else if (r.kind === 'submit') {
      const next = { ...s, typing: undefined, search: r.text };
      set(next);
      jump(next, -1);
    } else if (r.kind === 'edit') {
      // the filter applies as you type (scanning is incremental); the search waits for Enter
      set(filtering ? { ...withFilter(s, r.text.trim() ? r.text : ''), typing: r.text } : { ...s, typing: r.text });
    }
  };

  const handleKey = (e: KeyEvent): boolean => {
    const s = get();
    if (!s) return false;
    if (s.typing !== undefined) {
      promptKey(s, e);
      return true;
    }
    if (s.picker) {
      if (!keymap.matches(Command.ForceQuit, e)) pickerKey(s, e);
      return !keymap.matches(Command.ForceQuit, e);
    }
    const target = s.session.targets[0];
    if (keymap.matches(Command.Back, e)) {
      if (s.filter) set({ ...s, filter: undefined });
      else {
        s.session.stop();
        set(undefined);
      }
    } else if (keymap.matches(Command.Down, e)) scroll(s, 1);
    else if (keymap.matches(Command.Up, e)) scroll(s, -1);
    else if (keymap.matches(Command.PageDown, e)) scroll(s, page);
    else if (keymap.matches(Command.PageUp, e)) scroll(s, -page);
    else if (keymap.matches(Command.Top, e)) set({ ...s, follow: false, pos: { top: viewOf(s).start, row: 0 } });
    else if (keymap.matches(Command.Bottom, e)) set({ ...s, follow: true });
    else if (keymap.matches(Command.Autoscroll, e)) set({ ...s, follow: !s.follow, pos: currentPos(s, page, width) });
    else if (keymap.matches(Command.Timestamps, e)) set({ ...s, timestamps: !s.timestamps });
    else if (keymap.matches(Command.LogJson, e)) set({ ...s, json: !s.json });
    else if (keymap.matches(Command.LogWrap, e)) set({ ...s, wrap: !s.wrap, pos: { top: currentPos(s, page, width).top, row: 0 } });
    else if (keymap.matches(Command.TogglePrevious, e)) start(s.title, [...s.session.targets], !s.session.opts.previous, s.session.opts.preset, s);
    else if (keymap.matches(Command.LogPreset, e)) start(s.title, [...s.session.targets], s.session.opts.previous, Number(e.input), s);
    else if (keymap.matches(Command.Search, e)) set({ ...s, typing: '', typingKind: 'search', typingSelected: false });
    else if (keymap.matches(Command.LogFilter, e)) set({ ...s, typing: s.filter?.matcher.text ?? '', typingKind: 'filter', typingSelected: s.filter !== undefined, filterBefore: s.filter });
    else if (keymap.matches(Command.NextMatch, e)) jump(s, 1);
    else if (keymap.matches(Command.PrevMatch, e)) jump(s, -1);
    else if (keymap.matches(Command.LogContainer, e)) containers(s, false);
    else if (keymap.matches(Command.LogAllContainers, e)) containers(s, true);
    else if (keymap.matches(Command.SaveLogs, e)) {
      const path = resolve(logFileName(s.session.multi ? undefined : target));
      s.session.saveTo(path).then(
        (bytes) => store.flash(`saved ${s.session.buffer.totalLines} lines (${bytes} bytes) to ${path}`),
        (err: unknown) => store.flash(err instanceof Error ? err.message : String(err), 'error'),
      );
    } else return !keymap.matches(Command.ForceQuit, e);
    return true;
  };

  const state = get();
  return { get, open, handleKey, firstVisible: state ? currentPos(state, page, width).top : 0 };
}
