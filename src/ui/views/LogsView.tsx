import { Box, Text } from 'ink';
import type { LogsState } from '../hooks/use-logs.js';
import type { Theme } from '../theme/theme.js';
import { sanitize } from '../../util/sanitize.js';
import { fit } from '../../util/text.js';

export interface LogsViewProps {
  logs: LogsState;
  first: number;
  height: number;
  width: number;
  theme: Theme;
}

const PALETTE = ['cyan', 'green', 'magenta', 'yellow', 'blue', 'cyanBright', 'greenBright', 'magentaBright'];
function colorOf(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(h) % PALETTE.length] ?? 'cyan';
}

/** The visible window of a log buffer: source prefix (several pods), timestamp (t), text, search hits. */
export function LogsView({ logs, first, height, width, theme }: LogsViewProps) {
  const b = logs.session.buffer;
  const body = Math.max(1, height - 1);
  const rows = [];
  const q = logs.search.toLowerCase();
  const coloured = theme.accent !== undefined;
  for (let i = 0; i < body; i++) {
    const line = b.line(first - b.dropped + i);
    if (!line) break;
    const source = logs.session.multi ? `${sanitize(line.pod)}/${sanitize(line.container)} ` : '';
    const ts = logs.timestamps ? `${line.tsText} ` : '';
    // tabs expand (to 4 columns) before the sanitizer would show them as \t
    const text = fit(`${ts}${sanitize(line.text.replace(/\t/g, '    '))}`, Math.max(1, width - source.length - 1));
    const hit = q ? text.toLowerCase().indexOf(q) : -1;
    rows.push(
      <Text key={first + i} wrap="truncate">
        {' '}
        {source ? <Text color={coloured ? colorOf(source) : undefined}>{source}</Text> : null}
        {hit >= 0 ? (
          <>
            {text.slice(0, hit)}
            <Text color={theme.highlight} inverse>
              {text.slice(hit, hit + q.length)}
            </Text>
            {text.slice(hit + q.length)}
          </>
        ) : (
          text
        )}
      </Text>,
    );
  }
  const mode = [
    logs.follow ? 'autoscroll' : 'paused',
    logs.timestamps ? 'timestamps' : '',
    logs.session.opts.previous ? 'previous' : '',
    sanitize(logs.session.status),
    `${b.totalLines} lines`,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Box flexDirection="column" height={height}>
      <Text color={theme.dim} wrap="truncate">
        {fit(` ${mode}   <s> autoscroll <t> timestamps <p> previous <0-5> since <ctrl-s> save </> search <esc> back`, width)}
      </Text>
      {rows.length === 0 ? <Text color={theme.dim}> (no log lines yet)</Text> : rows}
    </Box>
  );
}
