// A tiny loopback API server for the log tests: `GET /api/v1/namespaces/ns/pods/<pod>/log` with
// timestamps, follow, previous, tailLines, sinceSeconds, sinceTime and limitBytes, plus `GET .../pods/<pod>`
// for the "will it run again" check. Faults: drop a follow stream after N lines (socket destroyed or a clean
// end), and answer a log request with a Status error.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { parseKubeconfig } from '../../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../../src/kube/kubeconfig.js';

export interface FakeLine {
  ts: string;
  text: string;
}

interface Follower {
  res: ServerResponse;
  key: string;
  timestamps: boolean;
  budget: number;
  drop: 'destroy' | 'end';
}

const BASE = Date.UTC(2026, 0, 1);

/** Canonical kubelet timestamp for `BASE + n` microseconds (fixed width, so strings sort by time). */
export function tsAt(n: number): string {
  const ms = BASE + Math.floor(n / 1000);
  const ns = (n % 1000) * 1000;
  return `${new Date(ms).toISOString().slice(0, 23)}${String(ns).padStart(6, '0')}Z`;
}

export class FakeLogServer {
  url = '';
  readonly logs = new Map<string, FakeLine[]>();
  readonly previous = new Map<string, FakeLine[]>();
  readonly requests: { path: string; query: URLSearchParams }[] = [];
  /** Pod phase and container state served by the pod GET. */
  running = true;
  /** Next follow connection(s): send this many lines, then drop. */
  dropAfter: { lines: number; how: 'destroy' | 'end' }[] = [];
  /** Next log request(s): answer with this Status. */
  fail: { code: number; message: string }[] = [];
  private readonly followers = new Set<Follower>();
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => this.handle(req, res));
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

  kubeconfig(): LoadedKubeconfig {
    const yaml = [
      'apiVersion: v1',
      'kind: Config',
      'current-context: fake',
      `clusters: [{name: fake, cluster: {server: "${this.url}", insecure-skip-tls-verify: true}}]`,
      'users: [{name: u, user: {token: tok-1234567890}}]',
      'contexts: [{name: fake, context: {cluster: fake, user: u, namespace: ns}}]',
    ].join('\n');
    const r = parseKubeconfig(yaml);
    if (r.kind !== 'loaded') throw new Error('bad kubeconfig');
    return r.config;
  }

  /** Append a line to pod/container's log (sent to open follow streams). */
  write(pod: string, container: string, text: string, ts: string): void {
    const key = `${pod}/${container}`;
    const list = this.logs.get(key) ?? [];
    this.logs.set(key, list);
    const line = { ts, text };
    list.push(line);
    for (const f of this.followers) if (f.key === key) this.send(f, line);
  }

  get followerCount(): number {
    return this.followers.size;
  }

  /** End every open follow stream cleanly (as a server does after its stream timeout). */
  endFollowers(): void {
    for (const f of this.followers) f.res.end();
    this.followers.clear();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private send(f: Follower, line: FakeLine): void {
    f.res.write(f.timestamps ? `${line.ts} ${line.text}\n` : `${line.text}\n`);
    if (--f.budget > 0) return;
    this.followers.delete(f);
    this.drop(f.res, f.drop);
  }

  /** Drop a response once what was written has left (a lost write would make the test depend on timing). */
  private drop(res: ServerResponse, how: 'destroy' | 'end'): void {
    if (how === 'end') return void res.end();
    res.write('', () => res.socket?.destroy());
  }

  private status(res: ServerResponse, code: number, message: string): void {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code }));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const u = new URL(req.url ?? '/', 'http://x');
    this.requests.push({ path: u.pathname, query: u.searchParams });
    const m = /^\/api\/v1\/namespaces\/ns\/pods\/([^/]+)(\/log)?$/.exec(u.pathname);
    if (!m?.[1]) return this.status(res, 404, 'the server could not find the requested resource');
    const pod = m[1];
    const q = u.searchParams;
    const container = q.get('container') ?? 'c';
    const key = `${pod}/${container}`;
    if (!m[2]) {
      if (![...this.logs.keys()].some((k) => k.startsWith(`${pod}/`))) return this.status(res, 404, `pods "${pod}" not found`);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const state = this.running ? { running: { startedAt: tsAt(0) } } : { terminated: { exitCode: 0 } };
      res.end(JSON.stringify({ kind: 'Pod', metadata: { name: pod, namespace: 'ns' }, spec: { containers: [{ name: container }], restartPolicy: 'Never' }, status: { phase: this.running ? 'Running' : 'Succeeded', containerStatuses: [{ name: container, ready: true, restartCount: 0, state }] } }));
      return;
    }
    const failure = this.fail.shift();
    if (failure) return this.status(res, failure.code, failure.message);
    const previous = q.get('previous') === 'true';
    const source = previous ? this.previous.get(key) : this.logs.get(key);
    if (!source && previous) return this.status(res, 400, `previous terminated container "${container}" in pod "${pod}" not found`);
    if (!source) return this.status(res, 404, `pods "${pod}" not found`);
    let lines = source.slice();
    const since = q.get('sinceTime');
    if (since) lines = lines.filter((l) => l.ts >= since);
    const sinceSeconds = q.get('sinceSeconds');
    if (sinceSeconds) lines = lines.filter((l) => l.ts >= tsAt((Date.now() - BASE - Number(sinceSeconds) * 1000) * 1000));
    const tail = q.get('tailLines');
    if (tail !== null) lines = lines.slice(Math.max(0, lines.length - Number(tail)));
    const timestamps = q.get('timestamps') === 'true';
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    const follow = q.get('follow') === 'true' && !previous;
    const drop = follow ? this.dropAfter.shift() : undefined;
    const f: Follower = { res, key, timestamps, budget: drop?.lines ?? Infinity, drop: drop?.how ?? 'end' };
    let text = '';
    let limit = Number(q.get('limitBytes') ?? Infinity);
    for (const l of lines) {
      const s = timestamps ? `${l.ts} ${l.text}\n` : `${l.text}\n`;
      if (drop && f.budget-- <= 0) break;
      if (s.length > limit) {
        text += s.slice(0, limit);
        return void res.end(text);
      }
      limit -= s.length;
      text += s;
    }
    if (drop && f.budget <= 0) {
      res.write(text);
      return this.drop(res, drop.how);
    }
    if (!follow) return void res.end(text);
    res.write(text);
    this.followers.add(f);
    res.on('close', () => this.followers.delete(f));
  }
}
