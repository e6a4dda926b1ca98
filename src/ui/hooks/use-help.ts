import type { Keymap } from '../../keys/commands.js';
import { Command } from '../../keys/commands.js';
import type { KeyEvent } from '../../keys/key-event.js';
import { useRefState } from './use-ref-state.js';
import { lineEdit } from './line-edit.js';

/** Where `?` help is scrolled to, and its `/` search. Lines are the caller's (they follow the keymap). */
export interface HelpState {
  top: number;
  /** The search being typed after `/` (undefined = not typing). */
  typing?: string;
  search: string;
}

/** Indexes of the lines that contain `search`, case-insensitive. */
function matchingLines(lines: readonly string[], search: string): number[] {
  if (!search) return [];
  const q = search.toLowerCase();
  const out: number[] = [];
  lines.forEach((l, i) => {
    if (l.toLowerCase().includes(q)) out.push(i);
  });
  return out;
}

/** `?` help as a screen: open/close, j/k, PgUp/PgDn, g/G, `/` search with n/N, all through the keymap. */
export function useHelp(keymap: Keymap, pageSize: number) {
  const [get, set] = useRefState<HelpState | undefined>(undefined);
  const page = Math.max(1, pageSize);

  const clamp = (top: number, lines: readonly string[]) => Math.max(0, Math.min(top, Math.max(0, lines.length - page)));

  const jump = (s: HelpState, lines: readonly string[], search: string, dir: 1 | -1, inclusive: boolean): number => {
    const m = matchingLines(lines, search);
    if (m.length === 0) return s.top;
    const cur = s.top;
    const next = dir > 0 ? (m.find((x) => (inclusive ? x >= cur : x > cur)) ?? m[0]) : ([...m].reverse().find((x) => x < cur) ?? m[m.length - 1]);
    return clamp(next ?? 0, lines);
  };

  /** Every key while help is open; `lines` is what is shown. */
  const handleKey = (e: KeyEvent, lines: readonly string[]): void => {
    const s = get();
    if (!s) return;
    if (s.typing !== undefined) {
      const r = lineEdit(s.typing, e, keymap);
      if (r.kind === 'cancel') set({ ...s, typing: undefined });
      else if (r.kind === 'submit') set({ top: jump(s, lines, r.text, 1, true), search: r.text });
      else if (r.kind === 'edit') set({ ...s, typing: r.text });
      return;
    }
    if (keymap.matches(Command.Back, e) || keymap.matches(Command.Help, e) || keymap.matches(Command.Quit, e)) return set(undefined);
    const to = (top: number) => set({ ...s, top: clamp(top, lines) });
    if (keymap.matches(Command.Down, e)) return to(s.top + 1);
    if (keymap.matches(Command.Up, e)) return to(s.top - 1);
    if (keymap.matches(Command.PageDown, e)) return to(s.top + page);
    if (keymap.matches(Command.PageUp, e)) return to(s.top - page);
    if (keymap.matches(Command.Top, e)) return to(0);
    if (keymap.matches(Command.Bottom, e)) return to(lines.length);
    if (keymap.matches(Command.Search, e)) return set({ ...s, typing: '' });
    if (keymap.matches(Command.NextMatch, e)) return set({ ...s, top: jump(s, lines, s.search, 1, false) });
    if (keymap.matches(Command.PrevMatch, e)) return set({ ...s, top: jump(s, lines, s.search, -1, false) });
  };

  return {
    get,
    open: () => set({ top: 0, search: '' }),
    close: () => set(undefined),
    handleKey,
  };
}
