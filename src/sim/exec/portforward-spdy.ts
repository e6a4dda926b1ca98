// kubectl's port-forward protocol (`portforward.k8s.io`) over SPDY, as the kubelet serves it
// (pkg/kubelet/cri/streaming/portforward/httpstream.go): for every local connection kubectl opens an
// `error` stream and then a `data` stream, both with headers `streamtype`, `port` and `requestid`. Once
// both of a request id are there the data stream is connected to what listens on the port (pod-port.ts);
// when that connection ends both streams are closed. A refused port gets the kubelet's error written on
// the error stream (kubectl prints it and drops the whole connection: `lost connection to pod`).

import type { Pod } from '../../util/k8s.js';
import { memorySocket, refusedMessage, servePort } from './pod-port.js';
import { spdySession } from './spdy/session.js';
import type { ByteTransport, SpdySession, SpdyStream } from './spdy/session.js';

interface Pair {
  error?: SpdyStream;
  data?: SpdyStream;
}

/** The stream's problem, as httpStreamReceived words it, or undefined when its headers are fine. */
function checkHeaders(s: SpdyStream): string | undefined {
  const port = s.header('port');
  if (!port) return '"port" header is required';
  const n = Number(port);
  if (!/^\d+$/.test(port) || n > 65535) return `unable to parse "${port}" as a port`;
  if (n < 1) return `port "${port}" must be > 0`;
  const type = s.header('streamtype');
  if (!type) return '"streamtype" header is required';
  if (type !== 'error' && type !== 'data') return `invalid stream type "${type}"`;
  return undefined;
}

/** Older clients send no request id: the kubelet derives one from the stream ids (error n, data n+2). */
function requestId(s: SpdyStream): string {
  const id = s.header('requestid');
  if (id) return id;
  return String(s.header('streamtype') === 'data' ? s.id - 2 : s.id);
}

function forward(pod: Pod, error: SpdyStream, data: SpdyStream): void {
  const port = Number(data.header('port'));
  const sock = memorySocket(
    (chunk, done) => data.write(chunk, done),
    () => {
      data.close();
      error.close();
    },
  );
  if (!servePort(pod, port, sock)) {
    // the kubelet: the forwarder's error on the error stream, then both streams closed
    error.write(Buffer.from(refusedMessage(pod, port)));
    sock.destroy();
    return;
  }
  data.onData = (b) => sock.push(b);
  data.onEnd = () => sock.push(null);
  data.onGone = () => sock.destroy();
  error.onGone = () => sock.destroy();
}

/** Serve port-forward on a SPDY connection to `pod`; feed it the client's bytes. */
export function spdyPortForward(t: ByteTransport, pod: Pod): SpdySession {
  const pairs = new Map<string, Pair>();
  return spdySession(t, {
    check: checkHeaders,
    opened(s) {
      const id = requestId(s);
      const p = pairs.get(id) ?? {};
      const type = s.header('streamtype') === 'error' ? 'error' : 'data';
      if (p[type]) {
        const msg = `error processing stream for request ${id}: ${type} stream already assigned`;
        p.error?.write(Buffer.from(msg));
        s.reset();
        return;
      }
      p[type] = s;
      pairs.set(id, p);
      if (p.error && p.data) {
        pairs.delete(id);
        forward(pod, p.error, p.data);
      }
    },
  });
}
