import { Box, Text } from 'ink';
import type { Theme } from '../theme/theme.js';
import { sanitizeText } from '../../util/sanitize.js';
import { fit } from '../../util/text.js';

export interface DialogLine {
  text: string;
  color?: string | undefined;
  inverse?: boolean;
}

/** A dialog drawn in place of the table: a rounded frame, a title, and lines cut to the frame. */
export function DialogFrame({ title, lines, height, width, theme }: { title: string; lines: readonly DialogLine[]; height: number; width: number; theme: Theme }) {
  const inner = Math.max(10, width - 4);
  return (
    <Box height={height} flexDirection="column" borderStyle={theme.glyphs.border} borderColor={theme.accent} paddingX={1}>
      <Text bold color={theme.title} wrap="truncate">
        {fit(sanitizeText(title), inner)}
      </Text>
      {lines.slice(0, Math.max(0, height - 3)).map((l, i) => (
        <Text key={i} color={l.color} inverse={Boolean(l.inverse)} wrap="truncate">
          {fit(l.text, inner)}
        </Text>
      ))}
    </Box>
  );
}
