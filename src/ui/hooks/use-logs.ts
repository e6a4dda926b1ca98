import { resolve } from 'node:path';
import { useEffect, useRef } from 'react';
import type { AppStore } from '../../store/app-store.js';
import { LogSession, logFileName } from '../../store/logs.js';
import type { LogTarget } from '../../store/logs.js';
import type { Transport } from '../../kube/transport.js';
import type { Keymap } from '../../keys/commands.js';
import { Command } from '../../keys/commands.js';
import type { KeyEvent } from '../../keys/key-event.js';
import { useRefState } from './use-ref-state.js';
import { lineEdit } from './line-edit.js';

export interface LogsState {
  title: string;
  session: LogSession;
  /** First visible line (absolute index, see buffer.dropped); ignored while following. */
  top: number;
  follow: boolean;
  timestamps: boolean;
  search: string;
  typing?: string;
  tick: number;
}

const FRAME_MS = 50;

/** The logs view: opening sessions, scrolling, presets, search, save. Renders at most every 50 ms. */
export function useLogs(store: AppStore, transport: Promise<Transport> | undefined, keymap: Keymap, pageSize: number) {
  const [get, set] = useRefState<LogsState | undefined>(undefined);
  const timer = useRef<NodeJS.Timeout | undefined>(undefined);
  const page = Math.max(1, pageSize);

  // coalesce: one re-render per frame however many lines arrive
  const changed = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      set((s) => (s ? { ...s, tick: s.tick + 1 } : s));
    }, FRAME_MS);
  };
  useEffect(() => () => {
    clearTimeout(timer.current);
    get()?.session.stop();
  }, []);

  const start = (title: string, targets: LogTarget[], previous: boolean, preset: number | undefined, keep?: LogsState) => {
    if (!transport) return store.flash('not connected yet', 'warn');
    if (targets.length === 0) return store.flash('no containers to show logs of', 'warn');
    keep?.session.stop();
    const session = new LogSession(transport, targets, { previous, preset }, changed);
    set({ title, session, top: 0, follow: true, timestamps: keep?.timestamps ?? false, search: keep?.search ?? '', tick: 0 });
  };

  const open = (title: string, targets: LogTarget[], previous: boolean) => start(title, targets, previous, undefined);

  const scroll = (s: LogsState, to: number) => {
    const b = s.session.buffer;
    const first = b.dropped;
    const last = Math.max(first, b.dropped + b.length - page);
    const top = Math.max(first, Math.min(to, last));
    set({ ...s, top, follow: top >= last && s.follow });
  };
  const current = (s: LogsState) => (s.follow ? Math.max(s.session.buffer.dropped, s.session.buffer.dropped + s.session.buffer.length - page) : s.top);

  const jump = (s: LogsState, dir: 1 | -1) => {
    if (!s.search) return;
    const b = s.session.buffer;
    const q = s.search.toLowerCase();
    const from = current(s);
    for (let step = 1; step <= b.length; step++) {
      const i = (((from - b.dropped + dir * step) % b.length) + b.length) % b.length;
      if ((b.line(i)?.text ?? '').toLowerCase().includes(q)) return set({ ...s, follow: false, top: b.dropped + i });
    }
    store.flash(`no line matches "${s.search}"`, 'warn');
  };

  const handleKey = (e: KeyEvent): boolean => {
    const s = get();
    if (!s) return false;
    if (s.typing !== undefined) {
      const r = lineEdit(s.typing, e);
      if (r.kind === 'cancel') set({ ...s, typing: undefined });
      else if (r.kind === 'submit') {
        const next = { ...s, typing: undefined, search: r.text };
        set(next);
        jump(next, -1);
      } else if (r.kind === 'edit') set({ ...s, typing: r.text });
      return true;
    }
    const target = s.session.targets[0];
    if (keymap.matches(Command.Back, e)) {
      s.session.stop();
      set(undefined);
    } else if (keymap.matches(Command.Down, e)) scroll(s, current(s) + 1);
    else if (keymap.matches(Command.Up, e)) scroll({ ...s, follow: false }, current(s) - 1);
    else if (keymap.matches(Command.PageDown, e)) scroll(s, current(s) + page);
    else if (keymap.matches(Command.PageUp, e)) scroll({ ...s, follow: false }, current(s) - page);
    else if (keymap.matches(Command.Top, e)) scroll({ ...s, follow: false }, 0);
    else if (keymap.matches(Command.Bottom, e)) set({ ...s, follow: true });
    else if (keymap.matches(Command.Autoscroll, e)) set({ ...s, follow: !s.follow, top: current(s) });
    else if (keymap.matches(Command.Timestamps, e)) set({ ...s, timestamps: !s.timestamps });
    else if (keymap.matches(Command.TogglePrevious, e)) start(s.title, [...s.session.targets], !s.session.opts.previous, s.session.opts.preset, s);
    else if (keymap.matches(Command.LogPreset, e)) start(s.title, [...s.session.targets], s.session.opts.previous, Number(e.input), s);
    else if (keymap.matches(Command.Search, e)) set({ ...s, typing: '' });
    else if (keymap.matches(Command.NextMatch, e)) jump(s, 1);
    else if (keymap.matches(Command.PrevMatch, e)) jump(s, -1);
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
  return { state, open, handleKey, firstVisible: state ? current(state) : 0 };
}
