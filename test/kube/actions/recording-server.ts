// A loopback HTTP server for action tests: canned answers per `METHOD path`, and a record of every
// request (method, path, query, content type, parsed body) so tests can assert exactly what went out.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { parseKubeconfig } from '../../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../../src/kube/kubeconfig.js';
import { createTransport } from '../../../src/kube/transport.js';
import type { Transport } from '../../../src/kube/transport.js';

export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  body: unknown;
}

export interface Reply {
  status?: number;
  body?: unknown;
}

export type Responder = Reply | ((req: Recorded) => Reply);

export function statusBody(code: number, reason: string, message: string): Reply {
  return { status: code, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code } };
}

export class RecordingServer {
  url = '';
  readonly requests: Recorded[] = [];
  private readonly routes = new Map<string, Responder>();
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    const addr = this.server.address();
    this.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    return this;
  }

  /** Answer `METHOD path` (path without query) with a fixed reply or a function of the request. */
  on(method: string, path: string, r: Responder): this {
    this.routes.set(`${method} ${path}`, r);
    return this;
  }

  reset(): void {
    this.requests.length = 0;
    this.routes.clear();
  }

  /** The requests other than GET. */
  writes(): Recorded[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  async transport(readOnly = false): Promise<Transport> {
    const yaml = [
      'apiVersion: v1',
      'kind: Config',
      'current-context: rec',
      'clusters:',
      `- {name: rec, cluster: {server: "${this.url}", insecure-skip-tls-verify: true}}`,
      'users:',
      '- {name: rec, user: {token: recording-token-123456}}',
      'contexts:',
      '- {name: rec, context: {cluster: rec, user: rec, namespace: default}}',
    ].join('\n');
    const load = parseKubeconfig(yaml);
    if (load.kind !== 'loaded') throw new Error('kubeconfig did not load');
    return createTransport((load as { config: LoadedKubeconfig }).config, undefined, { readOnly });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const u = new URL(req.url ?? '/', 'http://x');
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const rec: Recorded = { method: req.method ?? 'GET', path: u.pathname, query: Object.fromEntries(u.searchParams), contentType: req.headers['content-type'], body };
    this.requests.push(rec);
    const route = this.routes.get(`${rec.method} ${rec.path}`);
    const reply = route === undefined ? statusBody(404, 'NotFound', `the server could not find the requested resource (${rec.method} ${rec.path})`) : typeof route === 'function' ? route(rec) : route;
    res.writeHead(reply.status ?? 200, { 'Content-Type': 'application/json' });
    res.end(reply.body === undefined ? '{}' : JSON.stringify(reply.body));
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
