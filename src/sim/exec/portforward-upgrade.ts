// The two ways kubectl port-forward reaches the kubelet's SPDY port-forward: a plain `Upgrade: SPDY/3.1`
// (the `101` written on the TLS socket, the socket then carries SPDY frames), or, tried first since
// kubectl 1.31, a WebSocket with subprotocol `SPDY/3.1+portforward.k8s.io` whose binary messages carry
// the same SPDY byte stream (k8s.io/apiserver's streamtunnel.go; message boundaries mean nothing).

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Pod } from '../../util/k8s.js';
import type { FrameWriter } from './frame-writer.js';
import { spdyPortForward } from './portforward-spdy.js';
import { rejectStatus } from './reject.js';

const PORTFORWARD_V1 = 'portforward.k8s.io';
export const SPDY_TUNNEL = `SPDY/3.1+${PORTFORWARD_V1}`;

export interface SpdyUpgrade {
  serve(req: IncomingMessage, socket: Duplex, head: Buffer, pod: Pod): void;
  tunnel(ws: WebSocket, out: FrameWriter, pod: Pod): void;
  count(): number;
  close(): void;
}

const headerList = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v])
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter((x) => x !== '');

export function spdyUpgrade(): SpdyUpgrade {
  const sockets = new Set<Duplex>();

  function serve(req: IncomingMessage, socket: Duplex, head: Buffer, pod: Pod): void {
    const connection = headerList(req.headers.connection).map((x) => x.toLowerCase());
    const upgrade = headerList(req.headers.upgrade).map((x) => x.toLowerCase());
    if (!connection.includes('upgrade') || !upgrade.includes('spdy/3.1'))
      return rejectStatus(
        socket,
        400,
        'BadRequest',
        `unable to upgrade: missing upgrade headers in request: Upgrade ${JSON.stringify(req.headers.upgrade ?? '')}`,
      );
    // httpstream.Handshake: a client that names protocols must name ours
    const offered = headerList(req.headers['x-stream-protocol-version']);
    if (offered.length > 0 && !offered.includes(PORTFORWARD_V1))
      return rejectStatus(
        socket,
        403,
        'Forbidden',
        `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server accepts [${PORTFORWARD_V1}]`,
      );
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
        (offered.length > 0 ? `X-Stream-Protocol-Version: ${PORTFORWARD_V1}\r\n` : '') +
        `Date: ${new Date().toUTCString()}\r\n\r\n`,
    );
    sockets.add(socket);
    const session = spdyPortForward(
      {
        write: (b, done) => {
          if (socket.writable) socket.write(b, () => done());
          else done();
        },
        end: () => socket.end(),
      },
      pod,
    );
    socket.on('data', (b: Buffer) => session.receive(b));
    socket.on('close', () => {
      sockets.delete(socket);
      session.closed();
    });
    if (head.length > 0) session.receive(head);
  }

  function tunnel(ws: WebSocket, out: FrameWriter, pod: Pod): void {
    const session = spdyPortForward(
      { write: (b, done) => out.send(b, done), end: () => out.close(1000) },
      pod,
    );
    ws.on('message', (data, isBinary) => {
      if (!isBinary) return ws.close(1003);
      session.receive(
        Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data),
      );
    });
    ws.on('close', () => session.closed());
  }

  return {
    serve,
    tunnel,
    count: () => sockets.size,
    close: () => {
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
  };
}
