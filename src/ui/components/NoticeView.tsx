import { Box, Text } from 'ink';
import type { Theme } from '../theme/theme.js';
import { sanitizeText } from '../../util/sanitize.js';

export interface NoticeViewProps {
  title: string;
  lines: readonly string[];
  height: number;
  theme: Theme;
}

/** A notice shown in place of the table until dismissed: long lines wrap, nothing is cut at the width. */
export function NoticeView({ title, lines, height, theme }: NoticeViewProps) {
  return (
    <Box height={height} flexDirection="column" borderStyle={theme.glyphs.border} borderColor={theme.warn} paddingX={1} overflow="hidden">
      <Text bold color={theme.warn} wrap="truncate">
        {sanitizeText(title)}
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
