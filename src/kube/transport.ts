// Raw HTTP to the API server with the kubeconfig's auth and TLS, via one client-node KubeConfig per context.
// client-node (≈0.5 s to import) and undici are loaded lazily, on the first createTransport call; of
// client-node only what client-node.ts names (KubeConfig, RequestContext) is bundled.
//
// Per request: `RequestContext` → `kc.applySecurityAuthentication(ctx)` (re-applied every time so exec-plugin
// and OIDC credentials refresh) → undici `fetch` with the context's headers and a dispatcher we own.
// client-node builds a fresh undici Agent on every call (no connection reuse, idle sockets linger) with
// undici's 10 s connect timeout; we hook its dispatcher factory to keep one Agent per distinct TLS setup,
// with kubectl's timeouts (30 s to connect, 10 s for the TLS handshake, 32 s for an answer).
import { STATUS_CODES } from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Dispatcher } from 'undici';
import type * as ClientNodeModule from './client-node.js';
import type { RequestContext } from './client-node.js';
import type * as UndiciModule from 'undici';
import { clientNodeOptions } from './client-config.js';
import type { ClientNodeOptions } from './client-config.js';
import { KubeError, fromHttpResponse, toKubeError } from './errors.js';
import type { LoadedKubeconfig } from './kubeconfig.js';
import { DispatcherPool, buildUrl, raceAbort } from './http-pool.js';
import type { Query } from './http-pool.js';
import { LineSplitter } from './lines.js';
import { ExecAuthenticator, execClusterInfo, useExecAuthenticator } from './exec-auth.js';
import { SentCredentials } from './credentials.js';
import { TLS_HANDSHAKE_TIMEOUT, TLS_HANDSHAKE_TIMEOUT_MS } from './connector.js';

export { buildUrl } from './http-pool.js';
export type { Query } from './http-pool.js';

type HttpVerb = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

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
  /** A GET's body as decoded text, chunk by chunk as it arrives (a big list page read while it comes). */
  streamText?(path: string, opts?: StreamOptions): AsyncIterable<string>;
  /** The underlying client-node KubeConfig (for exec, attach, port-forward over WebSocket). */
  readonly kubeConfig: KubeConfig;
  /** Abort everything in flight and close all sockets. */
  close(): Promise<void>;
}

export interface TransportOptions {
  /** Refuse every mutating request (POST/PUT/PATCH/DELETE) before it leaves the process. */
  readOnly?: boolean;
  /** TCP connect deadline; default 30 s (client-go's dial timeout). */
  connectTimeoutMs?: number;
  /** TLS handshake deadline once TCP is up; default 10 s (client-go's TLSHandshakeTimeout). */
  tlsHandshakeTimeoutMs?: number;
  /** Connected, but no response headers: give up after this long; default 32 s (as kubectl does). */
  headersTimeoutMs?: number;
  userAgent?: string;
  /** Exec credential plugin deadline; default EXEC_PLUGIN_TIMEOUT_MS (45 s). */
  execTimeoutMs?: number;
  /** Told the exec credential plugin's name while one runs (the UI says what it waits for), then undefined. */
  onCredentialWait?: (plugin: string | undefined) => void;
  /** Told every credential the transport sends (tokens, passwords), so a log can scrub them. */
  onCredential?: (secret: string) => void;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read (default process.env). */
  env?: Record<string, string | undefined>;
  /**
   * Reads the kubeconfig again (from the same files). On a 401 the transport rebuilds its credentials
   * and TLS from it, once per burst of 401s, and retries the request once: a rotated token or a restarted
   * cluster with new certificates is picked up without restarting kubedeck.
   */
  reloadConfig?: () => LoadedKubeconfig | undefined;
}

/** 401s within this long of a reload share it (one re-read per burst). */
const RELOAD_BURST_MS = 5_000;

const DEFAULT_TIMEOUT_MS = 60_000;
/** client-go's dial timeout (net.Dialer{Timeout: 30s}); here it bounds TCP and TLS together. */
export const CONNECT_TIMEOUT_MS = 30_000;
/** kubectl gives up on a server that accepted the connection but never answers after ~32 s. */
export const HEADERS_TIMEOUT_MS = 32_000;
/** POSTs that do not mutate anything and stay allowed in read-only mode. */
const READ_ONLY_POSTS = /^\/apis\/authorization\.k8s\.io\/v1\/(self|local)?subjectaccessreviews|selfsubjectrulesreviews/;

