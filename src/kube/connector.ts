// How the transport opens a connection to a cluster, with Go's two deadlines kept apart as client-go keeps
// them: the TCP dial (net.Dialer{Timeout: 30s}) and then the TLS handshake (TLSHandshakeTimeout: 10s).
// undici's own connector bounds both with one timer, so a server that accepts TCP and never speaks TLS
// held kubedeck for the whole connect timeout where kubectl says `net/http: TLS handshake timeout` at 10 s.
import { connect as tcpConnect, isIP } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import type { buildConnector } from 'undici';

/** client-go's http.Transport TLSHandshakeTimeout. */
export const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;
/** The errno of a TLS handshake that did not finish in time (the transport words it). */
export const TLS_HANDSHAKE_TIMEOUT = 'KUBEDECK_TLS_HANDSHAKE_TIMEOUT';

type Connector = buildConnector.connector;

function timeoutError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * A connector for undici: TCP within `tcpMs`, then (for https) TLS with `tls` options within `tlsMs`.
 * Errors carry undici's UND_ERR_CONNECT_TIMEOUT for the dial and TLS_HANDSHAKE_TIMEOUT for the handshake.
 */
export function splitDeadlineConnector(tls: ConnectionOptions, tcpMs: number, tlsMs: number): Connector {
  return (opts, done) => {
    const host = opts.hostname.replace(/^\[|\]$/g, '');
    const https = opts.protocol === 'https:';
    const port = Number(opts.port) || (https ? 443 : 80);
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (err: Error | null, socket: Socket | TLSSocket | null, cleanup?: Socket): void => {
      if (timer) clearTimeout(timer);
      if (settled) return;
      settled = true;
      if (err || !socket) {
        cleanup?.destroy();
        done(err ?? new Error('no socket'), null);
      } else done(null, socket);
    };
    const raw = tcpConnect({ host, port, noDelay: true });
    raw.setKeepAlive(true, 60_000);
    raw.once('error', (e) => finish(e, null, raw));
    timer = setTimeout(() => finish(timeoutError('UND_ERR_CONNECT_TIMEOUT', `Connect Timeout Error (attempted address: ${host}:${port}, timeout: ${tcpMs}ms)`), null, raw), tcpMs);
    raw.once('connect', () => {
      clearTimeout(timer);
      if (!https) return finish(null, raw);
      const servername = tls.servername ?? opts.servername ?? (isIP(host) ? undefined : host);
      const secure = tlsConnect({ ALPNProtocols: ['http/1.1'], ...tls, host, port, socket: raw, ...(servername ? { servername } : {}) });
      secure.once('error', (e) => finish(e, null, secure));
      timer = setTimeout(() => finish(timeoutError(TLS_HANDSHAKE_TIMEOUT, `TLS handshake timeout (${host}:${port})`), null, secure), tlsMs);
      secure.once('secureConnect', () => finish(null, secure));
    });
  };
}
