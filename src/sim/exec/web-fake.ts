// What a simulated container serves on a port, for port-forward: an HTTP server that never listens
// and is fed in-memory connections. `/` (and `/index.html`) answer a small page naming the pod,
// container and port; `/healthz`, `/readyz`, `/livez` answer `ok`; anything else 404.

import { http } from './node-http.js';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

export interface Served {
  pod: string;
  namespace: string;
  container: string;
  image: string;
  port: number;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

export function fakeWebServer(s: Served): Server {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const send = (code: number, type: string, body: string): void => {
      res.writeHead(code, {
        'Content-Type': type,
        'Content-Length': Buffer.byteLength(body),
        Server: 'kubedeck-sim',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (path === '/healthz' || path === '/readyz' || path === '/livez') return send(200, 'text/plain', 'ok');
    if (path === '/' || path === '/index.html')
      return send(
        200,
        'text/html; charset=utf-8',
        `<!doctype html>\n<html><head><title>${escapeHtml(s.pod)}</title></head><body>\n` +
          `<h1>Hello from ${escapeHtml(s.pod)}</h1>\n` +
          `<p>namespace ${escapeHtml(s.namespace)}, container ${escapeHtml(s.container)} (${escapeHtml(s.image)}), port ${s.port}</p>\n` +
          `</body></html>\n`,
      );
    send(404, 'text/plain', '404 page not found\n');
  });
  server.keepAliveTimeout = 5000;
  return server;
}

/** Serve one in-memory connection. */
export function serveConnection(server: Server, conn: Duplex): void {
  server.emit('connection', conn);
}
