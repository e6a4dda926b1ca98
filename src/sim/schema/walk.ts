// One walk of a built-in object against its Kubernetes schema, recording every value of the wrong JSON
// type and every field the schema does not declare, with the paths each of the API server's decoders
// would name (Go's encoding/json, the unstructured converter, structured-merge-diff). The callers in
// check.ts turn the findings into the error the real server gives for that kind of write.

import type { Resolved, SchemaCatalog } from './catalog.js';
import { isPlainObject } from './types.js';
import type { Schema } from './types.js';

/** What Go type a schema decodes into, in the categories the decoders tell apart. */
type Category = 'int' | 'float' | 'string' | 'bool' | 'bytes' | 'struct' | 'slice' | 'map' | 'special';

interface Where {
  /** Go's errorContext: field names from the root, no indexes, no map keys ("spec.template.spec.containers.ports.containerPort"). */
  goField: string;
  /** The Go struct the field belongs to ("ContainerPort"), empty at the root. */
  goStruct: string;
  /** The strict decoder's path: "spec.template.spec.containers[0].foo". */
  strict: string;
  /** structured-merge-diff's path: ".spec.template.spec.containers[name=\"web\"].ports[containerPort=80,protocol=\"TCP\"]". */
  smd: string;
}

export type Finding =
  | { kind: 'type'; where: Where; category: Category; goType: string; value: unknown }
  | { kind: 'special'; where: Where; message: string; value: unknown; category: Category }
  | { kind: 'unknown'; where: Where };

const SPECIAL: Record<string, string> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'resource.Quantity',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'intstr.IntOrString',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': 'v1.Time',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': 'v1.MicroTime',
};

const RAW = 'io.k8s.apimachinery.pkg.runtime.RawExtension';
const QUANTITY_RE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const QUANTITY_SUFFIX = /^(|[numkMGTPE]|[KMGTPE]i|[eE][-+]?[0-9]+)$/;
const QUANTITY_FORMAT_ERROR = `quantities must match the regular expression '${QUANTITY_RE.source}'`;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64_CHAR = /[A-Za-z0-9+/]/;

/** The Go type name a schema decodes into (`int32`, `[]v1.Container`, `map[string]string`, `v1.PodSpec`). */
function goTypeOf(cat: SchemaCatalog, s: Schema): string {
  const { schema, name } = cat.resolve(s);
  if (name) {
    const special = SPECIAL[name];
    if (special) return special;
    if (schema.properties) {
      const parts = name.split('.');
      return `${parts[parts.length - 2] ?? ''}.${parts[parts.length - 1] ?? ''}`;
    }
  }
  switch (schema.type) {
    case 'array':
      return `[]${schema.items ? goTypeOf(cat, schema.items) : 'interface {}'}`;
    case 'object':
      return isPlainObject(schema.additionalProperties)
        ? `map[string]${goTypeOf(cat, schema.additionalProperties)}`
        : 'map[string]interface {}';
    case 'integer':
      return schema.format === 'int32' ? 'int32' : 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'string':
      return schema.format === 'byte' ? '[]uint8' : 'string';
    default:
      return 'interface {}';
  }
}

function base64Error(s: string): string | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === '=') {
      const rest = s.slice(i);
      if (/^={1,2}$/.test(rest) && s.length % 4 === 0) return undefined;
      return `illegal base64 data at input byte ${i}`;
    }
    if (!BASE64_CHAR.test(c)) return `illegal base64 data at input byte ${i}`;
  }
  return s.length % 4 === 0 ? undefined : `illegal base64 data at input byte ${s.length - (s.length % 4)}`;
}

const jsonKind = (v: unknown): string =>
  typeof v === 'string'
    ? 'string'
    : typeof v === 'number'
      ? 'number'
      : typeof v === 'boolean'
        ? 'bool'
        : Array.isArray(v)
          ? 'array'
          : 'object';

/** The error a custom UnmarshalJSON (Quantity, IntOrString, Time) gives for `v`, if any. */
function specialError(name: string, v: unknown): string | undefined {
  if (name.endsWith('.Quantity')) {
    if (typeof v === 'number') return undefined;
    if (typeof v !== 'string') return QUANTITY_FORMAT_ERROR;
    const m = QUANTITY_RE.exec(v.trim());
    if (!m) return QUANTITY_FORMAT_ERROR;
    if (!QUANTITY_SUFFIX.test(m[2] ?? '')) return "unable to parse quantity's suffix";
    return undefined;
  }
  if (name.endsWith('.IntOrString')) {
    if (typeof v === 'string') return undefined;
    if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 2147483647) return undefined;
    const what = typeof v === 'number' ? `number ${String(v)}` : jsonKind(v);
    return `json: cannot unmarshal ${what} into Go value of type int32`;
  }
  // Time, MicroTime
  if (typeof v !== 'string') return `json: cannot unmarshal ${jsonKind(v)} into Go value of type string`;
  if (RFC3339.test(v)) return undefined;
  return `parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(v)} as "2006"`;
}

