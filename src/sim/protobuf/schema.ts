// The protobuf message tables (schema/*.ts) parsed into lookups.
//
// Notation: one message a line (continuation lines start with a space), `Name field field ...`, where a
// field is `jsonName:number:type` and
//   - jsonName `^` embeds the field's message inline (Go `json:",inline"`: its keys join the parent's);
//   - type is `s` string, `b` bool, `i32`/`i64` integers, `y` bytes, or a message: `Name` in the same
//     package or `pkg/version.Name` (`resource.Quantity`, `meta/v1.Time`, ...: see special.ts);
//     prefixed `[]` for a repeated field, `{}` for a map with string keys;
//   - suffix `?`: a Go pointer (its zero value is kept when sent); `!`: no `omitempty` in its JSON tag
//     (the JSON encoder writes its zero value, or null for a nil pointer, slice or map).

import { ROOTS, TABLES } from './schema/index.js';

export type Scalar = 's' | 'b' | 'i32' | 'i64' | 'y';

export interface FieldSchema {
  /** JSON name; '' for a field inlined into its parent. */
  name: string;
  num: number;
  shape: 'one' | 'list' | 'map';
  /** A scalar, or the qualified name of a message (`core/v1.PodSpec`). */
  type: Scalar | { message: string };
  pointer: boolean;
  /** No omitempty: the JSON encoder always writes it. */
  always: boolean;
}

export interface MessageSchema {
  name: string;
  fields: readonly FieldSchema[];
  byNum: ReadonlyMap<number, FieldSchema>;
}

const SCALARS: ReadonlySet<string> = new Set(['s', 'b', 'i32', 'i64', 'y']);
const FIELD = /^([\w^]+):(\d+):((?:\[\]|\{\})?)([\w./]+)(\??)(!?)$/;

function parseField(pkg: string, token: string): FieldSchema {
  const m = FIELD.exec(token);
  if (!m) throw new Error(`protobuf table ${pkg}: bad field "${token}"`);
  const [, name = '', num = '', container = '', base = '', ptr = '', bang = ''] = m;
  const type: FieldSchema['type'] = SCALARS.has(base)
    ? (base as Scalar)
    : { message: base.includes('.') ? base : `${pkg}.${base}` };
  return {
    name: name === '^' ? '' : name,
    num: Number(num),
    shape: container === '[]' ? 'list' : container === '{}' ? 'map' : 'one',
    type,
    pointer: ptr === '?',
    always: bang === '!',
  };
}

function parseTable(pkg: string, table: string, into: Map<string, MessageSchema>): void {
  const entries: string[] = [];
  for (const line of table.split('\n')) {
    if (!line.trim()) continue;
    if (line.startsWith(' ')) entries[entries.length - 1] += line;
    else entries.push(line);
  }
  for (const entry of entries) {
    const [name = '', ...tokens] = entry.trim().split(/\s+/);
    const fields = tokens.map((t) => parseField(pkg, t));
    into.set(`${pkg}.${name}`, { name, fields, byNum: new Map(fields.map((f) => [f.num, f])) });
  }
}

let messages: Map<string, MessageSchema> | undefined;

/** Every message of the tables by qualified name, parsed on first use. */
export function schemas(): ReadonlyMap<string, MessageSchema> {
  if (!messages) {
    messages = new Map();
    for (const [pkg, table] of Object.entries(TABLES)) parseTable(pkg, table, messages);
  }
  return messages;
}

/** Our package id of an apiVersion: `v1` → core/v1, `apps/v1`, `rbac.authorization.k8s.io/v1` → rbac/v1. */
function packageOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return `core/${apiVersion}`;
  const group = apiVersion.slice(0, slash);
  return `${group.split('.')[0] ?? group}/${apiVersion.slice(slash + 1)}`;
}

/** The message of a request body's kind, or undefined when it cannot be decoded from protobuf. */
export function rootMessage(apiVersion: string, kind: string): string | undefined {
  // DeleteOptions is registered in every group version
  if (kind === 'DeleteOptions' && apiVersion !== '') return 'meta/v1.DeleteOptions';
  const pkg = packageOf(apiVersion);
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  // only the real group names: `rbac.example.com/v1` must not pass for rbac.authorization.k8s.io
  if (group !== '' && !KNOWN_GROUPS.has(group)) return undefined;
  return ROOTS[pkg]?.includes(kind) ? `${pkg}.${kind}` : undefined;
}

const KNOWN_GROUPS: ReadonlySet<string> = new Set([
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'storage.k8s.io',
  'discovery.k8s.io',
  'coordination.k8s.io',
  'rbac.authorization.k8s.io',
  'scheduling.k8s.io',
  'events.k8s.io',
  'authorization.k8s.io',
  'authentication.k8s.io',
]);
