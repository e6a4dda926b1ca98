import { Box, Text } from 'ink';
import type { Flash } from '../../store/app-store.js';
import type { Theme } from '../theme/theme.js';
import { sanitize } from '../../util/sanitize.js';
import { fit } from '../../util/text.js';

/** The bottom line: a flash message while there is one (wrapped: `lines`, never cut), else the navigation crumbs. */
export function Footer({ flash, lines, crumbs, theme, width }: { flash: Flash | undefined; lines: readonly string[]; crumbs: readonly string[]; theme: Theme; width: number }) {
  if (flash) {
    const color = flash.level === 'error' ? theme.error : flash.level === 'warn' ? theme.warn : theme.info;
    return (
      <Box flexDirection="column">
        {lines.map((l, i) => (
          <Text key={i} color={color} wrap="truncate">
            {fit(l, width)}
          </Text>
        ))}
      </Box>
    );
  }
  return (
    <Text wrap="truncate">
      {crumbs.map((c, i) => (
        <Text key={i} color={i === crumbs.length - 1 ? theme.title : theme.dim} inverse={i === crumbs.length - 1}>
          {` <${sanitize(c)}> `}
        </Text>
      ))}
    </Text>
  );
}
