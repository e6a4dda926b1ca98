// SPDY/3.1 framing (what kubectl's port-forward speaks, through moby/spdystream): the frame layouts,
// an incremental reader that cuts a byte stream into frames, and the writers. Header blocks stay
// compressed here; headers.ts inflates and deflates them.
//
// Control frame: 1 bit set, 15 bits version (3), 16 bits type, 8 bits flags, 24 bits length, payload.
// Data frame:    1 bit clear, 31 bits stream id, 8 bits flags, 24 bits length, payload.

const VERSION = 3;
export const FLAG_FIN = 0x01;
export const MAX_LENGTH = 0xffffff;

export const TYPE = {
  synStream: 1,
  synReply: 2,
  rstStream: 3,
  settings: 4,
  ping: 6,
  goAway: 7,
  headers: 8,
  windowUpdate: 9,
} as const;

/** RST_STREAM status codes. */
export const RST = { protocolError: 1, invalidStream: 2, refusedStream: 3, cancel: 5 } as const;

export type Frame =
  | { kind: 'data'; streamId: number; flags: number; data: Buffer }
  | { kind: 'control'; type: number; flags: number; payload: Buffer };

/** Cuts frames out of a byte stream; `push` returns the frames completed by this chunk. */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] | string {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: Frame[] = [];
    while (this.buf.length >= 8) {
      const len = this.buf.readUInt32BE(4) & MAX_LENGTH;
      const flags = this.buf[4] ?? 0;
      if (this.buf.length < 8 + len) break;
      const body = this.buf.subarray(8, 8 + len);
      const w0 = this.buf.readUInt32BE(0);
      if (w0 & 0x80000000) {
        const version = (w0 >>> 16) & 0x7fff;
        if (version !== VERSION) return `unsupported SPDY version ${version}`;
        out.push({ kind: 'control', type: w0 & 0xffff, flags, payload: Buffer.from(body) });
      } else {
        out.push({ kind: 'data', streamId: w0, flags, data: Buffer.from(body) });
      }
      this.buf = this.buf.subarray(8 + len);
    }
    return out;
  }
}

function header(type: number, flags: number, length: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt32BE((0x8000 | VERSION) * 0x10000 + type, 0);
  b.writeUInt32BE(flags * 0x1000000 + length, 4);
  return b;
}

const u32 = (...values: number[]): Buffer => {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, 4 * i));
  return b;
};

export function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  return Buffer.concat([header(type, flags, payload.length), payload]);
}

export function dataFrame(streamId: number, data: Buffer, fin: boolean): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32BE(streamId & 0x7fffffff, 0);
  h.writeUInt32BE((fin ? FLAG_FIN : 0) * 0x1000000 + data.length, 4);
  return Buffer.concat([h, data]);
}

export const synReply = (streamId: number, block: Buffer, fin: boolean): Buffer =>
  controlFrame(TYPE.synReply, fin ? FLAG_FIN : 0, Buffer.concat([u32(streamId & 0x7fffffff), block]));
export const rstStream = (streamId: number, status: number): Buffer =>
  controlFrame(TYPE.rstStream, 0, u32(streamId & 0x7fffffff, status));
export const ping = (id: number): Buffer => controlFrame(TYPE.ping, 0, u32(id));
/** The fields of a SYN_STREAM before its header block, or an error. */
export function parseSynStream(payload: Buffer): { streamId: number; block: Buffer } | string {
  if (payload.length < 10) return 'SYN_STREAM too short';
  return { streamId: payload.readUInt32BE(0) & 0x7fffffff, block: payload.subarray(10) };
}

/** The stream id the first four bytes of a control frame's payload name (RST_STREAM, HEADERS, …). */
export const streamIdOf = (payload: Buffer): number =>
  payload.length >= 4 ? payload.readUInt32BE(0) & 0x7fffffff : 0;

/** A decompressed name/value block: count, then length-prefixed names and values (values joined by NUL). */
export function parseHeaderBlock(raw: Buffer): Map<string, string[]> | string {
  const out = new Map<string, string[]>();
  if (raw.length < 4) return 'header block too short';
  const n = raw.readUInt32BE(0);
  let at = 4;
  const take = (): string | undefined => {
    if (at + 4 > raw.length) return undefined;
    const len = raw.readUInt32BE(at);
    if (at + 4 + len > raw.length) return undefined;
    const s = raw.subarray(at + 4, at + 4 + len).toString('utf8');
    at += 4 + len;
    return s;
  };
  for (let i = 0; i < n; i++) {
    const name = take();
    const value = take();
    if (name === undefined || value === undefined) return 'header block truncated';
    if (name !== name.toLowerCase()) return 'header was not lowercased';
    if (out.has(name)) return 'multiple headers with same name';
    out.set(name, value.split('\0'));
  }
  return out;
}

export function headerBlock(headers: ReadonlyMap<string, readonly string[]>): Buffer {
  const parts: Buffer[] = [u32(headers.size)];
  for (const [name, values] of headers) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(values.join('\0'), 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}
