// Request bodies in `application/vnd.kubernetes.protobuf`: the 4 bytes `k8s\0`, then a runtime.Unknown
// {typeMeta{apiVersion, kind} = 1, raw = 2, contentEncoding = 3, contentType = 4} whose raw is the
// object's message. Decoded to the JSON object a JSON client would have sent, so that the normal write
// path handles it; a kind without a table is refused with 415, as a server without protobuf for it does.

import { decodeMessage } from './decode.js';
import type { Json, JsonObject } from './json.js';
import { rootMessage } from './schema.js';
import { ProtobufError, WIRE_BYTES, readFields, text } from './wire.js';

export type { Json,  } from './json.js';
export { goDuration } from './special.js';

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const MAGIC = [0x6b, 0x38, 0x73, 0x00]; // "k8s\0"

export type DecodeResult = { ok: true; value: JsonObject } | { ok: false; code: 400 | 415; message: string };

/** The message of the unknown format error, listing what the server accepts. */
const UNKNOWN_FORMAT =
  'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml';

interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
}

function envelope(body: Uint8Array): Envelope {
  if (!MAGIC.every((b, i) => body[i] === b))
    throw new ProtobufError('provided object is not a protobuf message: missing the "k8s\\x00" prefix');
  const out: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(), contentEncoding: '' };
  for (const f of readFields(body.subarray(MAGIC.length))) {
    if (f.wire !== WIRE_BYTES) continue;
    if (f.num === 1) {
      for (const t of readFields(f.value)) {
        if (t.wire !== WIRE_BYTES) continue;
        if (t.num === 1) out.apiVersion = text(t.value);
        else if (t.num === 2) out.kind = text(t.value);
      }
    } else if (f.num === 2) out.raw = f.value;
    else if (f.num === 3) out.contentEncoding = text(f.value);
  }
  return out;
}

/** How deep protobuf objects may nest in RawExtensions (a ControllerRevision's data). */
const MAX_NESTED = 4;

function decodeObject(body: Uint8Array, level = 0): JsonObject {
  if (level > MAX_NESTED) throw new ProtobufError('protobuf objects nested too deeply');
  const env = envelope(body);
  if (env.kind === '') throw new ProtobufError("Object 'Kind' is missing in the protobuf envelope");
  if (env.contentEncoding !== '')
    throw new ProtobufError(`unsupported content encoding "${env.contentEncoding}"`);
  const root = rootMessage(env.apiVersion, env.kind);
  if (!root) throw new UnknownKind(env.apiVersion, env.kind);
  const value = decodeMessage(root, env.raw, (nested): Json => decodeObject(nested, level + 1));
  return { kind: env.kind, apiVersion: env.apiVersion, ...(value as JsonObject) };
}

class UnknownKind extends Error {
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
  ) {
    super(`no protobuf decoding for ${apiVersion}, Kind=${kind}`);
  }
}

/** Decode a whole request body. */
export function decodeProtobufBody(body: Uint8Array): DecodeResult {
  try {
    return { ok: true, value: decodeObject(body) };
  } catch (e) {
    if (e instanceof UnknownKind) return { ok: false, code: 415, message: UNKNOWN_FORMAT };
    if (e instanceof ProtobufError) return { ok: false, code: 400, message: e.message };
    throw e;
  }
}
