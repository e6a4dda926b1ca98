import { Text } from 'ink';
import type { Theme } from '../theme/theme.js';
import { fit } from '../../util/text.js';

export interface PromptProps {
  prefix: string;
  text: string;
  theme: Theme;
  width: number;
  /** The text is a prefilled value shown selected: typing replaces it. */
  selected?: boolean;
}

/** The one-line command prompt at the bottom, with a block cursor. */
export function Prompt({ prefix, text, theme, width, selected = false }: PromptProps) {
  return (
    <Text wrap="truncate">
      <Text color={theme.accent} bold>
        {prefix}
      </Text>
      <Text inverse={selected}>{text}</Text>
      <Text inverse> </Text>
      <Text>{fit('', Math.max(0, width - prefix.length - text.length - 1))}</Text>
    </Text>
  );
}
