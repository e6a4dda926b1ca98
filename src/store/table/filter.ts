// The text typed after `/`, parsed once per change (pure; no I/O, no state).
//
//   text            fuzzy match over the name (over "namespace/name" in all-namespace views), table order kept
//   !text           inverse: rows whose name (or "namespace/name") does NOT contain `text` (case-insensitive substring)
//   -l <selector>   label selector, applied server-side (the cache is reopened with it)
//   -f <selector>   field selector, applied server-side
//
// Inverse is a substring test on purpose: with a fuzzy "not" almost any long name would be hidden by a short
// query (its letters appear somewhere in order), which is never what "hide the ones called X" means.
import type { ResourceDef } from '../../resources/types.js';
import {
  fieldSelectorToString,
  parseFieldSelector,
  parseLabelSelector,
  selectorToString,
} from '../../util/selector.js';

type FilterKind = 'fuzzy' | 'inverse' | 'label' | 'field';

/** What the title shows about the active filter. `error` is set when the last one typed was refused. */
export interface FilterState {
  text: string;
  kind: FilterKind;
  error?: string;
}

/** A client-side filter: applied to the cached rows, never reopens the cache. */
export interface ClientFilter {
  kind: 'fuzzy' | 'inverse';
  /** Trimmed query; "" filters nothing. */
  query: string;
}

export type ParsedFilter =
  | { kind: 'none'; text: '' }
  | ({ text: string } & ClientFilter)
  | { kind: 'label' | 'field'; text: string; selector: string }
  | { kind: 'label' | 'field'; text: string; error: string };

/** Field selectors every kind does not support are left to the server to judge (its 400 says which). */
class AnyField extends Array<string> {
  override includes(): boolean {
    return true;
  }
}
const anyField: readonly string[] = new AnyField();

const flag = /^-([lf])(?:\s+|$)/;

/**
 * Parses what the user typed at the `/` prompt. Never throws; a bad selector comes back with `error`
 * (the message of `parseLabelSelector`/`parseFieldSelector`). Selectors come back in canonical form.
 */
export function parseFilter(input: string, resource?: ResourceDef): ParsedFilter {
  const text = input.trim();
  if (text === '') return { kind: 'none', text: '' };
  const m = flag.exec(text);
  if (m) {
    const rest = text.slice(m[0].length).trim();
    if (m[1] === 'l') {
      if (rest === '') return { kind: 'label', text, error: 'empty label selector (try -l app=web)' };
      const r = parseLabelSelector(rest);
      return r.ok ? { kind: 'label', text, selector: selectorToString(r.selector) } : { kind: 'label', text, error: r.error };
    }
    if (rest === '') return { kind: 'field', text, error: 'empty field selector (try -f spec.nodeName=node-1)' };
    const supported = resource?.fieldLabels ?? anyField;
    const r = parseFieldSelector(rest, supported);
    return r.ok ? { kind: 'field', text, selector: fieldSelectorToString(r.selector) } : { kind: 'field', text, error: r.error };
  }
  if (text.startsWith('!')) return { kind: 'inverse', text, query: text.slice(1).trim() };
  return { kind: 'fuzzy', text, query: text };
}

/** The client-side part of a parsed filter, or undefined when it filters nothing on the client. */
export function clientFilter(p: ParsedFilter): ClientFilter | undefined {
  if ((p.kind === 'fuzzy' || p.kind === 'inverse') && p.query !== '') return { kind: p.kind, query: p.query };
  return undefined;
}

/** ANDs two selectors of the same kind (view's drill-down selector and the filter's); undefined when both are empty. */
export function andSelectors(a: string | undefined, b: string | undefined): string | undefined {
  const parts = [a, b].filter((s): s is string => s !== undefined && s !== '');
  return parts.length > 0 ? parts.join(',') : undefined;
}
