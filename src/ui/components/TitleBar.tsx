import { Box, Text } from 'ink';
import type { SourceState } from '../../store/sources/source.js';
import type { Theme } from '../theme/theme.js';
import { displayWidth, fit } from '../../util/text.js';
import { stateLabel, tableTitle } from '../message-rows.js';

export interface TitleBarProps {
  /** Replaces the `<kind>(<namespace>)[<count>]` title (detail views). Terminal-safe. */
  title?: string;
  plural: string;
  namespace: string;
  /** The active `/` filter, shown after the title as k9s does: `pods(all)[3] </web>`. */
  filter?: string;
  /** Rows shown; marked `[K+]` while the first list is still arriving (`state.loading`). */
  count: number;
  state: SourceState;
  /** The state message when it is too long for the title line: wrapped, on lines of their own under it. */
  more?: readonly string[];
  theme: Theme;
  width: number;
}

/**
 * The k9s title, `pods(all)[42]`, centred in a rule, with the cache's connection state after it. While the
 * first list arrives page by page: `pods(all)[2500+] loading…`; `[N]` only once it is complete.
 */
export function TitleBar({ title: override, plural, namespace, count, filter, state, more = [], theme, width }: TitleBarProps) {
  const title = override ?? tableTitle(plural, namespace, count, filter, state.loading);
  const extra = override || more.length > 0 ? undefined : stateLabel(state);
  const extraText = extra ? ` ${extra}` : '';
  const inner = ` ${title}${extraText} `;
  const side = Math.max(0, width - displayWidth(inner));
  const rule = theme.glyphs.hline;
  const leftRule = rule.repeat(Math.floor(side / 2));
  const rightRule = rule.repeat(side - leftRule.length);
  const bad = state.phase !== 'synced' && state.phase !== 'connecting';
  // a title wider than the screen (a long name in describe) is cut here, with the charset's own mark
  const line = side === 0 ? (
    <Text wrap="truncate" color={theme.title} bold>
      {fit(inner, width)}
    </Text>
  ) : (
    <Text wrap="truncate">
      <Text color={theme.dim}>{leftRule}</Text>
      <Text color={theme.title} bold>
        {' '}
        {title}
      </Text>
      {extraText ? <Text color={bad ? theme.error : theme.warn}>{extraText}</Text> : null}
      <Text color={theme.dim}> {rightRule}</Text>
    </Text>
  );
  if (more.length === 0) return line;
  return (
    <Box flexDirection="column">
      {line}
      {more.map((l, i) => (
        <Text key={i} color={bad ? theme.error : theme.warn} wrap="truncate">
          {l}
        </Text>
      ))}
    </Box>
  );
}
