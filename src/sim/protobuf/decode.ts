// Decodes a message by its table into the JSON the Go JSON encoder writes for the same object (what a
// client sending JSON would have sent): omitempty fields with their zero value left out, Go pointers kept
// when set (replicas: 0), fields without omitempty always written (zero, or null for a nil pointer, slice
// or map), struct fields always written (`resources: {}`), inline structs merged into their parent, maps
// sorted by key, bytes as base64, int64 as numbers. Unknown field numbers are skipped, as the Go decoder does.

import type { Json, JsonObject } from './json.js';
import { schemas } from './schema.js';
import type { FieldSchema, Scalar } from './schema.js';
import { specialType } from './special.js';
import { ProtobufError, WIRE_BYTES, WIRE_VARINT, readFields, readPacked, text } from './wire.js';
import type { WireField } from './wire.js';

const MAX_DEPTH = 64;
const EMPTY = new Uint8Array();

const isVarintType = (t: Scalar): boolean => t === 'b' || t === 'i32' || t === 'i64';

function scalarFromVarint(t: Scalar, v: bigint): Json {
  if (t === 'b') return v !== 0n;
  return Number(t === 'i32' ? BigInt.asIntN(32, v) : BigInt.asIntN(64, v));
}

function scalarFromBytes(t: Scalar, b: Uint8Array): Json {
  return t === 'y' ? Buffer.from(b.buffer, b.byteOffset, b.length).toString('base64') : text(b);
}

const zeroOf = (t: Scalar): Json => (t === 'b' ? false : t === 'i32' || t === 'i64' ? 0 : '');
const isZero = (v: Json): boolean => v === '' || v === 0 || v === false;

function wrongWire(f: FieldSchema, message: string, w: WireField): ProtobufError {
  return new ProtobufError(`proto: wrong wireType = ${w.wire} for field ${f.name || 'inline'} of ${message}`);
}

/** The values of one field occurrence (a packed repeated field holds several). */
function scalars(f: FieldSchema, t: Scalar, message: string, w: WireField): Json[] {
  if (isVarintType(t)) {
    if (w.wire === WIRE_VARINT) return [scalarFromVarint(t, w.value)];
    if (w.wire === WIRE_BYTES && f.shape === 'list')
      return readPacked(w.value).map((v) => scalarFromVarint(t, v));
  } else if (w.wire === WIRE_BYTES) return [scalarFromBytes(t, w.value)];
  throw wrongWire(f, message, w);
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] ?? EMPTY;
  return Buffer.concat(parts);
}

class Decoder {
  private depth = 0;

  message(name: string, bytes: Uint8Array): Json {
    const special = specialType(name);
    if (special) return special(bytes, (b) => this.nested(b));
    const schema = schemas().get(name);
    if (!schema) throw new ProtobufError(`no protobuf table for ${name}`);
    if (++this.depth > MAX_DEPTH) throw new ProtobufError('proto: message nested too deeply');
    try {
      const byNum = new Map<number, WireField[]>();
      for (const w of readFields(bytes)) {
        if (!schema.byNum.has(w.num)) continue;
        const list = byNum.get(w.num);
        if (list) list.push(w);
        else byNum.set(w.num, [w]);
      }
      const out: JsonObject = {};
      for (const f of schema.fields) this.field(out, f, schema.name, byNum.get(f.num) ?? []);
      return out;
    } finally {
      this.depth--;
    }
  }

  /** A RawExtension holding a protobuf object (rare: clients put JSON there). */
  nested: (bytes: Uint8Array) => Json = () => {
    throw new ProtobufError('nested protobuf objects are not supported');
  };

  private bytesOf(f: FieldSchema, message: string, w: WireField): Uint8Array {
    if (w.wire !== WIRE_BYTES) throw wrongWire(f, message, w);
    return w.value;
  }

  private field(out: JsonObject, f: FieldSchema, message: string, ws: WireField[]): void {
    const t = f.type;
    if (f.shape === 'list') {
      const items =
        typeof t === 'string'
          ? ws.flatMap((w) => scalars(f, t, message, w))
          : ws.map((w) => this.message(t.message, this.bytesOf(f, message, w)));
      if (items.length > 0) out[f.name] = items;
      else if (f.always) out[f.name] = null;
      return;
    }
    if (f.shape === 'map') {
      const entries = new Map<string, Json>();
      for (const w of ws) {
        const entry = readFields(this.bytesOf(f, message, w));
        let key = '';
        let value: WireField | undefined;
        for (const e of entry) {
          if (e.num === 1 && e.wire === WIRE_BYTES) key = text(e.value);
          else if (e.num === 2) value = e;
        }
        entries.set(key, this.mapValue(f, message, value));
      }
      if (entries.size > 0)
        out[f.name] = Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      else if (f.always) out[f.name] = null;
      return;
    }
    if (typeof t === 'string') {
      const last = ws[ws.length - 1];
      if (last === undefined) {
        if (f.pointer || t === 'y') {
          if (f.always) out[f.name] = null;
        } else if (f.always) out[f.name] = zeroOf(t);
        return;
      }
      const v = scalars(f, t, message, last).at(-1) ?? zeroOf(t);
      if (f.pointer || f.always || !isZero(v)) out[f.name] = v;
      return;
    }
    if (ws.length === 0 && f.pointer) {
      if (f.always) out[f.name] = null;
      return;
    }
    // a sub-message sent more than once is merged, as protobuf does
    const v = this.message(t.message, concat(ws.map((w) => this.bytesOf(f, message, w))));
    if (f.name) out[f.name] = v;
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, v);
  }

  private mapValue(f: FieldSchema, message: string, w: WireField | undefined): Json {
    const t = f.type;
    if (typeof t !== 'string') return this.message(t.message, w ? this.bytesOf(f, message, w) : EMPTY);
    return w ? (scalars(f, t, message, w).at(-1) ?? zeroOf(t)) : zeroOf(t);
  }
}

/** Decode `bytes` as the message `name` (`apps/v1.Deployment`); `nested` decodes a protobuf RawExtension. */
export function decodeMessage(name: string, bytes: Uint8Array, nested?: (bytes: Uint8Array) => Json): Json {
  const d = new Decoder();
  if (nested) d.nested = nested;
  return d.message(name, bytes);
}
