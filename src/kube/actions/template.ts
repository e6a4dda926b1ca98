// Pod templates: the pod-template-hash label removed (as rollback does), semantic equality (nil and empty
// maps/lists are equal, as in apimachinery's Semantic.DeepEqual), and a line diff of two templates as
// YAML with sorted keys for the rollback dialog.
import { dump } from 'js-yaml';
import type { PodTemplateSpec } from '../../util/k8s.js';

const TEMPLATE_HASH = 'pod-template-hash';

/** A deep copy of the template without the pod-template-hash label (an empty template when undefined). */
export function withoutHash(t: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy = structuredClone(t ?? { spec: { containers: [] } });
  const labels = copy.metadata?.labels;
  if (labels && TEMPLATE_HASH in labels) {
    const rest = Object.fromEntries(Object.entries(labels).filter(([k]) => k !== TEMPLATE_HASH));
    copy.metadata = { ...copy.metadata, labels: rest };
  }
  return copy;
}

/** Drop nulls, undefined, empty objects and empty lists, recursively. */
function prune(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(prune);
    return items.length === 0 ? undefined : items.map((x) => x ?? null);
  }
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const p = prune(x);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v === null ? undefined : v;
}

function canonical(v: unknown): string {
  return JSON.stringify(prune(v), (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  ) ?? '';
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** The template as YAML with sorted keys, hash label and empty fields removed. */
function templateYaml(t: PodTemplateSpec | undefined): string {
  const v = prune(withoutHash(t));
  return v === undefined ? '{}\n' : dump(v, { sortKeys: true, lineWidth: -1, noRefs: true });
}

interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

/** Line diff (LCS) of `from` → `to`. */
function diffLines(from: readonly string[], to: readonly string[]): DiffLine[] {
  const n = from.length;
  const m = to.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as number[];
    const next = lcs[i + 1] as number[];
    for (let j = m - 1; j >= 0; j--) row[j] = from[i] === to[j] ? (next[j + 1] ?? 0) + 1 : Math.max(next[j] ?? 0, row[j + 1] ?? 0);
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && from[i] === to[j]) {
      out.push({ op: ' ', text: from[i++] ?? '' });
      j++;
    } else if (i < n && (j >= m || (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))) {
      out.push({ op: '-', text: from[i++] ?? '' });
    } else {
      out.push({ op: '+', text: to[j++] ?? '' });
    }
  }
  return out;
}

/**
 * A unified-ish diff of two pod templates as YAML: `- ` lines only in `from` (e.g. the current template),
 * `+ ` lines only in `to` (the selected revision), `  ` context; unchanged runs hiding more than two lines
 * beyond `context` on each side fold into one `  ⋯ N unchanged lines` line. Empty when the templates are semantically equal.
 */
export function templateDiff(from: PodTemplateSpec | undefined, to: PodTemplateSpec | undefined, context = 3): string[] {
  const a = templateYaml(from).trimEnd().split('\n');
  const b = templateYaml(to).trimEnd().split('\n');
  const lines = diffLines(a, b);
  if (lines.every((l) => l.op === ' ')) return [];
  const out: string[] = [];
  let k = 0;
  while (k < lines.length) {
    if (lines[k]?.op !== ' ') {
      const l = lines[k++] as DiffLine;
      out.push(`${l.op} ${l.text}`);
      continue;
    }
    let end = k;
    while (end < lines.length && lines[end]?.op === ' ') end++;
    const head = k === 0 ? 0 : context;
    const tail = end === lines.length ? 0 : context;
    const run = end - k;
    if (run - head - tail > 2) {
      for (let x = k; x < k + head; x++) out.push(`  ${lines[x]?.text ?? ''}`);
      out.push(`  ⋯ ${run - head - tail} unchanged lines`);
      for (let x = end - tail; x < end; x++) out.push(`  ${lines[x]?.text ?? ''}`);
    } else {
      for (let x = k; x < end; x++) out.push(`  ${lines[x]?.text ?? ''}`);
    }
    k = end;
  }
  return out;
}
