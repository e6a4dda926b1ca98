// Answers to an upgrade request that will not be upgraded, written on the raw socket: a JSON Status
// like the API server's, or the kubelet's plain-text errors (which the API server passes through).

import type { Duplex } from 'node:stream';
import { http } from './node-http.js';
import { statusObject } from '../server/http-util.js';
import type { Reason } from '../server/http-util.js';

function write(socket: Duplex, code: number, contentType: string, body: string): void {
  if (socket.destroyed) return;
  socket.on('error', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${code} ${http.STATUS_CODES[code] ?? 'Error'}\r\n` +
      `Content-Type: ${contentType}\r\nCache-Control: no-cache, private\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function rejectStatus(
  socket: Duplex,
  code: number,
  reason: Reason,
  message: string,
  details?: { name?: string; kind?: string },
): void {
  write(socket, code, 'application/json', JSON.stringify(statusObject(code, reason, message, details)));
}

/** The kubelet's way: `http.Error` with the plain message (kubectl prints `unable to upgrade connection: …`). */
export function rejectText(socket: Duplex, code: number, message: string): void {
  write(socket, code, 'text/plain; charset=utf-8', `${message}\n`);
}
