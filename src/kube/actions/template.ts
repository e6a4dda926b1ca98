// Pod templates: the pod-template-hash label removed (as rollback does), semantic equality (nil and empty
// maps/lists are equal, as in apimachinery's Semantic.DeepEqual), and a line diff of two templates as
// YAML with sorted keys for the rollback dialog.
import { dump } from 'js-yaml';
import type { PodTemplateSpec } from '../../util/k8s.js';
import { textDiff } from '../../util/line-diff.js';

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

/**
 * A unified-ish diff of two pod templates as YAML: `- ` lines only in `from` (e.g. the current template),
 * `+ ` lines only in `to` (the selected revision), `  ` context; unchanged runs hiding more than two lines
 * beyond `context` on each side fold into one `  ⋯ N unchanged lines` line. Empty when the templates are semantically equal.
 */
export function templateDiff(from: PodTemplateSpec | undefined, to: PodTemplateSpec | undefined, context = 3): string[] {
  return textDiff(templateYaml(from), templateYaml(to), context, 3);
}
