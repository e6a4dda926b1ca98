import { Box, Text } from 'ink';
import type { LogsState } from '../hooks/use-logs.js';
import { currentPos, rowsAtOf, viewOf } from '../hooks/logs-model.js';
import { windowRows } from '../../store/logs/log-layout.js';
import type { Theme } from '../theme/theme.js';
import { LogRowText } from '../components/LogRowText.js';
import { ContainerPicker } from '../components/ContainerPicker.js';
import { sanitizeText } from '../../util/sanitize.js';
import { presetLabel } from '../../store/logs/logs.js';
import { fit } from '../../util/text.js';

export interface LogsViewProps {
  logs: LogsState;
  /** Unused: the window is computed from the state (kept for the caller's props). */
  first?: number;
  height: number;
  width: number;
  theme: Theme;
}

function statusOf(logs: LogsState, theme: Theme): string {
  const g = theme.glyphs;
  const b = logs.session.buffer;
  const f = logs.filter;
  const t = logs.session.texts;
  const lines = f ? `filter ${f.matcher.text}${f.matcher.regex ? '' : ' (text)'}: ${f.count} of ${t.end - t.start} lines${f.done ? '' : ` (filtering${g.ellipsis})`}` : `${b.totalLines} lines`;
  return [
    logs.follow ? 'autoscroll' : 'paused',
    logs.timestamps ? 'timestamps' : '',
    logs.json ? 'json' : '',
    logs.wrap ? 'wrap' : '',
    logs.session.opts.previous ? 'previous' : '',
    presetLabel(logs.session.opts.preset),
    logs.scope,
    sanitizeText(logs.session.status),
    sanitizeText(lines),
  ]
    .filter(Boolean)
    .join(` ${g.dot} `);
}

/**
 * The visible window of a log buffer (or of its filter): source prefix (several pods), timestamp (t),
 * text with its own SGR colours, level colours (J), wrapped rows (w), search hits; the status line on top.
 */
export function LogsView({ logs, height, width, theme }: LogsViewProps) {
  const body = Math.max(1, height - 1);
  const coloured = theme.accent !== undefined;
  const rowsAt = rowsAtOf(logs, coloured, width);
  const rows = windowRows(viewOf(logs), currentPos(logs, body, width), body, rowsAt);
  return (
    <Box flexDirection="column" height={height}>
      <Text color={theme.dim} wrap="truncate">
        {fit(` ${statusOf(logs, theme)}   ${sanitizeText(logs.hints)}`, width)}
      </Text>
      {logs.picker ? (
        <ContainerPicker picker={logs.picker} theme={theme} width={width} height={body} />
      ) : rows.length === 0 ? (
        <Text color={theme.dim}> {logs.filter ? '(no line matches the filter)' : '(no log lines yet)'}</Text>
      ) : (
        rows.map((row, i) => <LogRowText key={i} row={row} theme={theme} />)
      )}
    </Box>
  );
}
