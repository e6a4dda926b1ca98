import { Box, Text } from 'ink';
import type { ConnectionInfo } from '../../store/connection.js';
import type { Theme } from '../theme/theme.js';
import { sanitize, sanitizeText } from '../../util/sanitize.js';
import { fit } from '../../util/text.js';
import { hintLines } from '../header-hints.js';
import type { Hint } from '../header-hints.js';

export interface HeaderProps {
  info: ConnectionInfo;
  namespace: string;
  /** Most useful first (headerHints): as many as fit are shown. */
  hints: readonly Hint[];
  theme: Theme;
  width: number;
}

const LABEL = 12;

function Line({ label, value, theme, width }: { label: string; value: string; theme: Theme; width: number }) {
  return (
    <Text wrap="truncate">
      <Text color={theme.label}>{fit(` ${label}:`, LABEL)}</Text>
      <Text bold>{fit(value, Math.max(0, width - LABEL))}</Text>
    </Text>
  );
}

/** Context, cluster, user, namespace and version on the left; key hints on the right. */
export function Header({ info, namespace, hints, theme, width }: HeaderProps) {
  const left = Math.min(Math.max(36, Math.floor(width * 0.55)), width);
  const right = width - left;
  const cluster = info.simulated ? `${info.server} (simulated)` : info.server;
  const lines: [string, string][] = [
    ['Context', sanitize(info.context) + (info.readonly ? '  [read-only]' : '')],
    ['Cluster', sanitize(cluster)],
    ['User', sanitize(info.user)],
    ['Namespace', sanitize(namespace)],
    ['K8s Rev', `${info.serverVersion ? sanitize(info.serverVersion) : theme.glyphs.ellipsis}   (kubedeck v${info.version})`],
    ['CPU/MEM', sanitizeText(info.usage ?? 'n/a')],
  ];
  const shown = right >= 20 ? hintLines(hints, right - 1, lines.length) : [];
  return (
    <Box flexDirection="row" height={lines.length}>
      <Box flexDirection="column" width={left}>
        {lines.map(([l, v]) => (
          <Line key={l} label={l} value={v} theme={theme} width={left} />
        ))}
      </Box>
      {right >= 20 ? (
        <Box flexDirection="column" width={right}>
          {shown.map((h, i) => (
            <Text key={i} color={theme.accent} wrap="truncate">
              {fit(h, right)}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
