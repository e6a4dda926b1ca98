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

/** What the container's web server answers for `path` (port-forward and the proxy subresources). */
export function webResponse(s: Served, path: string): { code: number; type: string; body: string } {
  const p = path.split('?')[0] ?? '/';
  const r = (code: number, type: string, body: string) => ({ code, type, body });
  if (p === '/healthz' || p === '/readyz' || p === '/livez') return r(200, 'text/plain', 'ok');
  if (p === '/' || p === '/index.html')
    return r(
      200,
      'text/html; charset=utf-8',
      `<!doctype html>\n<html><head><title>${escapeHtml(s.pod)}</title></head><body>\n` +
        `<h1>Hello from ${escapeHtml(s.pod)}</h1>\n` +
        `<p>namespace ${escapeHtml(s.namespace)}, container ${escapeHtml(s.container)} (${escapeHtml(s.image)}), port ${s.port}</p>\n` +
        `</body></html>\n`,
    );
  return r(404, 'text/plain', '404 page not found\n');
}

export function fakeWebServer(s: Served): Server {
  const server = http.createServer((req, res) => {
    const out = webResponse(s, req.url ?? '/');
    res.writeHead(out.code, {
      'Content-Type': out.type,
      'Content-Length': Buffer.byteLength(out.body),
      Server: 'kubedeck-sim',
    });
    res.end(req.method === 'HEAD' ? undefined : out.body);
  });
  server.keepAliveTimeout = 5000;
  return server;
}

/** Serve one in-memory connection. */
export function serveConnection(server: Server, conn: Duplex): void {
  server.emit('connection', conn);
}
