// kubectl sends its typed requests as protobuf (`application/vnd.kubernetes.protobuf`): the 4 bytes
// `k8s\0`, then a runtime.Unknown {typeMeta=1 {apiVersion=1, kind=2}, raw=2}. This decodes the few
// messages the review kinds, TokenRequest and Eviction carry into their JSON shape, with the field numbers of the
// upstream generated.proto files (authorization/v1, authentication/v1, meta/v1).

import type { Json } from '../server/patch.js';

type Fields = Map<number, (Buffer | number)[]>;

function varint(b: Buffer, pos: number): [number, number] {
  let out = 0;
  let mul = 1;
  for (let i = pos; i < b.length && i < pos + 10; i++) {
    const byte = b[i] ?? 0;
    out += (byte & 0x7f) * mul;
    mul *= 128;
    if ((byte & 0x80) === 0) return [out, i + 1];
  }
  throw new Error('truncated varint');
}

/** One message's fields by number: length-delimited ones as Buffers, varints as numbers. */
function fields(b: Buffer): Fields {
  const out: Fields = new Map();
  let pos = 0;
  while (pos < b.length) {
    const [key, p1] = varint(b, pos);
    const num = Math.floor(key / 8);
    const wire = key & 7;
    let v: Buffer | number;
    if (wire === 0) [v, pos] = varint(b, p1);
    else if (wire === 2) {
      const [len, p2] = varint(b, p1);
      if (p2 + len > b.length) throw new Error('truncated field');
      v = b.subarray(p2, p2 + len);
      pos = p2 + len;
    } else if (wire === 1) {
      v = 0;
      pos = p1 + 8;
    } else if (wire === 5) {
      v = 0;
      pos = p1 + 4;
    } else throw new Error(`unsupported wire type ${wire}`);
    const list = out.get(num) ?? [];
    list.push(v);
    out.set(num, list);
  }
  return out;
}

const bytesOf = (f: Fields, n: number): Buffer | undefined => {
  const v = f.get(n)?.[0];
  return Buffer.isBuffer(v) ? v : undefined;
};
const strOf = (f: Fields, n: number): string | undefined => bytesOf(f, n)?.toString('utf8');
const strs = (f: Fields, n: number): string[] =>
  (f.get(n) ?? []).filter(Buffer.isBuffer).map((b) => b.toString('utf8'));
const msg = (f: Fields, n: number): Fields | undefined => {
  const b = bytesOf(f, n);
  return b ? fields(b) : undefined;
};

function put(o: Record<string, Json>, k: string, v: Json | undefined): void {
  if (v !== undefined) o[k] = v;
}

function meta(f: Fields | undefined): Record<string, Json> {
  const o: Record<string, Json> = {};
  if (!f) return o;
  put(o, 'name', strOf(f, 1));
  put(o, 'generateName', strOf(f, 2));
  put(o, 'namespace', strOf(f, 3));
  return o;
}

function resourceAttributes(f: Fields): Record<string, Json> {
  const o: Record<string, Json> = {};
  ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'].forEach((k, i) =>
    put(o, k, strOf(f, i + 1)),
  );
  return o;
}

function accessSpec(f: Fields | undefined, subject: boolean): Record<string, Json> {
  const o: Record<string, Json> = {};
  if (!f) return o;
  const ra = msg(f, 1);
  const na = msg(f, 2);
  if (ra) o['resourceAttributes'] = resourceAttributes(ra);
  if (na) {
    const n: Record<string, Json> = {};
    put(n, 'path', strOf(na, 1));
    put(n, 'verb', strOf(na, 2));
    o['nonResourceAttributes'] = n;
  }
  if (subject) {
    put(o, 'user', strOf(f, 3));
    const groups = strs(f, 4);
    if (groups.length) o['groups'] = groups;
    put(o, 'uid', strOf(f, 6));
    const extra: Record<string, Json> = {};
    for (const entry of (f.get(5) ?? []).filter(Buffer.isBuffer)) {
      const e = fields(entry);
      const key = strOf(e, 1);
      const val = msg(e, 2);
      if (key !== undefined) extra[key] = val ? strs(val, 1) : [];
    }
    if (Object.keys(extra).length) o['extra'] = extra;
  }
  return o;
}

/** The JSON form of a protobuf-encoded review or TokenRequest body, or an error text. */
export function decodeReviewProto(body: Buffer): Json | string {
  return decodeProto(body);
}

/** The JSON form of a protobuf body of one of the kinds above (reviews, TokenRequest, Eviction). */
export function decodeProto(body: Buffer): Json | string {
  try {
    if (body.length < 4 || body.subarray(0, 4).toString('latin1') !== 'k8s\0')
      return 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]';
    const unknown = fields(body.subarray(4));
    const tm = msg(unknown, 1);
    const apiVersion = tm ? (strOf(tm, 1) ?? '') : '';
    const kind = tm ? (strOf(tm, 2) ?? '') : '';
    const raw = fields(bytesOf(unknown, 2) ?? Buffer.alloc(0));
    const out: Record<string, Json> = { apiVersion, kind, metadata: meta(msg(raw, 1)) };
    const spec = msg(raw, 2);
    switch (kind) {
      case 'SelfSubjectAccessReview':
        out['spec'] = accessSpec(spec, false);
        break;
      case 'SubjectAccessReview':
      case 'LocalSubjectAccessReview':
        out['spec'] = accessSpec(spec, true);
        break;
      case 'SelfSubjectRulesReview':
        out['spec'] = spec ? { namespace: strOf(spec, 1) ?? '' } : {};
        break;
      case 'TokenReview':
        out['spec'] = spec ? { token: strOf(spec, 1) ?? '', audiences: strs(spec, 2) } : {};
        break;
      case 'TokenRequest': {
        const s: Record<string, Json> = { audiences: spec ? strs(spec, 1) : [] };
        const exp = spec?.get(4)?.[0];
        if (typeof exp === 'number') s['expirationSeconds'] = exp;
        out['spec'] = s;
        break;
      }
      case 'SelfSubjectReview':
        break;
      case 'Eviction': {
        // policy/v1 Eviction {metadata=1, deleteOptions=2 {gracePeriodSeconds=1, propagationPolicy=4, dryRun=5}}
        const d = spec;
        if (d) {
          const o: Record<string, Json> = {};
          const grace = d.get(1)?.[0];
          if (typeof grace === 'number') o['gracePeriodSeconds'] = grace;
          put(o, 'propagationPolicy', strOf(d, 4));
          const dry = strs(d, 5);
          if (dry.length) o['dryRun'] = dry;
          out['deleteOptions'] = o;
        }
        break;
      }
      default:
        return `no kind "${kind}" is registered for version "${apiVersion}"`;
    }
    return out;
  } catch (e) {
    return `unable to decode protobuf body: ${e instanceof Error ? e.message : String(e)}`;
  }
}
