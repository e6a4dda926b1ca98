import { Box, Text } from 'ink';
import type { Theme } from '../theme/theme.js';
import { sanitizeText } from '../../util/sanitize.js';
import { fit, wrapText } from '../../util/text.js';

export interface DialogLine {
  text: string;
  color?: string | undefined;
  inverse?: boolean;
  /** A message (a question, an error): wrapped to the frame, never cut. */
  wrap?: boolean;
}

/** The lines that fit in `room`; the last one (the dialog's keys) always among them. */
function fitLines(lines: readonly DialogLine[], room: number): readonly DialogLine[] {
  if (lines.length <= room) return lines;
  if (room <= 0) return [];
  if (room === 1) return lines.slice(-1);
  return [...lines.slice(0, room - 1), ...lines.slice(-1)];
}

/** A dialog drawn in place of the table: a rounded frame, a title, and lines cut to the frame. */
export function DialogFrame({ title, lines, height, width, theme }: { title: string; lines: readonly DialogLine[]; height: number; width: number; theme: Theme }) {
  const inner = Math.max(10, width - 4);
  return (
    <Box height={height} flexDirection="column" borderStyle={theme.glyphs.border} borderColor={theme.accent} paddingX={1}>
      <Text bold color={theme.title} wrap="truncate">
        {fit(sanitizeText(title), inner)}
      </Text>
      {fitLines(
        lines.flatMap((l) => (l.wrap ? wrapText(l.text, inner).map((text) => ({ ...l, text })) : [l])),
        Math.max(0, height - 3),
      ).map((l, i) => (
        <Text key={i} color={l.color} inverse={Boolean(l.inverse)} wrap="truncate">
          {fit(l.text, inner)}
        </Text>
      ))}
    </Box>
  );
}
