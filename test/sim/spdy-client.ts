// A minimal SPDY/3.1 client for tests (what moby/spdystream does on kubectl's side): opens streams
// with compressed headers, collects what each stream receives, and records every frame it reads.
import { connect } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { constants, createDeflate, createInflate } from 'node:zlib';
import type { Deflate, Inflate } from 'node:zlib';
import { SPDY3_DICTIONARY } from '../../src/sim/exec/spdy/dictionary.js';
import {
  FLAG_FIN,
  FrameReader,
  TYPE,
  controlFrame,
  dataFrame,
  headerBlock,
  parseHeaderBlock,
} from '../../src/sim/exec/spdy/frames.js';
import type { Frame } from '../../src/sim/exec/spdy/frames.js';

export interface ClientStream {
  id: number;
  data: Buffer[];
  replied: boolean;
  finished: boolean;
  reset?: number;
}

function zflush(z: Deflate | Inflate, input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    z.once('error', reject);
    z.write(input);
    z.flush(constants.Z_SYNC_FLUSH, () => {
      z.off('error', reject);
      const chunks: Buffer[] = [];
      for (let c = z.read() as Buffer | null; c !== null; c = z.read() as Buffer | null) chunks.push(c);
      resolve(Buffer.concat(chunks));
    });
  });
}

export class SpdyClient {
  readonly streams = new Map<number, ClientStream>();
  readonly frames: Frame[] = [];
  readonly replyHeaders: Map<string, string[]>[] = [];
  closed = false;
  private next = 1;
  private readonly deflate = createDeflate({ level: 9, dictionary: SPDY3_DICTIONARY });
  private readonly inflate = createInflate({ dictionary: SPDY3_DICTIONARY });
  private readonly reader = new FrameReader();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly socket: { write(b: Buffer): void; end(): void }) {}

  receive(b: Buffer): void {
    const frames = this.reader.push(b);
    if (typeof frames === 'string') throw new Error(frames);
    for (const f of frames) this.chain = this.chain.then(() => this.handle(f));
  }

  private async handle(f: Frame): Promise<void> {
    this.frames.push(f);
    if (f.kind === 'data') {
      const s = this.streams.get(f.streamId);
      if (!s) return;
      if (f.data.length) s.data.push(f.data);
      if (f.flags & FLAG_FIN) s.finished = true;
      return;
    }
    const id = f.payload.length >= 4 ? f.payload.readUInt32BE(0) & 0x7fffffff : 0;
    if (f.type === TYPE.synReply) {
      const h = parseHeaderBlock(await zflush(this.inflate, f.payload.subarray(4)));
      if (typeof h !== 'string') this.replyHeaders.push(h);
      const s = this.streams.get(id);
      if (s) {
        s.replied = true;
        if (f.flags & FLAG_FIN) s.finished = true;
      }
    } else if (f.type === TYPE.rstStream) {
      const s = this.streams.get(id);
      if (s) s.reset = f.payload.readUInt32BE(4);
    }
  }

  async open(headers: Record<string, string>, fin = false): Promise<ClientStream> {
    const id = this.next;
    this.next += 2;
    const s: ClientStream = { id, data: [], replied: false, finished: false };
    this.streams.set(id, s);
    const block = await zflush(
      this.deflate,
      headerBlock(new Map(Object.entries(headers).map(([k, v]) => [k, [v]]))),
    );
    const head = Buffer.alloc(10);
    head.writeUInt32BE(id, 0);
    this.socket.write(controlFrame(TYPE.synStream, fin ? FLAG_FIN : 0, Buffer.concat([head, block])));
    return s;
  }

  write(id: number, data: Buffer | string, fin = false): void {
    this.socket.write(dataFrame(id, Buffer.from(data), fin));
  }

  control(type: number, payload: Buffer): void {
    this.socket.write(controlFrame(type, 0, payload));
  }

  text(id: number): string {
    return Buffer.concat(this.streams.get(id)?.data ?? []).toString();
  }

  end(): void {
    this.socket.end();
  }
}

/** A plain `Upgrade: SPDY/3.1` to `path`; resolves the status line and headers, and the client once upgraded. */
export function spdyConnect(
  url: string,
  token: string,
  path: string,
  extra = 'X-Stream-Protocol-Version: portforward.k8s.io\r\n',
): Promise<{ head: string; body: string; client?: SpdyClient; socket: TLSSocket }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: u.hostname, port: Number(u.port), rejectUnauthorized: false }, () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${u.host}\r\nAuthorization: Bearer ${token}\r\n` +
          `Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\n${extra}Content-Length: 0\r\n\r\n`,
      );
    });
    socket.on('error', reject);
    let buf = Buffer.alloc(0);
    let client: SpdyClient | undefined;
    const onData = (b: Buffer): void => {
      if (client) return client.receive(b);
      buf = Buffer.concat([buf, b]);
      const i = buf.indexOf('\r\n\r\n');
      if (i < 0) return;
      const head = buf.subarray(0, i).toString();
      const rest = buf.subarray(i + 4);
      if (!head.startsWith('HTTP/1.1 101')) {
        socket.on('end', () => resolve({ head, body: Buffer.concat([rest]).toString(), socket }));
        socket.off('data', onData);
        socket.on('data', (more: Buffer) => rest.length >= 0 && (buf = Buffer.concat([buf, more])));
        socket.once('close', () => resolve({ head, body: buf.subarray(i + 4).toString(), socket }));
        return;
      }
      client = new SpdyClient(socket);
      socket.on('close', () => client && (client.closed = true));
      if (rest.length) client.receive(rest);
      resolve({ head, body: '', client, socket });
    };
    socket.on('data', onData);
  });
}
