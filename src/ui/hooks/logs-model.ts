// Pure helpers of the logs view shared by the hook (scrolling, search jumps) and the view (rendering):
// which lines are shown (all, or the filter's), how each becomes screen rows, where the window is.
import type { LogSession } from '../../store/logs/logs.js';
import type { LogFilter, LineView } from '../../store/logs/log-filter.js';
import { allLines } from '../../store/logs/log-filter.js';
import { bottomPos, lineRows } from '../../store/logs/log-layout.js';
import type { LogDisplay, LogPos, LogRow } from '../../store/logs/log-layout.js';
import type { ContainerRef, PodContainers } from '../../store/logs/log-containers.js';
import { stripSgr } from '../../util/sanitize.js';
import { Command, commandInfo } from '../../keys/commands.js';
import type { Keymap } from '../../keys/commands.js';
import { showKey } from '../../keys/key-event.js';

export interface PickerState {
  /** undefined while the pods are read. */
  pods?: PodContainers[];
  items: ContainerRef[];
  index: number;
}

export interface LogsState {
  title: string;
  session: LogSession;
  /** Window start while paused (view index + row within that line); ignored while following. */
  pos: LogPos;
  follow: boolean;
  timestamps: boolean;
  json: boolean;
  wrap: boolean;
  search: string;
  filter?: LogFilter;
  /** The one-line prompt being typed, and what it is for. */
  typing?: string;
  typingKind?: 'search' | 'filter';
  /** The prompt still holds the previous filter, selected: typing replaces it, Backspace or an arrow keeps it. */
  typingSelected?: boolean;
  /** The filter as it was when `f` opened the prompt (Esc there restores it). */
  filterBefore?: LogFilter;
  picker?: PickerState;
  /** What `c`/`a` chose: a container name, 'all containers', or '' (as opened). */
  scope: string;
  /** Key hints for the status line (from the keymap). */
  hints: string;
  tick: number;
}

export function viewOf(s: LogsState): LineView {
  return s.filter ?? allLines(s.session.texts);
}

function displayOf(s: LogsState, colours: boolean): LogDisplay {
  return { timestamps: s.timestamps, json: s.json, wrap: s.wrap, multi: s.session.multi, colours, search: s.search };
}

/** Screen rows of view index k (a small per-call cache: scrolling asks for the same lines repeatedly). */
export function rowsAtOf(s: LogsState, colours: boolean, width: number): (k: number) => LogRow[] {
  const view = viewOf(s);
  const b = s.session.buffer;
  const d = displayOf(s, colours);
  const cache = new Map<number, LogRow[]>();
  return (k) => {
    const hit = cache.get(k);
    if (hit) return hit;
    const line = b.lineAt(view.abs(k));
    const rows = line ? lineRows(line, d, width) : [];
    if (cache.size > 512) cache.clear();
    cache.set(k, rows);
    return rows;
  };
}

/** Rows per line; without wrap every line is one row (no formatting needed). */
export function rowsOfFn(s: LogsState, width: number): (k: number) => number {
  if (!s.wrap) return () => 1;
  const at = rowsAtOf(s, false, width);
  return (k) => Math.max(1, at(k).length);
}

/** Where the window starts now: the bottom while following, else the paused position. */
export function currentPos(s: LogsState, height: number, width: number): LogPos {
  return s.follow ? bottomPos(viewOf(s), height, rowsOfFn(s, width)) : s.pos;
}

/** The next (dir 1) or previous (-1) line of the view containing `q` (case-insensitive), wrapping around. */
export function findLine(s: LogsState, from: number, dir: 1 | -1, q: string): number | undefined {
  const view = viewOf(s);
  const n = view.end - view.start;
  if (n <= 0 || !q) return undefined;
  const needle = q.toLowerCase();
  const texts = s.session.texts;
  for (let step = 1; step <= n; step++) {
    const k = view.start + ((((from - view.start + dir * step) % n) + n) % n);
    if (stripSgr(texts.at(view.abs(k)) ?? '').toLowerCase().includes(needle)) return k;
  }
  return undefined;
}

/** In this order on the status line (cut at the width; `?` lists them all). */
const HINTED: readonly Command[] = [
  Command.LogFilter,
  Command.Search,
  Command.LogJson,
  Command.LogWrap,
  Command.LogContainer,
  Command.LogAllContainers,
  Command.Autoscroll,
  Command.Timestamps,
  Command.TogglePrevious,
  Command.LogPreset,
  Command.SaveLogs,
  Command.Back,
];

/** The status line's key hints, from the keymap and the labels in src/keys/commands.ts. */
export function logHints(keymap: Keymap): string {
  const out: string[] = [];
  for (const cmd of HINTED) {
    const keys = keymap.bindings[cmd];
    const first = keys[0];
    if (!first) continue;
    const last = keys[keys.length - 1] ?? first;
    const key = keys.length > 2 ? `<${first}-${last}>` : showKey(first);
    const word = (commandInfo[cmd].label.split(/[\s:]/)[0] ?? cmd).toLowerCase();
    out.push(`${key} ${word}`);
  }
  return out.join(' ');
}
