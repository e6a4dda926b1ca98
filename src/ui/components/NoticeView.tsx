import { Box, Text } from 'ink';
import type { Theme } from '../theme/theme.js';
import { sanitizeText } from '../../util/sanitize.js';
import { fit } from '../../util/text.js';

export interface NoticeViewProps {
  title: string;
  lines: readonly string[];
  height: number;
  width: number;
  theme: Theme;
}

/** A notice shown in place of the table until dismissed: long lines wrap, nothing is cut at the width. */
export function NoticeView({ title, lines, height, width, theme }: NoticeViewProps) {
  return (
    <Box height={height} flexDirection="column" borderStyle={theme.glyphs.border} borderColor={theme.warn} paddingX={1} overflow="hidden">
      <Text bold color={theme.warn} wrap="truncate">
        {fit(sanitizeText(title), Math.max(1, width - 4))}
      </Text>
      <Text color={theme.dim}>Esc or Enter closes this.</Text>
      {lines.map((l, i) => (
        <Text key={i} wrap="wrap">
          {sanitizeText(l) || ' '}
        </Text>
      ))}
    </Box>
  );
}
