import { Command } from '../keys/commands.js';
import type { RowCommand } from '../keys/commands.js';
import { sanitize, sanitizeText } from '../util/sanitize.js';
import { displayWidth } from '../util/text.js';

export interface Hint {
  key: string;
  label: string;
}

/** The general keys every k9s user knows, shown only when there is room left. */
const LAST: readonly string[] = [Command.Quit, Command.Up, Command.Down];
const isLast = (cmd: string): boolean => LAST.includes(cmd);

/**
 * The header's key hints, most useful first: what the view's kind can do with a row, then the prompt,
 * filter and help keys, then the recent namespaces (`<0> all`, `<1> shop`…), and last quit and j/k.
 */
export function headerHints(hints: readonly (Hint & { cmd: string })[], rows: readonly RowCommand[], recentNamespaces: readonly string[]): Hint[] {
  const own = new Set<string>(rows.map((r) => r.cmd));
  const first = hints.filter((h) => own.has(h.cmd));
  const general = hints.filter((h) => !own.has(h.cmd) && !isLast(h.cmd));
  const last = LAST.flatMap((c) => hints.filter((h) => h.cmd === c && !own.has(h.cmd)));
  const favourites = [{ key: '<0>', label: 'all' }, ...recentNamespaces.slice(0, 5).map((ns, i) => ({ key: `<${i + 1}>`, label: sanitize(ns) }))];
  return [...first, ...general, ...favourites, ...last].map((h) => ({ key: h.key, label: h.label }));
}

const SEP = 2;

/**
 * Hints laid out in at most `maxLines` lines of `width` columns, in order, each line as many as fit
 * (`<d> Describe  <y> YAML  <e> Edit`); a hint that does not fit where the order reaches it ends the list,
 * so what is shown is always a prefix of the priority order.
 */
export function hintLines(hints: readonly Hint[], width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const h of hints) {
    const text = sanitizeText(`${h.key} ${h.label}`);
    const w = displayWidth(text);
    if (w > width) break;
    if (cur && displayWidth(cur) + SEP + w <= width) {
      cur += ' '.repeat(SEP) + text;
      continue;
    }
    if (cur) lines.push(cur);
    if (lines.length >= maxLines) return lines;
    cur = text;
  }
  if (cur && lines.length < maxLines) lines.push(cur);
  return lines;
}
