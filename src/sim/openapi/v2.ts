// /openapi/v2: the same schemas as a Swagger 2.0 document, in JSON or in the protobuf encoding of
// gnostic's openapi_v2.Document that client-go asks for. kubectl needs it where the v3 documents have no
// answer: it validates a `List` (which no v3 path names) on the client, against these definitions.

import type { ResourceInfo } from '../resources.js';
import type { SchemaCatalog } from '../schema/catalog.js';
import { isPlainObject } from '../schema/types.js';
import type { Schema } from '../schema/types.js';
import { customSchemaName, customSchemas } from './custom.js';

const V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
/** What the API server answers with (Go's mime parser refuses the '@' of the requested type). */
const V2_PROTOBUF_RESPONSE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

/** A v3 component schema in v2 form: `#/definitions/` refs, a described ref as a ref with siblings. */
function toV2(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toV2);
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v))
    out[k] =
      k === '$ref' && typeof x === 'string' ? x.replace('#/components/schemas/', '#/definitions/') : toV2(x);
  const allOf = out['allOf'];
  if (
    Array.isArray(allOf) &&
    allOf.length === 1 &&
    isPlainObject(allOf[0]) &&
    typeof allOf[0]['$ref'] === 'string'
  ) {
    delete out['allOf'];
    out['$ref'] = allOf[0]['$ref'];
  }
  if (Array.isArray(out['oneOf'])) {
    delete out['oneOf'];
    out['type'] = 'string';
  }
  return out;
}

/** The Swagger 2.0 definitions of every served kind (and what they reference). */
function swaggerDoc(
  cat: SchemaCatalog | undefined,
  list: readonly ResourceInfo[],
): Record<string, unknown> {
  const builtin = list
    .filter((r) => !r.custom)
    .map((r) => cat?.kindName(r.gvr.group, r.gvr.version, r.kind))
    .filter((n): n is string => n !== undefined);
  const custom = customSchemas(
    list.filter((r) => r.custom),
    cat,
  );
  const definitions: Record<string, unknown> = {};
  const closure = cat?.closure([...builtin, ...custom.refs]) ?? new Map<string, Schema>();
  for (const n of [...closure.keys()].sort()) definitions[n] = toV2(closure.get(n));
  for (const r of list.filter((x) => x.custom)) {
    const name = customSchemaName(r);
    definitions[name] = toV2(custom.schemas[name]);
  }
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: 'v1.32.0+kubedeck-sim' },
    paths: {},
    definitions,
  };
}

// ------------------------------------------------------------------ protobuf (gnostic openapi_v2)

class Writer {
  private readonly parts: Buffer[] = [];
  private varint(n: number): void {
    const bytes: number[] = [];
    let v = n;
    while (v > 0x7f) {
      bytes.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    bytes.push(v);
    this.parts.push(Buffer.from(bytes));
  }
  bytes(field: number, b: Buffer): this {
    this.varint((field << 3) | 2);
    this.varint(b.length);
    this.parts.push(b);
    return this;
  }
  string(field: number, s: string | undefined): this {
    return s === undefined || s === '' ? this : this.bytes(field, Buffer.from(s, 'utf8'));
  }
  bool(field: number, b: boolean | undefined): this {
    if (!b) return this;
    this.varint(field << 3);
    this.varint(1);
    return this;
  }
  int(field: number, n: unknown): this {
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return this;
    this.varint(field << 3);
    this.varint(n);
    return this;
  }
  double(field: number, n: unknown): this {
    if (typeof n !== 'number') return this;
    this.varint((field << 3) | 1);
    const b = Buffer.alloc(8);
    b.writeDoubleLE(n);
    this.parts.push(b);
    return this;
  }
  message(field: number, w: Writer): this {
    return this.bytes(field, w.done());
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

const anyYaml = (v: unknown): Writer => new Writer().string(2, JSON.stringify(v)); // JSON is YAML

function schemaPb(s: Record<string, unknown>): Writer {
  const w = new Writer();
  const str = (k: string): string | undefined => (typeof s[k] === 'string' ? (s[k] as string) : undefined);
  w.string(1, str('$ref')).string(2, str('format')).string(3, str('title')).string(4, str('description'));
  if (s['default'] !== undefined) w.message(5, anyYaml(s['default']));
  w.double(6, s['multipleOf'])
    .double(7, s['maximum'])
    .bool(8, s['exclusiveMaximum'] === true);
  w.double(9, s['minimum']).bool(10, s['exclusiveMinimum'] === true);
  w.int(11, s['maxLength']).int(12, s['minLength']).string(13, str('pattern'));
  w.int(14, s['maxItems'])
    .int(15, s['minItems'])
    .bool(16, s['uniqueItems'] === true);
  w.int(17, s['maxProperties']).int(18, s['minProperties']);
  if (Array.isArray(s['required'])) for (const r of s['required']) if (typeof r === 'string') w.string(19, r);
  if (Array.isArray(s['enum'])) for (const e of s['enum']) w.message(20, anyYaml(e));
  const ap = s['additionalProperties'];
  if (isPlainObject(ap)) w.message(21, new Writer().message(1, schemaPb(ap)));
  else if (typeof ap === 'boolean') w.message(21, new Writer().bool(2, ap));
  if (typeof s['type'] === 'string') w.message(22, new Writer().string(1, s['type']));
  if (isPlainObject(s['items'])) w.message(23, new Writer().message(1, schemaPb(s['items'])));
  if (Array.isArray(s['allOf'])) for (const x of s['allOf']) if (isPlainObject(x)) w.message(24, schemaPb(x));
  if (isPlainObject(s['properties'])) {
    const props = new Writer();
    for (const [k, x] of Object.entries(s['properties']))
      if (isPlainObject(x)) props.message(1, new Writer().string(1, k).message(2, schemaPb(x)));
    w.message(25, props);
  }
  for (const [k, x] of Object.entries(s))
    if (k.startsWith('x-')) w.message(31, new Writer().string(1, k).message(2, anyYaml(x)));
  return w;
}

/** The swagger document in the protobuf form client-go's OpenAPISchema() reads. */
function swaggerProtobuf(doc: Record<string, unknown>): Buffer {
  const info = isPlainObject(doc['info']) ? doc['info'] : {};
  const w = new Writer()
    .string(1, '2.0')
    .message(2, new Writer().string(1, String(info['title'] ?? '')).string(2, String(info['version'] ?? '')))
    .message(8, new Writer());
  const defs = new Writer();
  if (isPlainObject(doc['definitions']))
    for (const [name, s] of Object.entries(doc['definitions']))
      if (isPlainObject(s)) defs.message(1, new Writer().string(1, name).message(2, schemaPb(s)));
  w.message(9, defs);
  return w.done();
}

let cached: { sig: string; json: string; pb: Buffer } | undefined;

/** GET /openapi/v2: protobuf when the client asks for it (client-go does), else JSON. */
export function openApiV2(
  cat: SchemaCatalog | undefined,
  list: readonly ResourceInfo[],
  accept: string | undefined,
): { contentType: string; body: Buffer } {
  const sig = JSON.stringify(list);
  if (cached?.sig !== sig) {
    const doc = swaggerDoc(cat, list);
    cached = { sig, json: JSON.stringify(doc), pb: swaggerProtobuf(doc) };
  }
  return (accept ?? '').includes(V2_PROTOBUF)
    ? { contentType: V2_PROTOBUF_RESPONSE, body: cached.pb }
    : { contentType: 'application/json', body: Buffer.from(cached.json) };
}
