import { Box, Text } from 'ink';
import type { Theme } from '../theme/theme.js';
import { fit } from '../../util/text.js';

/** The screen of a terminal below the minimum: it says so, and no key but Ctrl-C does anything. */
export function TooSmall({ columns, rows, minColumns, minRows, theme }: { columns: number; rows: number; minColumns: number; minRows: number; theme: Theme }) {
  const x = theme.glyphs.times;
  return (
    <Box height={rows} width={columns} flexDirection="column">
      <Text wrap="wrap" color={theme.warn}>
        {`Terminal too small (${columns}${x}${rows}); kubedeck needs at least ${minColumns}${x}${minRows}.`}
      </Text>
      <Text wrap="truncate">{fit('Enlarge the window, or press Ctrl-C to quit.', columns)}</Text>
    </Box>
  );
}
