// A tiny loopback API server for the data layer's tests: pods in memory with a global resourceVersion,
// event history with compaction (→ 410), paginated lists with expiring continue tokens, watches with
// bookmarks and timeouts, and fault injection (Status errors, dropped connections, silence, ERROR events).
import { createServer as createHttp } from 'node:http';
import type { IncomingMessage, ServerResponse, Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { Socket } from 'node:net';
import type { KObject, WatchEvent } from '../../src/util/k8s.js';

export type Fault =
  | { on: 'list' | 'watch'; kind: 'status'; code: number; reason?: string; message?: string }
  | { on: 'list' | 'watch'; kind: 'drop' }
  | { on: 'watch'; kind: 'silence' }
  | { on: 'watch'; kind: 'watch-error'; code: number; reason?: string }
  /** Send these events' worth of live traffic, then drop the socket. */
  | { on: 'watch'; kind: 'drop-after'; events: number };

interface HistoryEntry {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  obj: KObject;
}

interface Watcher {
  res: ServerResponse;
  ns: string | undefined;
  selector: [string, string][];
  budget: number; // events before a drop-after fault fires (Infinity = none)
}

export interface FakeApiServerOptions {
  tls?: { key: string; cert: string };
  token?: string;
  bookmarkMs?: number;
}

export class FakeApiServer {
  url = '';
  token: string;
  rv = 1;
  compactedRv = 0;
  readonly objects = new Map<string, KObject>();
  readonly history: HistoryEntry[] = [];
  readonly faults: Fault[] = [];
  readonly requests: { method: string; path: string; query: URLSearchParams; auth?: string }[] = [];
  readonly watchers = new Set<Watcher>();
  /** While true, writes are stored but not sent to open watches (a frozen connection). */
  paused = false;
  /** Called before each list request is answered (e.g. to compact between pages). */
  onList: ((q: URLSearchParams) => void) | undefined;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly bookmarkMs: number;
  private sortedKeys: string[] | undefined;

  constructor(private readonly opts: FakeApiServerOptions = {}) {
    this.token = opts.token ?? 'test-token-abcdef123456';
    this.bookmarkMs = opts.bookmarkMs ?? 0;
    const handler = (req: IncomingMessage, res: ServerResponse): void => this.handle(req, res);
    this.server = opts.tls ? createHttps({ key: opts.tls.key, cert: opts.tls.cert }, handler) : createHttp(handler);
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** Listen on 127.0.0.1, on `port` (default: a free one); rejects when the port is taken. */
  async listen(port = 0): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      const fail = (e: Error): void => reject(e);
      this.server.once('error', fail);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', fail);
        resolve();
      });
    });
    const addr = this.server.address();
    const bound = typeof addr === 'object' && addr ? addr.port : 0;
    this.url = `${this.opts.tls ? 'https' : 'http'}://127.0.0.1:${bound}`;
    return this;
  }

  kubeconfig(extraUser: Record<string, unknown> = {}): string {
    return [
      'apiVersion: v1',
      'kind: Config',
      'current-context: fake',
      'clusters:',
      `- name: fake`,
      `  cluster: {server: "${this.url}", insecure-skip-tls-verify: true}`,
      'users:',
      `- name: fake-user`,
      `  user: ${JSON.stringify({ token: this.token, ...extraUser })}`,
      'contexts:',
      `- name: fake`,
      `  context: {cluster: fake, user: fake-user, namespace: default}`,
    ].join('\n');
  }

  // ---- storage ----
  private write(type: HistoryEntry['type'], obj: KObject): KObject {
    const stamped = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } };
    const key = `${stamped.metadata.namespace ?? ''}/${stamped.metadata.name ?? ''}`;
    if (type === 'DELETED') this.objects.delete(key);
    else this.objects.set(key, stamped);
    if (type !== 'MODIFIED') this.sortedKeys = undefined;
    this.history.push({ rv: this.rv, type, obj: stamped });
    this.broadcast({ type, object: stamped }, stamped);
    return stamped;
  }
  create(obj: KObject): KObject {
    return this.write('ADDED', { kind: 'Pod', apiVersion: 'v1', ...obj });
  }
  update(obj: KObject): KObject {
    return this.write('MODIFIED', { kind: 'Pod', apiVersion: 'v1', ...obj });
  }
  delete(namespace: string, name: string): void {
    const cur = this.objects.get(`${namespace}/${name}`);
    if (cur) this.write('DELETED', cur);
  }
  /** Forget all history: watches and continue tokens from before now get 410. */
  compact(): void {
    this.compactedRv = this.rv;
    this.history.length = 0;
  }
  /** Bulk-load without history or broadcast (for big lists). */
  seed(objs: KObject[]): void {
    for (const o of objs) {
      const stamped = { kind: 'Pod', apiVersion: 'v1', ...o, metadata: { ...o.metadata, resourceVersion: String(++this.rv) } };
      this.objects.set(`${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`, stamped);
    }
    this.sortedKeys = undefined;
    this.compactedRv = this.rv;
  }

  // ---- HTTP ----
  private takeFault(on: 'list' | 'watch'): Fault | undefined {
    const i = this.faults.findIndex((f) => f.on === on);
    return i < 0 ? undefined : this.faults.splice(i, 1)[0];
  }

  private status(res: ServerResponse, code: number, reason: string, message: string): void {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const u = new URL(req.url ?? '/', 'http://x');
    this.requests.push({ method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, ...(req.headers.authorization ? { auth: req.headers.authorization } : {}) });
    if (req.headers.authorization !== `Bearer ${this.token}`) return this.status(res, 401, 'Unauthorized', 'Unauthorized');
    const m = /^\/api\/v1\/(?:namespaces\/([^/]+)\/)?pods$/.exec(u.pathname);
    if (!m) return this.status(res, 404, 'NotFound', `the server could not find the requested resource`);
    const ns = m[1];
    const selector = (u.searchParams.get('labelSelector') ?? '')
      .split(',')
      .filter(Boolean)
      .map((p) => p.split('=') as [string, string]);
    const watching = u.searchParams.get('watch') === 'true' || u.searchParams.get('watch') === '1';
    const fault = this.takeFault(watching ? 'watch' : 'list');
    if (fault?.kind === 'status') return this.status(res, fault.code, fault.reason ?? 'InternalError', fault.message ?? `injected ${fault.code}`);
    if (fault?.kind === 'drop') return void req.socket.destroy();
    if (!watching) {
      this.onList?.(u.searchParams);
      return this.list(res, ns, selector, u.searchParams);
    }
    this.watch(req, res, ns, selector, u.searchParams, fault);
  }

  private matches(o: KObject, ns: string | undefined, sel: [string, string][]): boolean {
    if (ns && o.metadata.namespace !== ns) return false;
    return sel.every(([k, v]) => o.metadata.labels?.[k] === v);
  }

  private list(res: ServerResponse, ns: string | undefined, sel: [string, string][], q: URLSearchParams): void {
    const limit = Number(q.get('limit') ?? 0);
    let start = 0;
    let listRv = this.rv;
    const cont = q.get('continue');
    if (cont) {
      const tok = JSON.parse(Buffer.from(cont, 'base64').toString()) as { rv: number; start: number };
      if (tok.rv < this.compactedRv) return this.status(res, 410, 'Expired', 'The provided continue parameter is too old to display a consistent list result.');
      start = tok.start;
      listRv = tok.rv;
    }
    this.sortedKeys ??= [...this.objects.keys()].sort();
    const items: KObject[] = [];
    let i = start;
    const keys = this.sortedKeys;
    for (; i < keys.length && (limit <= 0 || items.length < limit); i++) {
      const o = this.objects.get(keys[i] ?? '');
      if (o && this.matches(o, ns, sel)) items.push({ ...o, kind: undefined, apiVersion: undefined } as unknown as KObject);
    }
    const end = i;
    const more = end < keys.length;
    const metadata = { resourceVersion: String(listRv), ...(more ? { continue: Buffer.from(JSON.stringify({ rv: listRv, start: end })).toString('base64') } : {}) };
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata, items }));
  }

  private watch(req: IncomingMessage, res: ServerResponse, ns: string | undefined, sel: [string, string][], q: URLSearchParams, fault: Fault | undefined): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    if (fault?.kind === 'silence') return; // headers, then nothing, forever
    if (fault?.kind === 'watch-error') {
      const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `injected ${fault.code}`, reason: fault.reason ?? 'InternalError', code: fault.code };
      res.end(JSON.stringify({ type: 'ERROR', object: status }) + '\n');
      return;
    }
    const rvParam = q.get('resourceVersion');
    const from = rvParam ? Number(rvParam) : 0;
    if (from > 0 && from < this.compactedRv) {
      const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${from} (${this.compactedRv})`, reason: 'Expired', code: 410 };
      res.end(JSON.stringify({ type: 'ERROR', object: status }) + '\n');
      return;
    }
    const w: Watcher = { res, ns, selector: sel, budget: fault?.kind === 'drop-after' ? fault.events : Infinity };
    let out = '';
    if (from === 0) {
      for (const o of this.objects.values()) {
        if (this.matches(o, ns, sel)) out += JSON.stringify({ type: 'ADDED', object: o }) + '\n';
      }
    } else {
      for (const h of this.history) {
        if (h.rv > from && this.matches(h.obj, ns, sel)) out += JSON.stringify({ type: h.type, object: h.obj }) + '\n';
      }
    }
    if (out) res.write(out);
    this.watchers.add(w);
    const timers: NodeJS.Timeout[] = [];
    const timeout = Number(q.get('timeoutSeconds') ?? 0);
    if (timeout > 0) timers.push(setTimeout(() => res.end(), timeout * 1000));
    if (this.bookmarkMs > 0 && q.get('allowWatchBookmarks') === 'true') {
      timers.push(setInterval(() => res.write(JSON.stringify({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: String(this.rv) } } }) + '\n'), this.bookmarkMs));
    }
    for (const t of timers) this.timers.add(t);
    res.on('close', () => {
      this.watchers.delete(w);
      for (const t of timers) {
        clearTimeout(t);
        this.timers.delete(t);
      }
    });
    void req;
  }

  private broadcast(ev: WatchEvent, obj: KObject): void {
    if (this.paused) return;
    const line = JSON.stringify(ev) + '\n';
    for (const w of this.watchers) {
      if (w.res.writableEnded || !this.matches(obj, w.ns, w.selector)) continue;
      if (w.budget <= 0) {
        w.res.socket?.destroy();
        continue;
      }
      w.budget--;
      w.res.write(line);
    }
  }

  /** Cut every open watch (clean end of the chunked body). */
  endWatches(): void {
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
  }
  /** Destroy every open socket (abrupt). */
  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.dropConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

export function pod(name: string, namespace = 'default', extra: Partial<KObject['metadata']> = {}, phase = 'Running'): KObject {
  return { metadata: { name, namespace, uid: `uid-${namespace}-${name}`, ...extra }, spec: { containers: [{ name: 'c', image: 'nginx' }] }, status: { phase } } as KObject;
}
