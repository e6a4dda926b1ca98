import type { SourceState } from '../store/sources/source.js';
import type { Flash } from '../store/app-store.js';
import { sanitize, sanitizeText } from '../util/sanitize.js';
import { displayWidth, wrapText } from '../util/text.js';
import { glyphs } from '../util/charset.js';

/** The table's title, k9s style: `pods(all)[42]`, with the active `/` filter after it: `</web>`. */
export function tableTitle(plural: string, namespace: string, count: number, filter?: string, loading?: boolean): string {
  // while the first list arrives page by page: `pods(all)[2500+] loading…`; `[N]` only once it is complete
  return `${plural}(${sanitize(namespace)})[${count}${loading ? '+' : ''}]` + (filter ? ` </${sanitize(filter)}>` : '');
}

/** The cache's connection state as said after the title; undefined when synced. Terminal-safe. */
export function stateLabel(state: SourceState): string | undefined {
  // KubeError messages already start with their reason ("unreachable: …"): don't say it twice.
  const msg = state.message?.startsWith(`${state.phase}: `) ? state.message.slice(state.phase.length + 2) : state.message;
  const e = glyphs().ellipsis;
  switch (state.phase) {
    case 'synced':
      return undefined;
    case 'connecting':
      // the first list's pages so far are shown, more are coming
      if (state.loading) return `loading${e}`;
      // e.g. `waiting for credentials from aws-iam-authenticator…`
      return sanitizeText(msg ?? `connecting${e}`);
    case 'reconnecting':
      return sanitizeText(`reconnecting${e}${msg ? ` (${msg})` : ''}`);
    default:
      return sanitizeText(`${state.phase}${msg ? `: ${msg}` : ''}`);
  }
}

/** Messages are never cut: what they take below the title line and above the table's bottom. */
export interface MessageRows {
  /** The state message wrapped under the title line when it does not fit beside the title (else empty). */
  state: string[];
  /** The flash message, wrapped (empty when there is none). */
  flash: string[];
}

/**
 * Where the state and flash messages go at this width: on the title / footer line when they fit, else
 * wrapped onto lines of their own (each starting with a space), at most `room` lines between them.
 */
export function messageRows(title: string, state: SourceState, flash: Flash | undefined, width: number, room: number): MessageRows {
  const label = stateLabel(state);
  const inner = ` ${title} ${label ?? ''} `;
  const stateLines = label !== undefined && displayWidth(inner) + 2 > width ? wrapText(label, width - 2).map((l) => ` ${l}`) : [];
  const flashLines = flash ? wrapText(sanitizeText(flash.text), width - 2).map((l) => ` ${l}`) : [];
  // the flash line is the footer's own row; only lines beyond it, and the state's, take table rows
  const cap = Math.max(0, room);
  const s = stateLines.slice(0, cap);
  const f = flashLines.slice(0, Math.max(1, cap - s.length + 1));
  return { state: s, flash: f };
}
