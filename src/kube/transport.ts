// Raw HTTP to the API server with the kubeconfig's auth and TLS, via one client-node KubeConfig per context.
// client-node (≈0.5 s to import) and undici are loaded lazily, on the first createTransport call.
//
// Per request: `RequestContext` → `kc.applySecurityAuthentication(ctx)` (re-applied every time so exec-plugin
// and OIDC credentials refresh) → undici `fetch` with the context's headers and a dispatcher we own.
// client-node builds a fresh undici Agent on every call (no connection reuse, idle sockets linger) with
// undici's 10 s connect timeout; we hook its dispatcher factory to keep one Agent per distinct TLS setup,
// with a short connect timeout so an unreachable server is reported in ~1.5 s.
import { createHash } from 'node:crypto';
import type { AgentOptions } from 'node:https';
import type { Cluster, KubeConfig } from '@kubernetes/client-node';
import type { Dispatcher } from 'undici';
import type * as ClientNodeModule from '@kubernetes/client-node';
import type * as UndiciModule from 'undici';
import { clientNodeOptions } from './client-config.js';
import { KubeError, fromHttpResponse, redactSecrets, toKubeError } from './errors.js';
import type { LoadedKubeconfig } from './kubeconfig.js';
import { LineSplitter } from './lines.js';

export type HttpVerb = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | undefined | readonly string[];
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  method?: HttpVerb;
  query?: Query;
  /** A string or bytes are sent as they are; anything else as JSON. */
  body?: unknown;
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
  /** Whole-request deadline; default 60 s, 0 for none. */
  timeoutMs?: number;
}

export interface StreamOptions {
  query?: Query;
  accept?: string;
  signal?: AbortSignal;
  /** Abort with a Timeout KubeError when no bytes arrive for this long; default none. */
  idleTimeoutMs?: number;
  /** Called once the response headers (2xx) have arrived. */
  onOpen?: () => void;
}

export interface Transport {
  /** Server URL without a trailing slash. */
  readonly server: string;
  readonly context: string;
  /** The context's namespace, or `default`. */
  readonly namespace: string;
  readonly readOnly: boolean;
  /** JSON request; resolves to the parsed body (undefined when empty), rejects only with KubeError. */
  request<T>(path: string, opts?: RequestOptions): Promise<T>;
  /** Same, but the body as text (logs, YAML). */
  requestText(path: string, opts?: RequestOptions): Promise<string>;
  /** A long-lived response as lines. Errors (also before the first line) are thrown as KubeError. */
  stream(path: string, opts?: StreamOptions): AsyncIterable<string>;
  /** Same, but one array of complete lines per network chunk (lets callers apply a chunk as one batch). */
  streamBatches(path: string, opts?: StreamOptions): AsyncIterable<string[]>;
  /** The underlying client-node KubeConfig (for exec, attach, port-forward over WebSocket). */
  readonly kubeConfig: KubeConfig;
  /** Abort everything in flight and close all sockets. */
  close(): Promise<void>;
}

export interface TransportOptions {
  /** Refuse every mutating request (POST/PUT/PATCH/DELETE) before it leaves the process. */
  readOnly?: boolean;
  /** TCP + TLS connect deadline; default 1500 ms. */
  connectTimeoutMs?: number;
  userAgent?: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** POSTs that do not mutate anything and stay allowed in read-only mode. */
const READ_ONLY_POSTS = /^\/apis\/authorization\.k8s\.io\/v1\/(self|local)?subjectaccessreviews|selfsubjectrulesreviews/;

export function buildUrl(server: string, path: string, query?: Query): string {
  let url = server + (path.startsWith('/') ? path : `/${path}`);
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === '') continue;
      if (Array.isArray(v)) for (const item of v as readonly string[]) qs.append(k, item);
      else qs.append(k, String(v));
    }
    const s = qs.toString();
    if (s) url += (url.includes('?') ? '&' : '?') + s;
  }
  return url;
}

/** Build the transport for one context. Rejects only with KubeError (reason Config for kubeconfig trouble). */
export async function createTransport(
  loaded: LoadedKubeconfig,
  contextName?: string,
  opts: TransportOptions = {},
): Promise<Transport> {
  const o = clientNodeOptions(loaded, contextName);
  if (o instanceof KubeError) throw o;
  try {
    const [cn, undici] = await Promise.all([import('@kubernetes/client-node'), import('undici')]);
    const kc = new cn.KubeConfig();
    kc.loadFromOptions({ clusters: o.clusters, users: o.users, contexts: o.contexts, currentContext: o.currentContext });
    const cluster = o.clusters[0];
    if (cluster?.server.startsWith('http:') && !cluster.skipTLSVerify) {
      throw new KubeError('Config', `cluster "${cluster.name}": plain http:// needs insecure-skip-tls-verify: true`);
    }
    return new HttpTransport(kc, cn, undici, o.server, o.currentContext, o.namespace, opts);
  } catch (e) {
    throw toKubeError(e);
  }
}

