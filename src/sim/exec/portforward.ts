// Port-forward over WebSocket (kubelet's v4 channel protocol): for the i-th requested port, channel 2i
// carries data both ways and channel 2i+1 errors from the server; the server opens both channels with a
// frame holding the port as two little-endian bytes. What answers on a port is pod-port.ts's (the same
// for kubectl's SPDY port-forward, portforward-spdy.ts); a port nothing serves gets the kubelet's
// "connection refused" on its error channel. The WebSocket closes once every port's connection has ended.

import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Pod } from '../../util/k8s.js';
import { onFrames } from './exec-session.js';
import type { FrameWriter } from './frame-writer.js';
import { memorySocket, refusedMessage, servePort } from './pod-port.js';
import { frame, portPrefix } from './protocol.js';

export function runPortForward(
  ws: WebSocket,
  out: FrameWriter,
  _protocol: string,
  pod: Pod,
  ports: number[],
): void {
  const conns = new Map<number, Duplex>();
  let open = 0;
  const ended = (): void => {
    open--;
    if (open === 0) out.close(1000);
  };
  ports.forEach((port, i) => {
    out.send(frame(2 * i, portPrefix(port)));
    out.send(frame(2 * i + 1, portPrefix(port)));
  });
  ports.forEach((port, i) => {
    let live = true;
    const sock = memorySocket(
      (chunk, cb) => (out.open() ? out.send(frame(2 * i, chunk), cb) : cb()),
      () => {
        if (!live) return;
        live = false;
        ended();
      },
    );
    open++;
    conns.set(2 * i, sock);
    if (servePort(pod, port, sock)) return;
    live = false;
    open--;
    conns.delete(2 * i);
    sock.destroy();
    out.send(frame(2 * i + 1, refusedMessage(pod, port)));
  });
  if (open === 0) out.close(1000);
  onFrames(ws, (ch, body) => conns.get(ch)?.push(Buffer.from(body)));
  ws.on('close', () => {
    for (const s of conns.values()) s.destroy();
  });
}
