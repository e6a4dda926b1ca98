// A WebSocket to a pod subresource (exec, attach, portforward) with the context's auth and TLS, the way
// kubectl and client-node open them. `ws` is loaded on first use, so it costs nothing at start-up.
// Read-only mode refuses here, below the UI: these subresources act inside the cluster.
import type { ClientOptions, WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';
import type { Transport } from '../transport.js';
import { buildUrl } from '../transport.js';
import type { Query } from '../transport.js';
import { KubeError, fromHttpResponse, toKubeError } from '../errors.js';

export type PodSubresource = 'exec' | 'attach' | 'portforward';

const HANDSHAKE_MS = 10_000;

function podSubresourcePath(namespace: string, pod: string, sub: PodSubresource): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/${sub}`;
}

/** Resolves once the upgrade succeeded; rejects only with KubeError (the server's Status when it sent one). */
export async function openPodSocket(
  transport: Transport,
  namespace: string,
  pod: string,
  sub: PodSubresource,
  query: Query,
  protocols: readonly string[],
): Promise<WebSocket> {
  if (transport.readOnly) throw new KubeError('Forbidden', `read-only mode: ${sub === 'portforward' ? 'port-forward' : sub} is disabled`);
  const { WebSocket: WS } = await import('ws');
  const http = buildUrl(transport.server, podSubresourcePath(namespace, pod, sub), query);
  const url = http.replace(/^http/, 'ws');
  const opts: ClientOptions = { handshakeTimeout: HANDSHAKE_MS, perMessageDeflate: false };
  try {
    await transport.kubeConfig.applyToHTTPSOptions(opts);
  } catch (e) {
    throw new KubeError('Unauthorized', `getting credentials: ${toKubeError(e).detail}`, { cause: e });
  }
  return new Promise<WebSocket>((resolve, reject) => {
    const ws = new WS(url, [...protocols], opts);
    let settled = false;
    const fail = (e: KubeError) => {
      if (settled) return;
      settled = true;
      reject(e);
    };
    ws.once('open', () => {
      settled = true;
      ws.removeAllListeners('unexpected-response');
      resolve(ws);
    });
    // a plain HTTP answer instead of 101: the API server's Status (404 pod, 400 container not running…)
    ws.once('unexpected-response', (_req, res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        if (body.length < 65536) body += c;
      });
      res.on('end', () => fail(fromHttpResponse(res.statusCode ?? 0, res.statusMessage ?? '', body)));
      res.on('error', (e) => fail(toKubeError(e)));
    });
    ws.on('error', (e) => fail(toKubeError(e)));
  });
}