type ClientNode = typeof ClientNodeModule;
type Undici = typeof UndiciModule;
type DispatcherFactory = (cluster: Cluster | null, agentOptions: AgentOptions) => Dispatcher | undefined;

class HttpTransport implements Transport {
  readonly readOnly: boolean;
  private readonly dispatchers = new Map<string, Dispatcher>();
  private readonly closer = new AbortController();
  private authChain: Promise<unknown> = Promise.resolve();
  /** Credentials seen in our own headers, scrubbed from every error we hand out. */
  private readonly secrets = new Set<string>();
  private readonly userAgent: string;
  private readonly connectTimeoutMs: number;

  constructor(
    readonly kubeConfig: KubeConfig,
    private readonly cn: ClientNode,
    private readonly undici: Undici,
    readonly server: string,
    readonly context: string,
    readonly namespace: string,
    opts: TransportOptions,
  ) {
    this.readOnly = opts.readOnly ?? false;
    this.userAgent = opts.userAgent ?? 'kubedeck';
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 1500;
    const original = Reflect.get(kubeConfig, 'createDispatcher') as unknown;
    const fallback = typeof original === 'function' ? (original.bind(kubeConfig) as DispatcherFactory) : undefined;
    const hook: DispatcherFactory = (cluster, agentOptions) => this.dispatcherFor(cluster, agentOptions, fallback);
    Reflect.set(kubeConfig, 'createDispatcher', hook);
  }