function categoryOf(schema: Schema, name: string | undefined): Category {
  if (name && SPECIAL[name]) return 'special';
  if (schema.properties) return 'struct';
  switch (schema.type) {
    case 'array':
      return 'slice';
    case 'object':
      return 'map';
    case 'integer':
      return 'int';
    case 'number':
      return 'float';
    case 'boolean':
      return 'bool';
    case 'string':
      return schema.format === 'byte' ? 'bytes' : 'string';
    default:
      return 'special';
  }
}

function fits(category: Category, schema: Schema, v: unknown): boolean {
  switch (category) {
    case 'int':
      return (
        typeof v === 'number' &&
        Number.isInteger(v) &&
        (schema.format === 'int32' ? v >= -2147483648 && v <= 2147483647 : Number.isSafeInteger(v))
      );
    case 'float':
      return typeof v === 'number';
    case 'string':
    case 'bytes':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean';
    case 'struct':
    case 'map':
      return isPlainObject(v);
    case 'slice':
      return Array.isArray(v);
    case 'special':
      return true;
  }
}

const smdKey = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

function itemSmd(parent: Schema, item: unknown, i: number): string {
  if (parent['x-kubernetes-list-type'] === 'set') return `[=${smdKey(item)}]`;
  const keys =
    parent['x-kubernetes-list-map-keys'] ??
    (typeof parent['x-kubernetes-patch-merge-key'] === 'string'
      ? [parent['x-kubernetes-patch-merge-key']]
      : []);
  if (keys.length === 0 || !isPlainObject(item)) return `[${i}]`;
  const parts = keys.filter((k) => item[k] !== undefined).map((k) => `${k}=${smdKey(item[k])}`);
  return parts.length ? `[${parts.join(',')}]` : `[${i}]`;
}

export interface WalkOptions {
  /** Delete undeclared fields (Go's decoder drops them). */
  prune: boolean;
}

/** Walk `value` (a whole object) against the schema of component `rootName`. */
export function walkObject(
  cat: SchemaCatalog,
  rootName: string,
  value: unknown,
  opts: WalkOptions,
): Finding[] {
  const out: Finding[] = [];
  const walk = (s: Schema, v: unknown, where: Where): void => {
    if (v === null || v === undefined) return;
    const r: Resolved = cat.resolve(s);
    const { schema, name } = r;
    const category = categoryOf(schema, name);
    if (name && SPECIAL[name]) {
      const message = specialError(name, v);
      if (message) out.push({ kind: 'special', where, message, value: v, category });
      return;
    }
    // RawExtension, apiextensions JSON and JSONSchemaPropsOr*: any JSON value decodes
    if (name === RAW || category === 'special') return;
    if (!fits(category, schema, v)) {
      out.push({ kind: 'type', where, category, goType: goTypeOf(cat, s), value: v });
      return;
    }
    if (category === 'bytes') {
      const message = base64Error(v as string);
      if (message) out.push({ kind: 'special', where, message, value: v, category });
      return;
    }
    if (category === 'slice' && Array.isArray(v) && schema.items) {
      const items = schema.items;
      v.forEach((x, i) =>
        walk(items, x, {
          ...where,
          strict: `${where.strict}[${i}]`,
          smd: `${where.smd}${itemSmd(schema, x, i)}`,
        }),
      );
      return;
    }
    if (!isPlainObject(v)) return;
    if (category === 'map') {
      const ap = schema.additionalProperties;
      if (isPlainObject(ap))
        for (const [k, x] of Object.entries(v))
          walk(ap, x, { ...where, strict: `${where.strict}.${k}`, smd: `${where.smd}.${k}` });
      return;
    }
    const props = schema.properties ?? {};
    const goStruct = (name ?? '').split('.').pop() ?? '';
    for (const [k, x] of Object.entries(v)) {
      const child: Where = {
        goField: where.goField ? `${where.goField}.${k}` : k,
        goStruct,
        strict: where.strict ? `${where.strict}.${k}` : k,
        smd: `${where.smd}.${k}`,
      };
      const ps = props[k];
      if (!ps) {
        out.push({ kind: 'unknown', where: child });
        if (opts.prune) delete v[k];
        continue;
      }
      walk(ps, x, child);
    }
  };
  walk({ $ref: `#/components/schemas/${rootName}` }, value, {
    goField: '',
    goStruct: '',
    strict: '',
    smd: '',
  });
  return out;
}
