// Label and field selectors as the Kubernetes API understands them, shared by the simulator (server-side
// filtering) and kubedeck's client side (filters, drill-downs). Pure functions, no dependencies.
//
// Parsing never throws: it returns `{ok: true, selector}` or `{ok: false, error}` where `error` is a
// human sentence naming the selector, the offending token and its position.
// Grammar (k8s.io/apimachinery/pkg/labels): requirements separated by `,` (AND); each is `key`, `!key`,
// `key=v`, `key==v`, `key!=v`, `key in (a,b)`, `key notin (a,b)`, `key>N`, `key<N`.

import type { LabelSelector } from './k8s.js';

type Operator =
  'exists' | 'doesNotExist' | 'equals' | 'doubleEquals' | 'notEquals' | 'in' | 'notIn' | 'gt' | 'lt';

interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  /** Sorted and de-duplicated for `in`/`notIn`; one value for `=`, `==`, `!=`, `>`, `<`; empty otherwise. */
  readonly values: readonly string[];
}

/** A parsed label selector; requirements sorted by key. No requirements = matches everything. */
export interface Selector {
  readonly requirements: readonly Requirement[];
}

export type { Result } from './selector-types.js';
import type { Result } from './selector-types.js';

const everything: Selector = { requirements: [] };

// ---------------------------------------------------------------- lexer

type TokKind = 'id' | 'in' | 'notin' | '!' | '=' | '==' | '!=' | '(' | ')' | ',' | '>' | '<' | 'eof';
interface Tok {
  kind: TokKind;
  text: string;
  pos: number;
}

const SPECIAL = new Set(['!', '=', '(', ')', ',', '>', '<']);
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

function lex(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s.charAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const two = s.slice(i, i + 2);
    if (two === '==' || two === '!=') {
      out.push({ kind: two, text: two, pos: i });
      i += 2;
      continue;
    }
    if (SPECIAL.has(c)) {
      out.push({ kind: c as TokKind, text: c, pos: i });
      i++;
      continue;
    }
    const start = i;
    while (i < s.length && !isSpace(s.charAt(i)) && !SPECIAL.has(s.charAt(i))) i++;
    const text = s.slice(start, i);
    out.push({ kind: text === 'in' ? 'in' : text === 'notin' ? 'notin' : 'id', text, pos: start });
  }
  out.push({ kind: 'eof', text: '', pos: s.length });
  return out;
}

// ---------------------------------------------------------------- validation

const NAME_RE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `key` is not a valid label key (qualified name), or undefined when it is. */
export function labelKeyError(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (prefix.length === 0) return `label key "${key}" has an empty prefix`;
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN_RE.test(prefix))
      return `label key "${key}" has an invalid prefix (must be a lowercase DNS subdomain)`;
  }
  if (name.length === 0) return `label key "${key}" has an empty name`;
  if (name.length > 63) return `label key "${key}" is longer than 63 characters`;
  if (!NAME_RE.test(name))
    return `label key "${key}" must consist of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric`;
  return undefined;
}

/** Why `v` is not a valid label value, or undefined when it is. The empty value is valid. */
export function labelValueError(v: string): string | undefined {
  if (v === '') return undefined;
  if (v.length > 63) return `label value "${v}" is longer than 63 characters`;
  if (!NAME_RE.test(v))
    return `label value "${v}" must consist of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric`;
  return undefined;
}

// ---------------------------------------------------------------- parser

class ParseError extends Error {}

function describe(t: Tok): string {
  return t.kind === 'eof' ? 'end of input' : `'${t.text}'`;
}

/** Parse a label selector string such as `app=web,tier in (a,b),!canary`. */
export function parseLabelSelector(input: string): Result<Selector> {
  const toks = lex(input);
  let p = 0;
  const peek = (): Tok => toks[p] ?? { kind: 'eof', text: '', pos: input.length };
  const take = (): Tok => {
    const t = peek();
    if (t.kind !== 'eof') p++;
    return t;
  };
  const fail = (t: Tok, expected: string): never => {
    throw new ParseError(`found ${describe(t)} at position ${t.pos}, expected ${expected}`);
  };
  const key = (): string => {
    const t = take();
    if (t.kind !== 'id') fail(t, 'a label key');
    const err = labelKeyError(t.text);
    if (err) throw new ParseError(err);
    return t.text;
  };
  const value = (): string => {
    const t = peek();
    if (t.kind === ',' || t.kind === 'eof' || t.kind === ')') return ''; // `key=` means empty value
    take();
    if (t.kind !== 'id' && t.kind !== 'in' && t.kind !== 'notin') fail(t, 'a label value');
    const err = labelValueError(t.text);
    if (err) throw new ParseError(err);
    return t.text;
  };
  const reqs: Requirement[] = [];
  try {
    if (peek().kind === 'eof') return { ok: true, selector: everything };
    for (;;) {
      let req: Requirement;
      if (peek().kind === '!') {
        take();
        req = { key: key(), operator: 'doesNotExist', values: [] };
      } else {
        const k = key();
        const op = take();
        switch (op.kind) {
          case ',':
          case 'eof':
            p -= op.kind === ',' ? 1 : 0;
            req = { key: k, operator: 'exists', values: [] };
            break;
          case '=':
          case '==':
          case '!=': {
            const operator = op.kind === '=' ? 'equals' : op.kind === '==' ? 'doubleEquals' : 'notEquals';
            req = { key: k, operator, values: [value()] };
            break;
          }
          case '>':
          case '<': {
            const t = take();
            if (t.kind !== 'id' || !/^-?\d+$/.test(t.text)) fail(t, 'an integer');
            req = { key: k, operator: op.kind === '>' ? 'gt' : 'lt', values: [t.text] };
            break;
          }
          case 'in':
          case 'notin': {
            const open = take();
            if (open.kind !== '(') fail(open, `'(' after '${op.text}'`);
            if (peek().kind === ')')
              throw new ParseError(`the values of '${k} ${op.text}' must not be empty`);
            const vals = new Set<string>();
            for (;;) {
              vals.add(value());
              const sep = take();
              if (sep.kind === ')') break;
              if (sep.kind !== ',') fail(sep, `',' or ')' in the values of '${k}'`);
            }
            req = { key: k, operator: op.kind === 'in' ? 'in' : 'notIn', values: [...vals].sort() };
            break;
          }
          default:
            return fail(op, `an operator (=, ==, !=, in, notin) or ',' after '${k}'`);
        }
      }
      reqs.push(req);
      const sep = take();
      if (sep.kind === 'eof') break;
      if (sep.kind !== ',') fail(sep, "',' between requirements");
    }
  } catch (e) {
    if (e instanceof ParseError)
      return { ok: false, error: `invalid label selector "${input}": ${e.message}` };
    throw e;
  }
  return { ok: true, selector: sortSelector(reqs) };
}

