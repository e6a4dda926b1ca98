// One TCP connection forwarded to a pod's port over the v4 channel protocol (client-node's way; kubectl
// uses SPDY): channel 0 carries our bytes, the server's first frame on channels 0 and 1 starts with the
// port (2 bytes, little-endian), channel 1 carries the kubelet's error text. One WebSocket per connection.
import type { Socket } from 'node:net';
import type { RawData } from 'ws';
import type { Transport } from '../transport.js';
import { KubeError, toKubeError } from '../errors.js';
import { PORT_FORWARD_PROTOCOLS, frame } from '../exec/channel.js';
import { openPodSocket } from '../exec/socket.js';

export interface TunnelTarget {
  namespace: string;
  pod: string;
  port: number;
}

function toBuffer(d: RawData): Buffer {
  if (Buffer.isBuffer(d)) return d;
  if (Array.isArray(d)) return Buffer.concat(d);
  return Buffer.from(d);
}

/**
 * Open the WebSocket for one connection. Rejects (KubeError) when the upgrade fails — the pod is gone or not
 * running — so that the caller can re-target and retry before any byte of the client's was consumed.
 */
export async function openTunnel(transport: Transport, t: TunnelTarget): Promise<(socket: Socket) => Promise<KubeError | undefined>> {
  const ws = await openPodSocket(transport, t.namespace, t.pod, 'portforward', { ports: String(t.port) }, PORT_FORWARD_PROTOCOLS);
  return (socket) =>
    new Promise<KubeError | undefined>((resolve) => {
      const needsPort = [true, true];
      let failure: KubeError | undefined;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        socket.end();
        if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1000);
        resolve(failure);
      };
      ws.on('message', (raw: RawData) => {
        const data = toBuffer(raw);
        const channel = data[0] ?? 255;
        let body = data.subarray(1);
        if (channel > 1) return;
        if (needsPort[channel]) {
          if (body.length < 2) return; // the port alone
          needsPort[channel] = false;
          body = body.subarray(2);
          if (body.length === 0) return;
        }
        if (channel === 0) socket.write(body);
        else {
          failure = new KubeError('Server', body.toString('utf8').trim() || `forwarding port ${t.port} failed`);
          finish();
        }
      });
      ws.on('close', finish);
      ws.on('error', (e) => {
        failure = toKubeError(e);
        finish();
      });
      socket.on('data', (d: Buffer) => {
        if (ws.readyState === ws.OPEN) ws.send(frame(0, d));
      });
      socket.on('end', finish);
      socket.on('close', finish);
      socket.on('error', finish);
    });
}

/**
 * Open one tunnel upgrade and close it at once: rejects (KubeError) as a real connection would, so a user
 * who may not create pods/portforward hears it when the forward starts, not on every connection after.
 */
export async function probeTunnel(transport: Transport, t: TunnelTarget): Promise<void> {
  const ws = await openPodSocket(transport, t.namespace, t.pod, 'portforward', { ports: String(t.port) }, PORT_FORWARD_PROTOCOLS);
  ws.on('error', () => undefined);
  ws.close(1000);
}