/** Build the transport for one context. Rejects only with KubeError (reason Config for kubeconfig trouble). */
export async function createTransport(
  loaded: LoadedKubeconfig,
  contextName?: string,
  opts: TransportOptions = {},
): Promise<Transport> {
  const o = clientNodeOptions(loaded, contextName);
  if (o instanceof KubeError) throw o;
  try {
    const [cn, undiciNs] = await Promise.all([import('./client-node.js'), import('undici')]);
    // undici is CommonJS: bundled with code splitting, its dynamic import yields only `default`.
    const undici = ('Agent' in undiciNs ? undiciNs : (undiciNs as { default: typeof undiciNs }).default) as typeof undiciNs;
    const kc = buildKubeConfig(cn, o);
    const cluster = o.clusters[0];
    const execAuth = new ExecAuthenticator({
      ...(cluster ? { cluster: () => execClusterInfo(cluster) } : {}),
      ...(opts.execTimeoutMs !== undefined ? { timeoutMs: opts.execTimeoutMs } : {}),
      ...(opts.onCredentialWait ? { onWaiting: opts.onCredentialWait } : {}),
    });
    useExecAuthenticator(kc, execAuth);
    return new HttpTransport(kc, cn, undici, o.server, o.currentContext, o.namespace, opts, execAuth);
  } catch (e) {
    throw toKubeError(e);
  }
}

type ClientNode = typeof ClientNodeModule;

function buildKubeConfig(cn: ClientNode, o: ClientNodeOptions): KubeConfig {
  const kc = new cn.KubeConfig();
  kc.loadFromOptions({ clusters: o.clusters, users: o.users, contexts: o.contexts, currentContext: o.currentContext });
  const cluster = o.clusters[0];
  if (cluster?.server.startsWith('http:') && !cluster.skipTLSVerify) {
    throw new KubeError('Config', `cluster "${cluster.name}": plain http:// needs insecure-skip-tls-verify: true`);
  }
  return kc;
}
type Undici = typeof UndiciModule;

class HttpTransport implements Transport {
  readonly readOnly: boolean;
  private pool: DispatcherPool;
  /** Pools replaced by a reload: streams opened before it may still use them; destroyed on close. */
  private readonly oldPools: DispatcherPool[] = [];
  private reloading: Promise<boolean> | undefined;
  /** Bumped by every reload: a 401 to a request sent with older credentials just retries. */
  private generation = 0;
  private lastReload = 0;
  private readonly closer = new AbortController();
  private authChain: Promise<unknown> = Promise.resolve();
  private readonly credentials: SentCredentials;
  private readonly userAgent: string;

  constructor(
    public kubeConfig: KubeConfig,
    private readonly cn: ClientNode,
    private readonly undici: Undici,
    readonly server: string,
    readonly context: string,
    readonly namespace: string,
    private readonly opts: TransportOptions,
    private readonly execAuth: ExecAuthenticator,
  ) {
    this.readOnly = opts.readOnly ?? false;
    this.userAgent = opts.userAgent ?? 'kubedeck';
    this.credentials = new SentCredentials(opts.onCredential);
    this.pool = this.newPool(kubeConfig);
  }

  private newPool(kc: KubeConfig): DispatcherPool {
    const pool = new DispatcherPool(kc, this.undici, this.opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS, this.opts.headersTimeoutMs ?? HEADERS_TIMEOUT_MS, this.opts.tlsHandshakeTimeoutMs ?? TLS_HANDSHAKE_TIMEOUT_MS, this.opts.env ?? process.env);
    pool.install();
    return pool;
  }

