// Tables for custom resources, as the apiextensions server prints them: Name, then the CRD version's
// additionalPrinterColumns (evaluated with a small JSONPath subset: `.a.b`, `[n]`, `['key']`,
// `[?(@.f=="v")]`), or Name and Age when it declares none. Date columns become ages.

import { ageOf } from '../../util/age.js';
import type { KObject } from '../../util/k8s.js';
import type { PrinterColumn } from '../resources.js';
import type { Cell, ColumnDefinition, TableDef } from './table-types.js';

type Step = { key: string } | { index: number } | { filter: { path: string[]; value: string } };

/** Parse the JSONPath subset; undefined when the expression is outside it. */
function parseJsonPath(expr: string): Step[] | undefined {
  let s = expr.trim();
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1);
  if (s.startsWith('$')) s = s.slice(1);
  const steps: Step[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === '.') {
      const m = /^\.([A-Za-z0-9_-]+)/.exec(s.slice(i));
      if (!m?.[1]) return undefined;
      steps.push({ key: m[1] });
      i += m[0].length;
    } else if (s[i] === '[') {
      const rest = s.slice(i);
      const idx = /^\[(\d+)\]/.exec(rest);
      const key = /^\[['"]([^'"]+)['"]\]/.exec(rest);
      const filt = /^\[\?\(@((?:\.[A-Za-z0-9_-]+)+)\s*==\s*["']([^"']*)["']\)\]/.exec(rest);
      if (idx?.[1]) steps.push({ index: Number(idx[1]) });
      else if (key?.[1]) steps.push({ key: key[1] });
      else if (filt?.[1] !== undefined && filt[2] !== undefined)
        steps.push({ filter: { path: filt[1].slice(1).split('.'), value: filt[2] } });
      else return undefined;
      i += (idx ?? key ?? filt)?.[0].length ?? rest.length;
    } else return undefined;
  }
  return steps;
}

const child = (v: unknown, k: string): unknown =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined;

function evalJsonPath(obj: unknown, steps: Step[]): unknown {
  let cur: unknown = obj;
  for (const st of steps) {
    if (cur === undefined || cur === null) return undefined;
    if ('key' in st) cur = child(cur, st.key);
    else if ('index' in st) cur = Array.isArray(cur) ? cur[st.index] : undefined;
    else {
      if (!Array.isArray(cur)) return undefined;
      cur = cur.find((x) => {
        let v: unknown = x;
        for (const k of st.filter.path) v = child(v, k);
        return v !== undefined && String(v) === st.filter.value;
      });
    }
  }
  return cur;
}

function cell(v: unknown, type: string, now: number): Cell | null {
  if (v === undefined || v === null) return null;
  if (type === 'date') return typeof v === 'string' ? ageOf(v, now) : null;
  if (type === 'integer' || type === 'number') return typeof v === 'number' ? v : null;
  if (type === 'boolean') return typeof v === 'boolean' ? v : null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function customTable(
  cols: readonly PrinterColumn[],
  name: ColumnDefinition,
  age: ColumnDefinition,
  ageCell: (o: KObject, now: number) => string,
): TableDef {
  if (cols.length === 0)
    return { columns: [name, age], cells: (o, now) => [o.metadata.name ?? '', ageCell(o, now)] };
  const compiled = cols.map((c) => ({ c, steps: parseJsonPath(c.jsonPath) }));
  const asType = (t: string): ColumnDefinition['type'] =>
    t === 'integer' || t === 'number' || t === 'boolean' || t === 'date' ? t : 'string';
  return {
    columns: [
      name,
      ...cols.map((c) => ({
        name: c.name,
        type: asType(c.type),
        format: c.format ?? '',
        description: c.description ?? '',
        priority: c.priority ?? 0,
      })),
    ],
    cells: (o, now) => [
      o.metadata.name ?? '',
      ...compiled.map(({ c, steps }) => (steps ? cell(evalJsonPath(o, steps), c.type, now) : null) as Cell),
    ],
  };
}
