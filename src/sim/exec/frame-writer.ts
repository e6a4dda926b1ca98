// Frame-by-frame output for the streaming subresources. A real API server relays what the kubelet
// sends one WebSocket frame per write, so each frame reaches the client in its own TLS record. Frames
// written in one tick would be coalesced by Node (writev) into one record, and some clients read one
// frame and then wait on the socket's file descriptor while the next frame already sits, decrypted, in
// their TLS buffer (python-kubernetes 22.6 with websocket-client: kubernetes-client/python issue 2414;
// its exec hangs until its timeout and its port-forward never sees the error channel). So every frame,
// the close frame included, waits until the previous write has reached the socket, and the first one
// waits for the `101 Switching Protocols` response itself.

import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

export interface FrameWriter {
  /** Queue one frame; `done` runs once it was written (or dropped because the socket went away). */
  send(data: Buffer, done?: () => void): void;
  /** Close with `code` after every queued frame; later sends are dropped. */
  close(code: number): void;
  /** True until close() was asked for or the socket is no longer open. */
  open(): boolean;
}

type Item = { data: Buffer; done: (() => void) | undefined } | { close: number };

/**
 * The writer for one upgraded connection. `socket` is the connection the upgrade happened on: an
 * empty write on it completes once the handshake response has been written out.
 */
export function frameWriter(ws: WebSocket, socket: Duplex): FrameWriter {
  const queue: Item[] = [];
  let busy = true;
  let closing = false;
  const pump = (): void => {
    while (!busy) {
      const item = queue.shift();
      if (!item) return;
      if ('close' in item) {
        if (ws.readyState === ws.OPEN) ws.close(item.close);
        flush();
        return;
      }
      if (ws.readyState !== ws.OPEN) {
        item.done?.();
        continue;
      }
      busy = true;
      ws.send(item.data, () => {
        busy = false;
        item.done?.();
        pump();
      });
    }
  };
  /** Run the callbacks of frames that will never be written. */
  const flush = (): void => {
    for (const item of queue.splice(0)) if ('data' in item) item.done?.();
  };
  ws.once('close', () => {
    busy = false;
    pump();
    flush();
  });
  const start = (): void => {
    busy = false;
    pump();
  };
  if (socket.writable) socket.write(Buffer.alloc(0), start);
  else start();
  return {
    send(data, done) {
      if (closing) {
        done?.();
        return;
      }
      queue.push({ data, done });
      pump();
    },
    close(code) {
      if (closing) return;
      closing = true;
      queue.push({ close: code });
      pump();
    },
    open: () => !closing && ws.readyState === ws.OPEN,
  };
}