  /**
   * After a 401: read the kubeconfig again and rebuild credentials and TLS for this context. Resolves
   * true when the caller should retry (a reload happened, now or within the same burst of 401s).
   */
  private reloadAfter401(sentWith: number): Promise<boolean> {
    const reload = this.opts.reloadConfig;
    if (!reload || this.closer.signal.aborted) return Promise.resolve(false);
    if (sentWith !== this.generation) return Promise.resolve(true);
    if (this.reloading) return this.reloading;
    if (Date.now() - this.lastReload < RELOAD_BURST_MS) return Promise.resolve(false);
    const run = (async (): Promise<boolean> => {
      this.lastReload = Date.now();
      const cfg = reload();
      if (!cfg) return false;
      const o = clientNodeOptions(cfg, this.context);
      if (o instanceof KubeError || o.server !== this.server) return false;
      let kc: KubeConfig;
      try {
        kc = buildKubeConfig(this.cn, o);
        useExecAuthenticator(kc, this.execAuth);
      } catch {
        return false;
      }
      this.oldPools.push(this.pool);
      this.kubeConfig = kc;
      this.pool = this.newPool(kc);
      this.generation++;
      return true;
    })();
    this.reloading = run;
    void run.finally(() => {
      this.reloading = undefined;
      this.lastReload = Date.now();
    });
    return run;
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
    // a plain timer rather than AbortSignal.timeout, which keeps every signal alive until it fires
    const deadline = new AbortController();
    const timer = timeoutMs > 0 ? setTimeout(() => deadline.abort(new KubeError('Timeout', `no answer within ${seconds(timeoutMs)}`)), timeoutMs) : undefined;
    const signals = [this.closer.signal, deadline.signal];
    if (opts.signal) signals.push(opts.signal);
    const signal = AbortSignal.any(signals);
    try {
      const url = buildUrl(this.server, path, opts.query);
      const gen = this.generation;
      const { headers, dispatcher } = await this.prepare(url, method, signal);
      headers['Accept'] = opts.accept ?? 'application/json';
      let body: string | Uint8Array | undefined;
      if (opts.body !== undefined) {
        body = typeof opts.body === 'string' || opts.body instanceof Uint8Array ? opts.body : JSON.stringify(opts.body);
        headers['Content-Type'] = opts.contentType ?? 'application/json';
      }
      signal.throwIfAborted();
      // undici's `request`, not `fetch`: fetch refuses the browsers' "bad ports" (6000, 6665-6669, 10080, …)
      let res = await this.undici.request(url, { method, headers, body, dispatcher, signal });
      let text = await res.body.text();
      if (res.statusCode === 401) {
        this.credentials.dropCached(this.kubeConfig);
        if (await this.reloadAfter401(gen)) {
          const again = await this.prepare(url, method, signal);
          res = await this.undici.request(url, { method, headers: { ...again.headers, ...contentHeaders(headers) }, body, dispatcher: again.dispatcher, signal });
          text = await res.body.text();
        }
      }
      if (!ok(res.statusCode)) throw fromHttpResponse(res.statusCode, STATUS_CODES[res.statusCode] ?? '', text);
      return text;
    } catch (e) {
      throw this.abortReason(signal, e);
    } finally {
      clearTimeout(timer);
    }
  }

  async *stream(path: string, opts: StreamOptions = {}): AsyncIterable<string> {
    for await (const batch of this.streamBatches(path, opts)) yield* batch;
  }

  async *streamBatches(path: string, opts: StreamOptions = {}): AsyncIterable<string[]> {
    const splitter = new LineSplitter();
    for await (const chunk of this.bodyChunks(path, opts)) {
      const lines = splitter.push(chunk);
      if (lines.length > 0) yield lines;
    }
    const last = splitter.end();
    if (last.length > 0) yield last;
  }

  async *streamText(path: string, opts: StreamOptions = {}): AsyncIterable<string> {
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of this.bodyChunks(path, opts)) {
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  }

