import { Text } from 'ink';
import type { Flash } from '../../store/app-store.js';
import type { Theme } from '../theme/theme.js';
import { sanitize } from '../../util/sanitize.js';

export function FlashLine({ flash, theme }: { flash: Flash | undefined; theme: Theme }) {
  if (!flash) return <Text> </Text>;
  const color = flash.level === 'error' ? theme.error : flash.level === 'warn' ? theme.warn : theme.info;
  return (
    <Text color={color} wrap="truncate">
      {' '}
      {sanitize(flash.text)}
    </Text>
  );
}
