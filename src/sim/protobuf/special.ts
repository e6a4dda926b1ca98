// Messages whose JSON form is not an object of their fields: the apimachinery types with their own
// MarshalJSON. Each turns the message's bytes (empty for a Go zero value) into what the JSON encoder writes.

import type { Json } from './json.js';
import { ProtobufError, WIRE_BYTES, WIRE_VARINT, readFields, text } from './wire.js';
import type { WireField } from './wire.js';

type Special = (bytes: Uint8Array, nested: (bytes: Uint8Array) => Json) => Json;

const varintOf = (fields: WireField[], num: number): bigint | undefined => {
  let v: bigint | undefined;
  for (const f of fields) if (f.num === num && f.wire === WIRE_VARINT) v = f.value;
  return v;
};
const bytesOf = (fields: WireField[], num: number): Uint8Array | undefined => {
  let v: Uint8Array | undefined;
  for (const f of fields) if (f.num === num && f.wire === WIRE_BYTES) v = f.value;
  return v;
};
const int64 = (v: bigint | undefined): number => Number(BigInt.asIntN(64, v ?? 0n));
const int32 = (v: bigint | undefined): number => Number(BigInt.asIntN(32, v ?? 0n));

/** A google.protobuf.Timestamp-shaped message as RFC 3339 in UTC, with `digits` fractional digits. */
function timestamp(bytes: Uint8Array, digits: 0 | 6): Json {
  if (bytes.length === 0) return null; // the zero time: MarshalJSON writes null
  const fields = readFields(bytes);
  const seconds = int64(varintOf(fields, 1));
  const nanos = int32(varintOf(fields, 2));
  const date = new Date(seconds * 1000);
  const year = date.getUTCFullYear();
  if (!Number.isFinite(date.getTime()) || year < 0 || year > 9999)
    throw new ProtobufError(`Time.MarshalJSON: year outside of range [0,9999]`);
  const base = date.toISOString().slice(0, 19);
  if (digits === 0) return `${base}Z`; // metav1.Time keeps whole seconds only
  const micros = Math.floor(Math.max(0, nanos) / 1000);
  return `${base}.${String(micros).padStart(6, '0')}Z`;
}

/** Go's time.Duration.String(). */
export function goDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const neg = nanos < 0n;
  const u = neg ? -nanos : nanos;
  const frac = (v: bigint, scale: bigint, digits: number): string => {
    const whole = v / scale;
    const rest = (v % scale).toString().padStart(digits, '0').replace(/0+$/, '');
    return rest ? `${whole}.${rest}` : `${whole}`;
  };
  let out: string;
  if (u < 1000n) out = `${u}ns`;
  else if (u < 1_000_000n) out = `${frac(u, 1000n, 3)}µs`;
  else if (u < 1_000_000_000n) out = `${frac(u, 1_000_000n, 6)}ms`;
  else {
    const h = u / 3_600_000_000_000n;
    const m = (u / 60_000_000_000n) % 60n;
    const s = frac(u % 60_000_000_000n, 1_000_000_000n, 9);
    out = h > 0n ? `${h}h${m}m${s}s` : m > 0n ? `${m}m${s}s` : `${s}s`;
  }
  return neg ? `-${out}` : out;
}

/** Raw JSON carried as bytes (RawExtension, FieldsV1); nested protobuf in a RawExtension is decoded too. */
function rawJson(bytes: Uint8Array, nested: (b: Uint8Array) => Json): Json {
  const raw = bytesOf(readFields(bytes), 1);
  if (!raw || raw.length === 0) return null;
  if (raw[0] === 0x6b && raw[1] === 0x38 && raw[2] === 0x73 && raw[3] === 0) return nested(raw);
  try {
    return JSON.parse(text(raw)) as Json;
  } catch {
    throw new ProtobufError('embedded raw value is not JSON');
  }
}

const SPECIALS: ReadonlyMap<string, Special> = new Map<string, Special>([
  ['meta/v1.Time', (b) => timestamp(b, 0)],
  ['meta/v1.MicroTime', (b) => timestamp(b, 6)],
  ['meta/v1.Duration', (b) => goDuration(BigInt.asIntN(64, varintOf(readFields(b), 1) ?? 0n))],
  ['meta/v1.FieldsV1', rawJson],
  ['runtime.RawExtension', rawJson],
  // resource.Quantity: the string as sent; a zero Quantity is "0"
  [
    'resource.Quantity',
    (b) => {
      const s = bytesOf(readFields(b), 1);
      return s && s.length > 0 ? text(s) : '0';
    },
  ],
  // intstr.IntOrString: type 1 is a string, anything else the int
  [
    'intstr.IntOrString',
    (b) => {
      const fields = readFields(b);
      if (int64(varintOf(fields, 1)) === 1) return text(bytesOf(fields, 3) ?? new Uint8Array());
      return int32(varintOf(fields, 2));
    },
  ],
  // ExtraValue ([]string) is a message with its items in field 1
  ...['authentication/v1.ExtraValue', 'authorization/v1.ExtraValue'].map((n): [string, Special] => [
    n,
    (b) => {
      const items = readFields(b).flatMap((f) =>
        f.num === 1 && f.wire === WIRE_BYTES ? [text(f.value)] : [],
      );
      return items.length > 0 ? items : null;
    },
  ]),
]);

export const specialType = (name: string): Special | undefined => SPECIALS.get(name);
