// What answers on a pod's port, for both port-forward protocols (WebSocket v4 in portforward.ts, SPDY
// in portforward-spdy.ts): a port some container of the pod declares is served in memory (HTTP from
// web-fake.ts, or Redis or a silent database port from tcp-fake.ts); any other port is refused with
// the kubelet's (containerd's) words.

import { createHash } from 'node:crypto';
import { Duplex } from 'node:stream';
import type { Pod } from '../../util/k8s.js';
import { flavourOf, serveRedis, serveSilent } from './tcp-fake.js';
import { fakeWebServer, serveConnection } from './web-fake.js';

const hex = (s: string): string => createHash('sha256').update(s).digest('hex');

/** The kubelet's error for a port nothing listens on inside the pod (written on the error stream). */
export function refusedMessage(pod: Pod, port: number): string {
  const sandbox = hex(`sandbox/${pod.metadata.uid ?? pod.metadata.name ?? ''}`);
  const h = hex(`netns/${pod.metadata.uid ?? ''}`);
  const netns = `cni-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  return (
    `error forwarding port ${port} to pod ${sandbox}, uid : failed to execute portforward in network namespace ` +
    `"/var/run/netns/${netns}": failed to connect to localhost:${port} inside namespace "${sandbox}", ` +
    `IPv4: dial tcp 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp [::1]:${port}: connect: connection refused `
  );
}

/**
 * An in-memory TCP connection: what the server writes goes to `send`; the owner pushes what the client
 * sends (`push(buf)`, `push(null)` for its end). `onEnd` runs once, when the server side ends or the
 * socket is destroyed.
 */
export function memorySocket(send: (chunk: Buffer, done: () => void) => void, onEnd: () => void): Duplex {
  let ended = false;
  const once = (): void => {
    if (ended) return;
    ended = true;
    onEnd();
  };
  const d = new Duplex({
    read() {
      /* pushed by the owner */
    },
    write(chunk: Buffer, _enc, cb) {
      send(chunk, () => cb());
    },
    final(cb) {
      once();
      cb();
    },
    destroy(err, cb) {
      once();
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

/** Connect `sock` to what listens on `port` in the pod; false when nothing does (refused). */
export function servePort(pod: Pod, port: number, sock: Duplex): boolean {
  const c = (pod.spec?.containers ?? []).find((x) => (x.ports ?? []).some((p) => p.containerPort === port));
  if (!c) return false;
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
  return true;
}
