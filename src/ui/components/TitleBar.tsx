import { Text } from 'ink';
import type { SourceState } from '../../store/sources/source.js';
import type { Theme } from '../theme/theme.js';
import { sanitize } from '../../util/sanitize.js';
import { displayWidth } from '../../util/text.js';

export interface TitleBarProps {
  /** Replaces the `<kind>(<namespace>)[<count>]` title (detail views). */
  title?: string;
  plural: string;
  namespace: string;
  /** The active `/` filter, shown after the title as k9s does: `pods(all)[3] </web>`. */
  filter?: string;
  /** Rows shown; marked `[K+]` while the first list is still arriving (`state.loading`). */
  count: number;
  state: SourceState;
  theme: Theme;
  width: number;
}

function stateLabel(state: SourceState): string | undefined {
  // KubeError messages already start with their reason ("unreachable: …"): don't say it twice.
  const msg = state.message?.startsWith(`${state.phase}: `) ? state.message.slice(state.phase.length + 2) : state.message;
  state = { ...state, ...(msg !== undefined ? { message: msg } : {}) };
  switch (state.phase) {
    case 'synced':
      return undefined;
    case 'connecting':
      // the first list's pages so far are shown, more are coming
      if (state.loading) return 'loading…';
      // e.g. `waiting for credentials from aws-iam-authenticator…`
      return state.message ?? 'connecting…';
    case 'reconnecting':
      return `reconnecting…${state.message ? ` (${state.message})` : ''}`;
    default:
      return `${state.phase}${state.message ? `: ${state.message}` : ''}`;
  }
}

/**
 * The k9s title, `pods(all)[42]`, centred in a rule, with the cache's connection state after it. While the
 * first list arrives page by page: `pods(all)[2500+] loading…`; `[N]` only once it is complete.
 */
export function TitleBar({ title: override, plural, namespace, count, filter, state, theme, width }: TitleBarProps) {
  const title = (override ?? `${plural}(${sanitize(namespace)})[${count}${state.loading ? '+' : ''}]`) + (filter ? ` </${sanitize(filter)}>` : '');
  const extra = override ? undefined : stateLabel(state);
  const extraText = extra ? ` ${sanitize(extra)}` : '';
  const inner = ` ${title}${extraText} `;
  const side = Math.max(0, width - displayWidth(inner));
  const leftRule = '─'.repeat(Math.floor(side / 2));
  const rightRule = '─'.repeat(side - leftRule.length);
  const bad = state.phase !== 'synced' && state.phase !== 'connecting';
  return (
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
}