  async request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    const text = await this.requestText(path, { accept: 'application/json', ...opts });
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new KubeError('Server', `invalid JSON from ${path.split('?')[0]}: ${text.slice(0, 80)}`);
    }
  }

  async requestText(path: string, opts: RequestOptions = {}): Promise<string> {
    const method = opts.method ?? 'GET';
    this.checkAllowed(method, path);
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const signals = [this.closer.signal];
    if (opts.signal) signals.push(opts.signal);
    if (timeoutMs > 0) signals.push(AbortSignal.timeout(timeoutMs));
    const signal = AbortSignal.any(signals);
    try {
      const url = buildUrl(this.server, path, opts.query);
      const { headers, dispatcher } = await this.prepare(url, method);
      headers['Accept'] = opts.accept ?? 'application/json';
      let body: string | Uint8Array | undefined;
      if (opts.body !== undefined) {
        body = typeof opts.body === 'string' || opts.body instanceof Uint8Array ? opts.body : JSON.stringify(opts.body);
        headers['Content-Type'] = opts.contentType ?? 'application/json';
      }
      signal.throwIfAborted();
      const res = await this.undici.fetch(url, { method, headers, body, dispatcher, signal });
      const text = await res.text();
      if (!res.ok) throw fromHttpResponse(res.status, res.statusText, text);
      return text;
    } catch (e) {
      throw this.abortReason(signal, e);
    }
  }

  async *stream(path: string, opts: StreamOptions = {}): AsyncIterable<string> {
    for await (const batch of this.streamBatches(path, opts)) yield* batch;
  }

  async *streamBatches(path: string, opts: StreamOptions = {}): AsyncIterable<string[]> {
    this.checkAllowed('GET', path);
    const idle = new AbortController();
    const signals = [this.closer.signal, idle.signal];
    if (opts.signal) signals.push(opts.signal);
    const signal = AbortSignal.any(signals);
    const idleMs = opts.idleTimeoutMs ?? 0;
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      if (idleMs <= 0) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => idle.abort(new KubeError('Timeout', `no data from the server for ${Math.round(idleMs / 1000)}s`)), idleMs);
    };
    try {
      const url = buildUrl(this.server, path, opts.query);
      const { headers, dispatcher } = await this.prepare(url, 'GET');
      headers['Accept'] = opts.accept ?? 'application/json';
      arm();
      signal.throwIfAborted();
      const res = await this.undici.fetch(url, { headers, dispatcher, signal });
      if (!res.ok) throw fromHttpResponse(res.status, res.statusText, await res.text());
      opts.onOpen?.();
      arm();
      const splitter = new LineSplitter();
      if (res.body) {
        for await (const chunk of res.body) {
          arm();
          const lines = splitter.push(chunk);
          if (lines.length > 0) yield lines;
        }
      }
      const last = splitter.end();
      if (last.length > 0) yield last;
    } catch (e) {
      throw this.abortReason(signal, e);
    } finally {
      if (timer) clearTimeout(timer);
      // a consumer that stopped early leaves the body unread: abort releases the socket
      idle.abort(new KubeError('Aborted', 'stream closed'));
    }
  }

  async close(): Promise<void> {
    this.closer.abort(new KubeError('Aborted', 'transport closed'));
    const all = [...this.dispatchers.values()];
    this.dispatchers.clear();
    await Promise.allSettled(all.map((d) => d.destroy()));
  }

  private checkAllowed(method: HttpVerb, path: string): void {
    if (this.closer.signal.aborted) throw new KubeError('Aborted', 'transport closed');
    if (this.readOnly && method !== 'GET' && !(method === 'POST' && READ_ONLY_POSTS.test(path))) {
      throw new KubeError('Forbidden', `read-only mode: ${method} ${path.split('?')[0]} refused`);
    }
  }

  /** The KubeError that explains an abort (idle timeout, close) rather than a bare AbortError. */
  private abortReason(signal: AbortSignal, e: unknown): KubeError {
    const k = signal.aborted && signal.reason instanceof KubeError ? signal.reason : toKubeError(e);
    return redactSecrets(k, this.secrets);
  }

  private remember(headers: Record<string, string>): void {
    const auth = headers['Authorization'] ?? headers['authorization'];
    if (!auth || this.secrets.has(auth)) return;
    if (this.secrets.size > 16) this.secrets.clear();
    this.secrets.add(auth);
    const cred = auth.replace(/^(Bearer|Basic)\s+/i, '');
    this.secrets.add(cred);
    if (/^Basic\s/i.test(auth)) {
      const pw = Buffer.from(cred, 'base64').toString('utf8').split(':').slice(1).join(':');
      if (pw) this.secrets.add(pw);
    }
  }

  private async prepare(url: string, method: HttpVerb): Promise<{ headers: Record<string, string>; dispatcher: Dispatcher }> {
    const ctx = new this.cn.RequestContext(url, method);
    // serialised so that N reflectors starting together run an exec plugin once, not N times
    const run = this.authChain.then(() => this.kubeConfig.applySecurityAuthentication(ctx));
    this.authChain = run.catch(() => undefined);
    try {
      await run;
    } catch (e) {
      const k = toKubeError(e);
      if (k.reason === 'Config') throw k;
      throw new KubeError('Unauthorized', `getting credentials: ${k.detail}`, { cause: e });
    }
    const headers = { ...ctx.getHeaders(), 'User-Agent': this.userAgent };
    this.remember(headers);
    const dispatcher = ctx.getDispatcher() ?? this.dispatcherFor(null, {}, undefined);
    if (!dispatcher) throw new KubeError('Config', 'no HTTP dispatcher');
    return { headers, dispatcher };
  }

  /** One undici Agent per distinct TLS/proxy setup, with our connect timeout and no body timeout. */
  private dispatcherFor(cluster: Cluster | null, agentOptions: AgentOptions, fallback: DispatcherFactory | undefined): Dispatcher | undefined {
    const spec = this.kubeConfig.createDispatcherOptions(cluster, agentOptions);
    const key = `${spec.type}:${fingerprint(spec)}`;
    const cached = this.dispatchers.get(key);
    if (cached) return cached;
    const timeouts = { headersTimeout: 120_000, bodyTimeout: 0 };
    let d: Dispatcher | undefined;
    if (spec.type === 'none') {
      d = new this.undici.Agent({ connect: { timeout: this.connectTimeoutMs }, ...timeouts });
    } else if (spec.type === 'agent') {
      d = new this.undici.Agent({ connect: { ...spec.connect, timeout: this.connectTimeoutMs }, ...timeouts });
    } else if (spec.type === 'proxy') {
      d = new this.undici.ProxyAgent({
        uri: spec.uri,
        requestTls: spec.requestTls,
        connect: { ...spec.connect, timeout: this.connectTimeoutMs },
        ...timeouts,
      });
    } else {
      d = fallback?.(cluster, agentOptions); // socks: client-node's own connector
    }
    if (d) this.dispatchers.set(key, d);
    return d;
  }
}

function fingerprint(v: unknown): string {
  const h = createHash('sha256');
  const walk = (x: unknown): void => {
    if (x === undefined || x === null) h.update('~');
    else if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') h.update(`${typeof x}:${String(x)};`);
    else if (x instanceof Uint8Array) h.update(x);
    else if (Array.isArray(x)) for (const i of x) walk(i);
    else if (typeof x === 'object') {
      for (const k of Object.keys(x).sort()) {
        h.update(`${k}=`);
        walk((x as Record<string, unknown>)[k]);
      }
    }
  };
  walk(v);
  return h.digest('base64url').slice(0, 22);
}
