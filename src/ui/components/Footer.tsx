import { Box, Text } from 'ink';
import type { Flash } from '../../store/app-store.js';
import type { Theme } from '../theme/theme.js';
import { sanitize } from '../../util/sanitize.js';
import { displayWidth, fit } from '../../util/text.js';

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
  // the newest crumbs that fit (the older ones give way), the last one cut if it alone is too wide
  const parts = crumbs.map((c) => ` <${sanitize(c)}> `);
  let first = parts.length - 1;
  let used = displayWidth(parts[first] ?? '');
  while (first > 0 && used + displayWidth(parts[first - 1] ?? '') <= width) used += displayWidth(parts[--first] ?? '');
  return (
    <Text wrap="truncate">
      {parts.slice(first).map((p, i) => {
        const last = first + i === parts.length - 1;
        return (
          <Text key={first + i} color={last ? theme.title : theme.dim} inverse={last}>
            {last && used > width ? fit(p, width) : p}
          </Text>
        );
      })}
    </Text>
  );
}
