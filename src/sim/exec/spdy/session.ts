// The server end of a SPDY/3.1 connection, as the kubelet runs it for port-forward (moby/spdystream
// under k8s.io/apimachinery's httpstream/spdy): the client opens streams (odd ids) with SYN_STREAM;
// the server accepts each with an empty SYN_REPLY, or refuses it with RST_STREAM; data flows in DATA
// frames and a side ends its half with FIN; PINGs from the client are echoed; GOAWAY ends the
// connection. SETTINGS and WINDOW_UPDATE are read and ignored (spdystream does no flow control).

import {
  FrameReader,
  FLAG_FIN,
  MAX_LENGTH,
  RST,
  TYPE,
  dataFrame,
  headerBlock,
  parseHeaderBlock,
} from './frames.js';
import { parseSynStream, ping, rstStream, streamIdOf, synReply } from './frames.js';
import type { Frame } from './frames.js';
import { headerCodec } from './headers.js';

/** Where the connection's bytes go: a TLS socket after `101`, or a WebSocket tunnel (one message per write). */
export interface ByteTransport {
  /** Write in order; `done` runs once written (or dropped because the connection is gone). */
  write(data: Buffer, done: () => void): void;
  /** End the connection. */
  end(): void;
}

export interface SpdyStream {
  readonly id: number;
  header(name: string): string | undefined;
  /** Send data; `done` runs once it went out. */
  write(data: Buffer, done?: () => void): void;
  /** Our half ends (DATA with FIN). */
  close(): void;
  /** Tear the stream down (RST_STREAM CANCEL). */
  reset(): void;
  /** Set by the owner: data from the client, the client's FIN, a reset or the connection ending. */
  onData?: (data: Buffer) => void;
  onEnd?: () => void;
  onGone?: () => void;
}

export interface SpdySession {
  /** Bytes from the client. */
  receive(chunk: Buffer): void;
  /** The connection ended (client gone or server shutting down). */
  closed(): void;
}

export interface StreamHandler {
  /** Check a new stream's headers: a message refuses it (RST_STREAM), undefined accepts it. */
  check(stream: SpdyStream): string | undefined;
  /** An accepted stream, after its SYN_REPLY was queued. */
  opened(stream: SpdyStream): void;
}

interface Live extends SpdyStream {
  localDone: boolean;
  remoteDone: boolean;
}

export function spdySession(t: ByteTransport, handler: StreamHandler): SpdySession {
  const codec = headerCodec();
  const reader = new FrameReader();
  const streams = new Map<number, Live>();
  let lastId = 0;
  let ended = false;
  let outChain: Promise<unknown> = Promise.resolve();
  let inChain: Promise<unknown> = Promise.resolve();

  const send = (frame: Buffer | Promise<Buffer | Error>, done?: () => void): void => {
    outChain = outChain.then(async () => {
      const b = await frame;
      if (ended || b instanceof Error) return done?.();
      await new Promise<void>((resolve) => t.write(b, resolve));
      done?.();
    });
  };
  const forget = (s: Live): void => {
    if (s.localDone && s.remoteDone) streams.delete(s.id);
  };

  const end = (): void => {
    if (ended) return;
    ended = true;
    codec.close();
    const gone = [...streams.values()];
    streams.clear();
    for (const s of gone) s.onGone?.();
    t.end();
  };

  function open(id: number, headers: Map<string, string[]>, fin: boolean): void {
    const s: Live = {
      id,
      localDone: false,
      remoteDone: fin,
      header: (name) => headers.get(name.toLowerCase())?.[0],
      write(data, done) {
        if (s.localDone || ended) return done?.();
        for (let at = 0; at < data.length || at === 0; at += MAX_LENGTH) {
          const last = at + MAX_LENGTH >= data.length;
          send(dataFrame(id, data.subarray(at, at + MAX_LENGTH), false), last ? done : undefined);
          if (last) break;
        }
      },
      close() {
        if (s.localDone || ended) return;
        s.localDone = true;
        send(dataFrame(id, Buffer.alloc(0), true));
        forget(s);
      },
      reset() {
        if (!streams.has(id)) return;
        s.localDone = s.remoteDone = true;
        streams.delete(id);
        send(rstStream(id, RST.cancel));
      },
    };
    const refused = handler.check(s);
    if (refused !== undefined) {
      send(rstStream(id, RST.cancel));
      return;
    }
    streams.set(id, s);
    send(
      codec.deflate(headerBlock(new Map())).then((b) => (b instanceof Error ? b : synReply(id, b, false))),
    );
    handler.opened(s);
  }

  async function handle(f: Frame): Promise<void> {
    if (f.kind === 'data') {
      const s = streams.get(f.streamId);
      if (!s) return;
      if (f.data.length > 0 && !s.remoteDone) s.onData?.(f.data);
      if (f.flags & FLAG_FIN && !s.remoteDone) {
        s.remoteDone = true;
        s.onEnd?.();
        forget(s);
      }
      return;
    }
    switch (f.type) {
      case TYPE.synStream: {
        const syn = parseSynStream(f.payload);
        if (typeof syn === 'string') return end();
        const raw = await codec.inflate(syn.block);
        if (raw instanceof Error) return end();
        const headers = parseHeaderBlock(raw);
        // stream ids from the client are odd and increase
        if (typeof headers === 'string' || syn.streamId % 2 === 0 || syn.streamId <= lastId) {
          send(rstStream(syn.streamId, RST.protocolError));
          return;
        }
        lastId = syn.streamId;
        return open(syn.streamId, headers, (f.flags & FLAG_FIN) !== 0);
      }
      case TYPE.synReply:
      case TYPE.headers: {
        // nothing to do with them, but their blocks advance the shared zlib context
        const raw = await codec.inflate(f.payload.subarray(4));
        if (raw instanceof Error) return end();
        return;
      }
      case TYPE.rstStream: {
        const s = streams.get(streamIdOf(f.payload));
        if (!s) return;
        streams.delete(s.id);
        s.localDone = s.remoteDone = true;
        s.onGone?.();
        return;
      }
      case TYPE.ping:
        // client pings are odd; echo them (ours would be even, and we send none)
        if (f.payload.length === 4 && (f.payload.readUInt32BE(0) & 1) === 1)
          send(ping(f.payload.readUInt32BE(0)));
        return;
      case TYPE.goAway:
        return end();
      default:
        // SETTINGS, WINDOW_UPDATE, unknown types: ignored
        return;
    }
  }

  return {
    receive(chunk) {
      if (ended) return;
      const frames = reader.push(chunk);
      if (typeof frames === 'string') return end();
      for (const f of frames) inChain = inChain.then(() => (ended ? undefined : handle(f)));
    },
    closed: end,
  };
}
