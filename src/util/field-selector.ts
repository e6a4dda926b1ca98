// Field selectors (`metadata.name=x,status.phase!=Running`) as the Kubernetes API understands them, shared by
// the simulator and kubedeck's client side. Parsing never throws (see Result in selector.ts).
import type { KObject } from './k8s.js';
import type { Result } from './selector-types.js';

interface FieldRequirement {
  readonly field: string;
  readonly operator: 'equals' | 'doubleEquals' | 'notEquals';
  readonly value: string;
}
export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
}

/** The fields every kind supports; pods add spec.nodeName and status.phase (see POD_FIELDS). */
export const COMMON_FIELDS: readonly string[] = ['metadata.name', 'metadata.namespace'];
export const POD_FIELDS: readonly string[] = [
  ...COMMON_FIELDS,
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.schedulerName',
  'spec.serviceAccountName',
  'status.phase',
  'status.podIP',
  'status.nominatedNodeName',
];

/** Fields the API server indexes for core/v1 Events (what `kubectl describe` selects on). */
export const EVENT_FIELDS: readonly string[] = [
  ...COMMON_FIELDS,
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
];

/** Split on unescaped `sep`; `\` escapes the next character (fields.ParseSelector). */
function splitEscaped(s: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s.charAt(i + 1);
      i++;
    } else if (c === sep) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}
const unescape = (s: string): string => s.replace(/\\(.)/g, '$1');

/**
 * Parse a field selector such as `metadata.name=x,status.phase!=Running`. When `supported` is given,
 * any other field is an error (the API answers 400 "field label not supported: <field>").
 */
export function parseFieldSelector(
  input: string,
  supported: readonly string[] = POD_FIELDS,
): Result<FieldSelector> {
  const reqs: FieldRequirement[] = [];
  if (input.trim() === '') return { ok: true, selector: { requirements: [] } };
  for (const raw of splitEscaped(input, ',')) {
    const term = raw.trim();
    const m = /^((?:[^=!\\]|\\.)+?)(==|!=|=)(.*)$/.exec(term);
    if (!m) return { ok: false, error: `invalid field selector: '${input}'; can't understand '${term}'` };
    const field = (m[1] ?? '').trim();
    const opText = m[2];
    if (!supported.includes(field)) return { ok: false, error: `field label not supported: ${field}` };
    const operator = opText === '=' ? 'equals' : opText === '==' ? 'doubleEquals' : 'notEquals';
    reqs.push({ field, operator, value: unescape((m[3] ?? '').trim()) });
  }
  return { ok: true, selector: { requirements: reqs } };
}

/** The string value of a dotted field path in an object; "" when absent (as the API indexes it). */
export function fieldValue(obj: KObject, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  return typeof cur === 'string' || typeof cur === 'number' || typeof cur === 'boolean' ? String(cur) : '';
}

export function matchesFields(sel: FieldSelector, obj: KObject): boolean {
  for (const r of sel.requirements) {
    const v = fieldValue(obj, r.field);
    if (r.operator === 'notEquals' ? v === r.value : v !== r.value) return false;
  }
  return true;
}

export function fieldSelectorToString(sel: FieldSelector): string {
  const esc = (s: string): string => s.replace(/[\\,=!]/g, '\\$&');
  return sel.requirements
    .map(
      (r) =>
        `${r.field}${r.operator === 'equals' ? '=' : r.operator === 'doubleEquals' ? '==' : '!='}${esc(r.value)}`,
    )
    .join(',');
}