function sortSelector(reqs: Requirement[]): Selector {
  // Stable sort by key, as labels.Parse does; the printed form depends on this order.
  return { requirements: reqs.slice().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) };
}

/** Does one requirement accept these labels? */
function matchesRequirement(
  r: Requirement,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'exists':
      return has;
    case 'doesNotExist':
      return !has;
    case 'equals':
    case 'doubleEquals':
    case 'in':
      return has && r.values.includes(v ?? '');
    case 'notEquals':
    case 'notIn':
      return !has || !r.values.includes(v ?? '');
    case 'gt':
    case 'lt': {
      if (!has || !/^-?\d+$/.test(v ?? '')) return false;
      const a = Number(v);
      const b = Number(r.values[0]);
      return r.operator === 'gt' ? a > b : a < b;
    }
  }
}

/** Does the selector accept these labels? An empty selector accepts everything. */
export function matchesLabels(sel: Selector, labels: Readonly<Record<string, string>> | undefined): boolean {
  for (const r of sel.requirements) if (!matchesRequirement(r, labels)) return false;
  return true;
}

/** A `metav1.LabelSelector` (matchLabels + matchExpressions) in the internal form, validated like the API. */
export function fromLabelSelector(ls: LabelSelector | undefined): Result<Selector> {
  if (!ls) return { ok: true, selector: everything };
  const reqs: Requirement[] = [];
  const bad = (msg: string): Result<Selector> => ({ ok: false, error: `invalid label selector: ${msg}` });
  for (const [k, v] of Object.entries(ls.matchLabels ?? {})) {
    const err = labelKeyError(k) ?? labelValueError(v);
    if (err) return bad(err);
    reqs.push({ key: k, operator: 'equals', values: [v] });
  }
  for (const e of ls.matchExpressions ?? []) {
    const err = labelKeyError(e.key);
    if (err) return bad(err);
    const values = [...new Set(e.values ?? [])].sort();
    for (const v of values) {
      const verr = labelValueError(v);
      if (verr) return bad(verr);
    }
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) return bad(`values for '${e.key} ${e.operator}' must not be empty`);
        reqs.push({ key: e.key, operator: e.operator === 'In' ? 'in' : 'notIn', values });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) return bad(`values for '${e.key} ${e.operator}' must be empty`);
        reqs.push({ key: e.key, operator: e.operator === 'Exists' ? 'exists' : 'doesNotExist', values: [] });
        break;
      default:
        return bad(`"${String(e.operator)}" is not a valid label selector operator`);
    }
  }
  return { ok: true, selector: sortSelector(reqs) };
}

const OP_TEXT: Record<Operator, string> = {
  exists: '',
  doesNotExist: '',
  equals: '=',
  doubleEquals: '==',
  notEquals: '!=',
  in: ' in ',
  notIn: ' notin ',
  gt: '>',
  lt: '<',
};

/** The canonical string form (labels.Selector.String): `app=web,tier in (a,b),!canary`; "" for everything. */
export function selectorToString(sel: Selector): string {
  return sel.requirements
    .map((r) => {
      if (r.operator === 'exists') return r.key;
      if (r.operator === 'doesNotExist') return `!${r.key}`;
      if (r.operator === 'in' || r.operator === 'notIn')
        return `${r.key}${OP_TEXT[r.operator]}(${r.values.join(',')})`;
      return `${r.key}${OP_TEXT[r.operator]}${r.values[0] ?? ''}`;
    })
    .join(',');
}

/** What kubectl prints for a LabelSelector (FormatLabelSelector): the string form, or `<none>`. */
export function formatLabelSelector(ls: LabelSelector | undefined): string {
  const r = fromLabelSelector(ls);
  const s = r.ok ? selectorToString(r.selector) : '';
  return s === '' ? '<none>' : s;
}

// Field selectors live in field-selector.ts; re-exported so importers keep one entry point.
export * from './field-selector.js';
