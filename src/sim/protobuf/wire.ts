// The protobuf wire format, read side: varints, fixed-width numbers and length-delimited bytes
// (https://protobuf.dev/programming-guides/encoding/). Kubernetes messages use only varint (0) and
// length-delimited (2) fields; fixed64 (1) and fixed32 (5) are read so that unknown fields can be skipped.

export class ProtobufError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufError';
  }
}

export const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

/** One field occurrence: its number, wire type and value (a varint, or the bytes of a length-delimited field). */
export type WireField =
  | { num: number; wire: typeof WIRE_VARINT; value: bigint }
  | { num: number; wire: typeof WIRE_BYTES; value: Uint8Array }
  | { num: number; wire: typeof WIRE_FIXED64 | typeof WIRE_FIXED32; value: bigint };

const UNEXPECTED_EOF = 'unexpected EOF';

class Reader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** An unsigned varint of up to 64 bits. */
  varint(): bigint {
    let small = 0;
    for (let i = 0; i < 4; i++) {
      const b = this.byte();
      small |= (b & 0x7f) << (7 * i);
      if (b < 0x80) return BigInt(small >>> 0);
    }
    let big = BigInt(small >>> 0);
    for (let shift = 28n; shift < 70n; shift += 7n) {
      const b = this.byte();
      big |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, big);
    }
    throw new ProtobufError('proto: integer overflow');
  }

  private byte(): number {
    const b = this.buf[this.pos++];
    if (b === undefined) throw new ProtobufError(UNEXPECTED_EOF);
    return b;
  }

  private take(n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.buf.length) throw new ProtobufError(UNEXPECTED_EOF);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  private fixed(n: 4 | 8): bigint {
    const b = this.take(n);
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] ?? 0);
    return v;
  }

  field(): WireField {
    const key = this.varint();
    const num = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (num <= 0 || num >= 2 ** 29) throw new ProtobufError(`proto: illegal tag ${num} (wire type ${wire})`);
    switch (wire) {
      case WIRE_VARINT:
        return { num, wire, value: this.varint() };
      case WIRE_BYTES: {
        const len = this.varint();
        if (len > BigInt(this.buf.length)) throw new ProtobufError(UNEXPECTED_EOF);
        return { num, wire, value: this.take(Number(len)) };
      }
      case WIRE_FIXED64:
        return { num, wire, value: this.fixed(8) };
      case WIRE_FIXED32:
        return { num, wire, value: this.fixed(4) };
      default:
        throw new ProtobufError(`proto: illegal wireType ${wire} for field ${num}`);
    }
  }
}

/** Every field of a message, in wire order. */
export function readFields(buf: Uint8Array): WireField[] {
  const r = new Reader(buf);
  const out: WireField[] = [];
  while (!r.done) out.push(r.field());
  return out;
}

/** The varints of a packed repeated field. */
export function readPacked(buf: Uint8Array): bigint[] {
  const r = new Reader(buf);
  const out: bigint[] = [];
  while (!r.done) out.push(r.varint());
  return out;
}

const utf8 = new TextDecoder('utf-8');
export const text = (b: Uint8Array): string => utf8.decode(b);
