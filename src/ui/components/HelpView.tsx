import { Box, Text } from 'ink';
import type { HelpEntry } from '../../keys/commands.js';
import type { Theme } from '../theme/theme.js';
import { fit } from '../../util/text.js';
import { sanitizeText } from '../../util/sanitize.js';

export interface HelpLine {
  text: string;
  head?: boolean;
}

const scopeTitle = { global: 'GENERAL', table: 'TABLE', row: 'ROW', text: 'YAML / DESCRIBE', logs: 'LOGS', dialog: 'DIALOGS', prompt: 'PROMPT', tree: 'XRAY TREE' } as const;

/** Words joined into lines no wider than `width` (a word longer than that gets a line of its own). */
function wrapWords(words: readonly string[], width: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && cur.length + 1 + w.length > width) {
      out.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * `?`: every binding of the active keymap, generated from keys/, plus the view commands (wrapped to `width`).
 * `view` is the plural of the view help was opened from: its kind's own keys are listed under it.
 */
export function helpLines(entries: readonly HelpEntry[], view: string, commands: readonly string[], width: number): HelpLine[] {
  const lines: HelpLine[] = [];
  for (const scope of ['global', 'table', 'tree', 'row', 'text', 'logs', 'dialog', 'prompt'] as const) {
    const items = entries.filter((e) => e.scope === scope);
    if (items.length === 0) continue;
    lines.push({ text: scope === 'row' ? `${view.toUpperCase()} (the selected row)` : scopeTitle[scope], head: true });
    for (const e of items) lines.push({ text: sanitizeText(`  ${fit(e.keys, 22)} ${e.label}`) });
  }
  lines.push({ text: 'VIEWS (type after :)', head: true });
  for (const l of wrapWords(commands, Math.max(10, width - 4))) lines.push({ text: sanitizeText(`  ${l}`) });
  lines.push({ text: '' });
  lines.push({ text: 'Esc or ? closes this help; j/k, PgUp/PgDn, g/G scroll, / searches.' });
  return lines;
}

export interface HelpViewProps {
  lines: readonly HelpLine[];
  top: number;
  /** The last `/` search: its matches are highlighted. */
  search: string;
  theme: Theme;
  height: number;
  width: number;
}

/** The window of help lines from `top`. */
export function HelpView({ lines, top, search, theme, height, width }: HelpViewProps) {
  const q = search.toLowerCase();
  return (
    <Box flexDirection="column" height={height}>
      {lines.slice(top, top + height).map((l, i) => {
        const hit = q !== '' && l.text.toLowerCase().includes(q);
        return (
          <Text key={top + i} color={hit ? theme.highlight : l.head ? theme.label : undefined} inverse={hit} bold={Boolean(l.head)} wrap="truncate">
            {fit(l.text, width)}
          </Text>
        );
      })}
    </Box>
  );
}
