// The schemas of the built-in kinds, from the Kubernetes 1.32 OpenAPI document (k8s-1.32.json, made by
// scripts/gen-k8s-schemas.mjs), looked up by group, version and kind: a kind added to resources.ts is
// validated and explained with no more code. The document is loaded on first use, by the simulator only
// (a dynamic import: the bundler keeps it out of the TUI's chunks).

import type { Schema } from './types.js';

interface BuiltinDoc {
  kubernetes: string;
  kinds: Record<string, string>;
  schemas: Record<string, Schema>;
}

const REF_PREFIX = '#/components/schemas/';

export interface Resolved {
  schema: Schema;
  /** The component name when the schema is a named definition (io.k8s.api.apps.v1.DeploymentSpec). */
  name?: string;
}

export class SchemaCatalog {
  readonly kubernetes: string;
  constructor(private readonly doc: BuiltinDoc) {
    this.kubernetes = doc.kubernetes;
  }

  /** The component name of a built-in kind, or undefined when Kubernetes 1.32 has no such kind. */
  kindName(group: string, version: string, kind: string): string | undefined {
    return this.doc.kinds[`${group}/${version}/${kind}`];
  }

  component(name: string): Schema | undefined {
    return this.doc.schemas[name];
  }

  /** Follows `$ref` (and the `allOf: [{$ref}]` wrapper that carries a field's own description). */
  resolve(s: Schema): Resolved {
    let cur = s;
    let name: string | undefined;
    for (let i = 0; i < 8; i++) {
      const ref = cur.$ref ?? (cur.allOf?.length === 1 ? cur.allOf[0]?.$ref : undefined);
      if (typeof ref !== 'string' || !ref.startsWith(REF_PREFIX)) break;
      name = ref.slice(REF_PREFIX.length);
      const next = this.doc.schemas[name];
      if (!next) break;
      cur = next;
    }
    return name ? { schema: cur, name } : { schema: cur };
  }

  /** Every component the schema of `name` reaches (itself included), for a group version's document. */
  closure(names: Iterable<string>): Map<string, Schema> {
    const out = new Map<string, Schema>();
    const visit = (n: string): void => {
      const s = this.doc.schemas[n];
      if (!s || out.has(n)) return;
      out.set(n, s);
      walkRefs(s, visit);
    };
    for (const n of names) visit(n);
    return out;
  }
}

function walkRefs(v: unknown, onRef: (name: string) => void): void {
  if (Array.isArray(v)) for (const x of v) walkRefs(x, onRef);
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string' && x.startsWith(REF_PREFIX))
        onRef(x.slice(REF_PREFIX.length));
      else walkRefs(x, onRef);
    }
}

let loading: Promise<SchemaCatalog> | undefined;

/** The built-in schemas (loaded once per process). */
export function loadSchemas(): Promise<SchemaCatalog> {
  loading ??= import('./k8s-1.32.json', { with: { type: 'json' } }).then(
    (m: { default: unknown }) => new SchemaCatalog(m.default as BuiltinDoc),
  );
  return loading;
}
