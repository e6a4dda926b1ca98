import { Box, Text } from 'ink';
import type { HelpEntry } from '../../keys/commands.js';
import type { Theme } from '../theme/theme.js';
import { fit } from '../../util/text.js';

export interface HelpViewProps {
  entries: HelpEntry[];
  /** The plural of the view help was opened from: its kind's own keys are listed under it. */
  view: string;
  commands: string[];
  theme: Theme;
  height: number;
  width: number;
}

const scopeTitle = { global: 'GENERAL', table: 'TABLE', row: 'ROW', text: 'YAML / DESCRIBE', logs: 'LOGS', dialog: 'DIALOGS', prompt: 'PROMPT' } as const;

/** `?`: every binding of the active keymap, generated from keys/, plus the view commands. */
export function HelpView({ entries, view, commands, theme, height, width }: HelpViewProps) {
  const lines: { text: string; head?: boolean }[] = [];
  for (const scope of ['global', 'table', 'row', 'text', 'logs', 'dialog', 'prompt'] as const) {
    const items = entries.filter((e) => e.scope === scope);
    if (items.length === 0) continue;
    lines.push({ text: scope === 'row' ? `${view.toUpperCase()} (the selected row)` : scopeTitle[scope], head: true });
    for (const e of items) lines.push({ text: `  ${fit(e.keys, 22)} ${e.label}` });
  }
  lines.push({ text: 'VIEWS (type after :)', head: true });
  lines.push({ text: `  ${commands.join(' ')}` });
  lines.push({ text: '' });
  lines.push({ text: 'Esc or ? closes this help.' });
  return (
    <Box flexDirection="column" height={height}>
      {lines.slice(0, height).map((l, i) => (
        <Text key={i} color={l.head ? theme.label : undefined} bold={Boolean(l.head)} wrap="truncate">
          {fit(l.text, width)}
        </Text>
      ))}
    </Box>
  );
}