  /** A GET's body chunk by chunk (after a 2xx); errors as KubeError; an idle timer re-armed per chunk. */
  private async *bodyChunks(path: string, opts: StreamOptions): AsyncIterable<Uint8Array> {
    this.checkAllowed('GET', path);
    const idle = new AbortController();
    const signals = [this.closer.signal, idle.signal];
    if (opts.signal) signals.push(opts.signal);
    const signal = AbortSignal.any(signals);
    const idleMs = opts.idleTimeoutMs ?? 0;
    let timer: NodeJS.Timeout | undefined;
    // re-armed per chunk (thousands in a big list): the one timer is refreshed, not replaced
    const arm = (): void => {
      if (idleMs <= 0) return;
      if (timer) timer.refresh();
      else timer = setTimeout(() => idle.abort(new KubeError('Timeout', `no data from the server for ${seconds(idleMs)}`)), idleMs);
    };
    try {
      const url = buildUrl(this.server, path, opts.query);
      arm();
      const gen = this.generation;
      const { headers, dispatcher } = await this.prepare(url, 'GET', signal);
      headers['Accept'] = opts.accept ?? 'application/json';
      signal.throwIfAborted();
      let res = await this.undici.request(url, { method: 'GET', headers, dispatcher, signal });
      if (res.statusCode === 401) {
        this.credentials.dropCached(this.kubeConfig);
        if (await this.reloadAfter401(gen)) {
          await res.body.text();
          const again = await this.prepare(url, 'GET', signal);
          res = await this.undici.request(url, { method: 'GET', headers: { ...again.headers, ...contentHeaders(headers) }, dispatcher: again.dispatcher, signal });
        }
      }
      if (!ok(res.statusCode)) throw fromHttpResponse(res.statusCode, STATUS_CODES[res.statusCode] ?? '', await res.body.text());
      opts.onOpen?.();
      arm();
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        arm();
        yield chunk;
      }
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
    this.execAuth.close();
    await Promise.all([this.pool, ...this.oldPools].map((p) => p.destroyAll()));
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
    return this.credentials.redact(this.explain(k));
  }

  /** Timeouts said in words: which server, how long, and what did not happen. */
  private explain(k: KubeError): KubeError {
    const opts = { ...(k.errno ? { errno: k.errno } : {}), cause: k };
    if (k.errno === 'UND_ERR_CONNECT_TIMEOUT') {
      const ms = this.opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
      return new KubeError('Unreachable', `cannot reach ${this.server}: no answer within ${seconds(ms)} (connect timeout)`, opts);
    }
    if (k.errno === TLS_HANDSHAKE_TIMEOUT) {
      const ms = this.opts.tlsHandshakeTimeoutMs ?? TLS_HANDSHAKE_TIMEOUT_MS;
      return new KubeError('Unreachable', `cannot reach ${this.server}: TCP connected but no TLS answer within ${seconds(ms)} (TLS handshake timeout)`, opts);
    }
    if (k.errno === 'UND_ERR_HEADERS_TIMEOUT') {
      const ms = this.opts.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
      return new KubeError('Timeout', `${this.server} accepted the connection but sent no HTTP answer within ${seconds(ms)}`, opts);
    }
    return k;
  }

  private async prepare(url: string, method: HttpVerb, signal: AbortSignal): Promise<{ headers: Record<string, string>; dispatcher: Dispatcher }> {
    const ctx: RequestContext = new this.cn.RequestContext(url, method);
    // serialised so that N reflectors starting together run an exec plugin once, not N times
    const run = this.authChain.then(() => this.kubeConfig.applySecurityAuthentication(ctx));
    this.authChain = run.catch(() => undefined);
    try {
      // a hung exec plugin must not hang the request past its deadline
      await raceAbort(run, signal);
    } catch (e) {
      if (signal.aborted) throw e;
      const k = toKubeError(e);
      if (k.reason === 'Config') throw k;
      throw new KubeError('Unauthorized', `getting credentials: ${k.detail}`, { cause: e });
    }
    const headers = { ...ctx.getHeaders(), 'User-Agent': this.userAgent };
    this.credentials.remember(headers);
    const dispatcher = ctx.getDispatcher() ?? this.pool.get(null, {}, undefined);
    if (!dispatcher) throw new KubeError('Config', 'no HTTP dispatcher');
    return { headers, dispatcher };
  }
}

/** The request's own headers (not the credentials), carried over to a retry with fresh credentials. */
function contentHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['Accept', 'Content-Type']) if (h[k] !== undefined) out[k] = h[k];
  return out;
}

function ok(status: number): boolean {
  return status >= 200 && status < 300;
}

function seconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
