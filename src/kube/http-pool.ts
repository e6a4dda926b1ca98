// HTTP plumbing for the transport: URLs, an abortable wait, and the pool of undici dispatchers (one per
// distinct TLS/proxy setup, with a short connect timeout and no body timeout).
import { createHash } from 'node:crypto';
import type { AgentOptions } from 'node:https';
import type { Cluster, KubeConfig } from '@kubernetes/client-node';
import type { Dispatcher } from 'undici';
import type * as UndiciModule from 'undici';
import type { ConnectionOptions } from 'node:tls';
import { splitDeadlineConnector } from './connector.js';

type QueryValue = string | number | boolean | undefined | readonly string[];
export type Query = Record<string, QueryValue>;
export type DispatcherFactory = (cluster: Cluster | null, agentOptions: AgentOptions) => Dispatcher | undefined;

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

export class DispatcherPool {
  private readonly dispatchers = new Map<string, Dispatcher>();

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly undici: typeof UndiciModule,
    private readonly connectTimeoutMs: number,
    private readonly headersTimeoutMs: number,
    private readonly tlsHandshakeTimeoutMs: number,
    private readonly env: Record<string, string | undefined> = process.env,
  ) {}

  /**
   * The proxy kubectl (Go's ProxyFromEnvironment) would use for this server when the kubeconfig names none:
   * HTTPS_PROXY for https, HTTP_PROXY for http, never for loopback; NO_PROXY is applied by undici.
   */
  envProxy(server: string): string | undefined {
    let u: URL;
    try {
      u = new URL(server);
    } catch {
      return undefined;
    }
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (host === 'localhost' || host === '::1' || /^127\./.test(host)) return undefined;
    const e = this.env;
    const p = u.protocol === 'https:' ? (e['HTTPS_PROXY'] ?? e['https_proxy']) : (e['HTTP_PROXY'] ?? e['http_proxy']);
    return p || undefined;
  }

  /**
   * Hook client-node's private dispatcher factory (it builds a new Agent per request, with undici's 10 s
   * connect timeout) so that applySecurityAuthentication hands out our pooled dispatchers instead.
   */
  install(): void {
    const kc = this.kubeConfig;
    const original = Reflect.get(kc, 'createDispatcher') as unknown;
    const fallback = typeof original === 'function' ? (original.bind(kc) as DispatcherFactory) : undefined;
    const hook: DispatcherFactory = (cluster, agentOptions) => this.get(cluster, agentOptions, fallback);
    Reflect.set(kc, 'createDispatcher', hook);
  }

  /** One undici Agent per distinct TLS/proxy setup, with our connect timeout and no body timeout. */
  get(cluster: Cluster | null, agentOptions: AgentOptions, fallback: DispatcherFactory | undefined): Dispatcher | undefined {
    const spec = this.kubeConfig.createDispatcherOptions(cluster, agentOptions);
    const key = `${spec.type}:${fingerprint(spec)}`;
    const cached = this.dispatchers.get(key);
    if (cached) return cached;
    const timeouts = { headersTimeout: this.headersTimeoutMs, bodyTimeout: 0 };
    let d: Dispatcher | undefined;
    const proxy = cluster && (spec.type === 'none' || spec.type === 'agent') ? this.envProxy(cluster.server) : undefined;
    if (proxy && (spec.type === 'none' || spec.type === 'agent')) {
      const tls = spec.type === 'agent' ? spec.connect : {};
      const https = cluster?.server.startsWith('https:');
      d = new this.undici.EnvHttpProxyAgent({
        ...(https ? { httpsProxy: proxy, httpProxy: '' } : { httpProxy: proxy, httpsProxy: '' }),
        noProxy: this.env['NO_PROXY'] ?? this.env['no_proxy'] ?? '',
        connect: { ...tls, timeout: this.connectTimeoutMs },
        requestTls: tls,
        ...timeouts,
      });
    } else if (spec.type === 'none' || spec.type === 'agent') {
      // direct: the dial and the TLS handshake each with its own deadline, as client-go has them
      const tls = (spec.type === 'agent' ? spec.connect : {}) as ConnectionOptions;
      d = new this.undici.Agent({ connect: splitDeadlineConnector(tls, this.connectTimeoutMs, this.tlsHandshakeTimeoutMs), ...timeouts });
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

  async destroyAll(): Promise<void> {
    const all = [...this.dispatchers.values()];
    this.dispatchers.clear();
    await Promise.allSettled(all.map((d) => d.destroy()));
  }
}

export function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
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
