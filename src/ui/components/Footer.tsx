import { Text } from 'ink';
import type { Flash } from '../../store/app-store.js';
import type { Theme } from '../theme/theme.js';
import { sanitize } from '../../util/sanitize.js';
import { fit } from '../../util/text.js';

/** The bottom line: a flash message while there is one, else the navigation crumbs. */
export function Footer({ flash, crumbs, theme, width }: { flash: Flash | undefined; crumbs: readonly string[]; theme: Theme; width: number }) {
  if (flash) {
    const color = flash.level === 'error' ? theme.error : flash.level === 'warn' ? theme.warn : theme.info;
    return (
      <Text color={color} wrap="truncate">
        {fit(` ${sanitize(flash.text)}`, width)}
      </Text>
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
