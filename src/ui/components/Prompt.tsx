import { Text } from 'ink';
import type { Theme } from '../theme/theme.js';
import { displayWidth, fit } from '../../util/text.js';
import { sanitize } from '../../util/sanitize.js';

export interface PromptProps {
  prefix: string;
  text: string;
  theme: Theme;
  width: number;
  /** The text is a prefilled value shown selected: typing replaces it. */
  selected?: boolean;
}

/** The one-line command prompt at the bottom, with a block cursor. */
export function Prompt({ prefix, text: typed, theme, width, selected = false }: PromptProps) {
  // what the user typed or pasted is shown terminal-safe (escaped in ASCII mode), like any other string
  const safe = sanitize(typed);
  // text longer than the line shows its end, where the cursor is
  const room = Math.max(1, width - displayWidth(prefix) - 1);
  const text = displayWidth(safe) < room ? safe : theme.glyphs.cut + safe.slice(safe.length - (room - 2));
  return (
    <Text wrap="truncate">
      <Text color={theme.accent} bold>
        {prefix}
      </Text>
      <Text inverse={selected}>{text}</Text>
      <Text inverse> </Text>
      <Text>{fit('', Math.max(0, width - prefix.length - displayWidth(text) - 1))}</Text>
    </Text>
  );
}
