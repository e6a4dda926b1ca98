import { Text } from 'ink';
import type { LogRow } from '../../store/logs/log-layout.js';
import type { LogLevel } from '../../store/logs/log-format.js';
import type { Theme } from '../theme/theme.js';

const PALETTE = ['cyan', 'green', 'magenta', 'yellow', 'blue', 'cyanBright', 'greenBright', 'magentaBright'];
function colorOf(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(h) % PALETTE.length] ?? 'cyan';
}

const RESET = '\u001b[0m';

function levelColor(level: LogLevel | undefined, theme: Theme): string | undefined {
  if (level === 'error') return theme.error ?? (theme.accent ? 'red' : undefined);
  if (level === 'warn') return theme.accent ? 'yellow' : undefined;
  return undefined;
}

/**
 * One screen row of the logs view. Each span is its own node: a line's own SGR colours are written
 * before its text and closed by a reset right after, so they never reach the next span, row or the UI;
 * spans without their own colour take the level's (ERROR red, WARN yellow, DEBUG/TRACE dim).
 */
export function LogRowText({ row, theme }: { row: LogRow; theme: Theme }) {
  const coloured = theme.accent !== undefined;
  const color = levelColor(row.level, theme);
  const dim = row.level === 'debug';
  return (
    <Text wrap="truncate">
      {' '}
      {row.prefix ? <Text color={coloured ? colorOf(row.source) : undefined}>{row.prefix}</Text> : null}
      {row.spans.map((s, i) =>
        s.hit ? (
          <Text key={i} color={theme.highlight} inverse>
            {s.text}
          </Text>
        ) : s.sgr ? (
          <Text key={i}>{`${s.sgr}${s.text}${RESET}`}</Text>
        ) : color || dim ? (
          <Text key={i} color={color} dimColor={dim}>
            {s.text}
          </Text>
        ) : (
          s.text
        ),
      )}
    </Text>
  );
}
