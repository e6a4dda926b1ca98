import { Box, Text } from 'ink';
import type { Theme } from '../theme/theme.js';

/** The screen of a terminal below the minimum: it says so, and no key but Ctrl-C does anything. */
export function TooSmall({ columns, rows, minColumns, minRows, theme }: { columns: number; rows: number; minColumns: number; minRows: number; theme: Theme }) {
  return (
    <Box height={rows} width={columns} flexDirection="column">
      <Text wrap="truncate" color={theme.warn}>
        Terminal too small ({columns}{theme.glyphs.times}{rows}); kubedeck needs at least {minColumns}{theme.glyphs.times}{minRows}.
      </Text>
      <Text wrap="truncate">Enlarge the window, or press Ctrl-C to quit.</Text>
    </Box>
  );
}
