// Port-forward over WebSocket (kubelet's v4 channel protocol): for the i-th requested port, channel 2i
// carries data both ways and channel 2i+1 errors from the server; the server opens both channels with a
// frame holding the port as two little-endian bytes. A port some container of the pod declares is
// served in memory: HTTP (web-fake.ts), or Redis or a silent database port (tcp-fake.ts); any other port gets the kubelet's "connection
// refused" on its error channel. The WebSocket closes once every port's connection has ended.

import { createHash } from 'node:crypto';
import { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Pod } from '../../util/k8s.js';
import { onFrames } from './exec-session.js';
import type { FrameWriter } from './frame-writer.js';
import { frame, portPrefix } from './protocol.js';
import { flavourOf, serveRedis, serveSilent } from './tcp-fake.js';
import { fakeWebServer, serveConnection } from './web-fake.js';

const hex = (s: string): string => createHash('sha256').update(s).digest('hex');

/** The kubelet's (containerd's) error for a port nothing listens on inside the pod. */
function refusedMessage(pod: Pod, port: number): string {
  const sandbox = hex(`sandbox/${pod.metadata.uid ?? pod.metadata.name ?? ''}`);
  const h = hex(`netns/${pod.metadata.uid ?? ''}`);
  const netns = `cni-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  return (
    `error forwarding port ${port} to pod ${sandbox}, uid : failed to execute portforward in network namespace ` +
    `"/var/run/netns/${netns}": failed to connect to localhost:${port} inside namespace "${sandbox}", ` +
    `IPv4: dial tcp 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp [::1]:${port}: connect: connection refused `
  );
}

/** An in-memory TCP connection whose far end is the WebSocket channel `ch`. */
function channelSocket(out: FrameWriter, ch: number, onEnd: () => void): Duplex {
  const d = new Duplex({
    read() {
      /* pushed from the WebSocket */
    },
    write(chunk: Buffer, _enc, cb) {
      if (out.open()) out.send(frame(ch, chunk), cb);
      else cb();
    },
    final(cb) {
      onEnd();
      cb();
    },
    destroy(err, cb) {
      onEnd();
      cb(err);
    },
  });
  // what node:http asks of a socket
  Object.assign(d, {
    setTimeout: () => d,
    setNoDelay: () => d,
    setKeepAlive: () => d,
    remoteAddress: '127.0.0.1',
    remotePort: 0,
  });
  return d;
}

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
    const c = (pod.spec?.containers ?? []).find((x) => (x.ports ?? []).some((p) => p.containerPort === port));
    if (!c) {
      out.send(frame(2 * i + 1, refusedMessage(pod, port)));
      return;
    }
    open++;
    let done = false;
    const sock = channelSocket(out, 2 * i, () => {
      if (done) return;
      done = true;
      ended();
    });
    conns.set(2 * i, sock);
    const flavour = flavourOf(c.image ?? '', port);
    if (flavour === 'redis') serveRedis(sock);
    else if (flavour === 'silent') serveSilent(sock);
    else
      serveConnection(
        fakeWebServer({
          pod: pod.metadata.name ?? '',
          namespace: pod.metadata.namespace ?? 'default',
          container: c.name,
          image: c.image ?? '',
          port,
        }),
        sock,
      );
  });
  if (open === 0) out.close(1000);
  onFrames(ws, (ch, body) => conns.get(ch)?.push(Buffer.from(body)));
  ws.on('close', () => {
    for (const s of conns.values()) s.destroy();
  });
}
