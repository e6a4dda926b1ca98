import { Box, Text } from 'ink';
import type { Theme } from '../theme/theme.js';
import { fit } from '../../util/text.js';
import { sanitizeText } from '../../util/sanitize.js';

export interface TextViewProps {
  lines: readonly string[];
  top: number;
  height: number;
  width: number;
  search: string;
  loading: boolean;
  error?: string;
  theme: Theme;
}

/** Split a line around case-insensitive matches of `q`, for highlighting. */
function parts(line: string, q: string): { text: string; hit: boolean }[] {
  if (!q) return [{ text: line, hit: false }];
  const lower = line.toLowerCase();
  const needle = q.toLowerCase();
  const out: { text: string; hit: boolean }[] = [];
  let at = 0;
  for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) {
    if (i > at) out.push({ text: line.slice(at, i), hit: false });
    out.push({ text: line.slice(i, i + needle.length), hit: true });
    at = i + needle.length;
  }
  if (at < line.length) out.push({ text: line.slice(at), hit: false });
  return out;
}

/** A windowed, read-only text pane (YAML, describe) with search matches highlighted. */
export function TextView({ lines, top, height, width, search, loading, error, theme }: TextViewProps) {
  if (loading) return <Box height={height}><Text color={theme.dim}> loading{theme.glyphs.ellipsis}</Text></Box>;
  if (error) return <Box height={height}><Text color={theme.error} wrap="wrap"> {sanitizeText(error)}</Text></Box>;
  const visible = lines.slice(top, top + height);
  return (
    <Box flexDirection="column" height={height}>
      {visible.map((l, i) => (
        <Text key={top + i} wrap="truncate">
          {parts(fit(` ${l}`, width), search).map((p, j) =>
            p.hit ? (
              <Text key={j} color={theme.highlight} inverse>
                {p.text}
              </Text>
            ) : (
              p.text
            ),
          )}
        </Text>
      ))}
    </Box>
  );
}
