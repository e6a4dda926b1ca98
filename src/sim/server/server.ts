// The simulator's API server: HTTPS with a self-signed certificate made at start, bearer-token auth,
// discovery, GET/LIST/WATCH (JSON or Table). Every failure is answered with a Status object; no input
// can crash it. `close()` ends every watch and connection.

import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Storage } from '../storage/index.js';
import type { Scheduler } from '../scheduler.js';
import { selfSignedCert } from './cert.js';
import type { KeyAndCert } from './cert.js';
import {
  DISCOVERY_V2_CONTENT_TYPE,
  VERSION_INFO,
  aggregatedDiscovery,
  apiGroupDoc,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from './discovery.js';
import { negotiate, notAcceptable, sendJson, sendRaw, sendStatus } from './http-util.js';
import { route } from './routes.js';
import type { Route } from './routes.js';
import type { Watch } from './watch.js';
import { Catalogue } from '../crd/catalogue.js';
import { openApiDocument } from '../openapi/index.js';
import { openApiV2 } from '../openapi/v2.js';
import { loadSchemas } from '../schema/catalog.js';
import { Lifecycle } from './lifecycle.js';
import { serveMutation } from './mutate.js';
import type { Identity } from './mutate.js';
import { serveRead } from './read.js';
import { serveProxy } from '../exec/proxy.js';
import { healthResponse } from './health.js';
import { createStreamServer } from '../exec/upgrade.js';
import type { ReadEnv } from './read.js';
import type { WriteEnv } from './write.js';
import { metricsTarget, serveMetrics } from '../metrics/serve.js';
import type { FaultInjector } from '../faults/injector.js';
import { FAULTS_PATH, serveFaults } from '../faults/endpoint.js';
import { AccessControl, sendRefusal } from '../auth/serve.js';
import { EventsView } from '../policy/events-view.js';
import { policyHandles, servePolicy } from '../policy/serve.js';

export interface ApiServerOptions {
  storage: Storage;
  scheduler: Scheduler;
  token: string;
  viewerToken: string;
  address?: string;
  port?: number;
  /** Interval of BOOKMARK events on watches that allow them (default 60 s, like the API server). */
  bookmarkIntervalMs?: number;
  /** Watch length when the client sends no timeoutSeconds (default 1800 s). */
  defaultWatchTimeoutSeconds?: number;
  tls?: KeyAndCert;
  /** Delay before the fallback namespace controller empties a Terminating namespace (default 3 s). */
  namespaceFallbackMs?: number;
  /** The simulation's seed: container logs are a function of it (default 1). */
  seed?: number;
  /** Fault injection: gates every authenticated request; its admin endpoint is /kubedeck-sim/faults. */
  faults?: FaultInjector;
}

export interface ApiServer {
  url: string;
  port: number;
  /** Live watch streams (for tests and diagnostics). */
  watchCount(): number;
  close(): Promise<void>;
}

const NOT_FOUND_MSG = 'the server could not find the requested resource';

function formatUrl(address: string, port: number): string {
  const host = address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address;
  return `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const { storage, scheduler } = opts;
  const address = opts.address ?? '127.0.0.1';
  const tls =
    opts.tls ??
    selfSignedCert({
      ips: ['127.0.0.1', '::1', ...(address.includes(':') || /^\d/.test(address) ? [address] : [])],
    });
  const watches = new Set<Watch>();
  const catalogue = new Catalogue(storage, () => scheduler.now());
  catalogue.start();
  const find = catalogue.find.bind(catalogue);
  const lifecycle = new Lifecycle({
    storage,
    scheduler,
    resources: () => catalogue.all(),
    ...(opts.namespaceFallbackMs !== undefined ? { namespaceFallbackMs: opts.namespaceFallbackMs } : {}),
  });
  lifecycle.start();
  const schemas = await loadSchemas();
  const writeEnv: WriteEnv = { storage, lifecycle, now: () => scheduler.now(), schemas };
  const readEnv: ReadEnv = {
    storage,
    scheduler,
    watches,
    bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 60_000,
    defaultWatchTimeoutSeconds: opts.defaultWatchTimeoutSeconds ?? 1800,
    seed: opts.seed ?? 1,
  };
  const eventsReadEnv: ReadEnv = { ...readEnv, storage: new EventsView(storage) };
  const sockets = new Set<Socket>();
  let serverAddress = '';

  // --- issue 11: authentication, impersonation and RBAC (src/sim/auth) ---
  const access = new AccessControl({
    storage,
    now: () => scheduler.now(),
    adminToken: opts.token,
    viewerToken: opts.viewerToken,
  });
  // ---

  function handle(req: IncomingMessage, res: ServerResponse): void {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'https://sim.invalid');
    } catch {
      return sendStatus(res, 400, 'BadRequest', 'malformed request URL');
    }
    const r = route(url.pathname, find);
    if (r.kind === 'version') return sendJson(res, 200, VERSION_INFO);
    if (r.kind === 'health') {
      const h = healthResponse(r.endpoint, r.check, url.searchParams);
      return sendRaw(res, h.status, 'text/plain; charset=utf-8', h.body);
    }
    const gate = access.gate.check(req, url);
    if (!gate.ok) {
      req.resume();
      return sendRefusal(res, gate.refusal);
    }
    const who = gate.user;
    const faults = opts.faults;
    if (url.pathname === FAULTS_PATH) {
      if (!faults) return sendStatus(res, 404, 'NotFound', NOT_FOUND_MSG);
      // RBAC let it through: GET for everyone (kubedeck-sim:faults-reader), POST for cluster-admins
      serveFaults(faults, true, req, res).catch(() => res.destroy());
      return;
    }
    if (!faults) return dispatch(r, url, who, req, res);
    faults.gate(res, () => {
      try {
        dispatch(r, url, who, req, res);
      } catch (e) {
        if (res.headersSent) res.destroy();
        else sendStatus(res, 500, 'InternalError', `Internal error occurred: ${String(e)}`);
      }
    });
  }

  function dispatch(r: Route, url: URL, who: Identity, req: IncomingMessage, res: ServerResponse): void {
    if (r.kind === 'resource' && r.subresource === 'proxy' && r.namespace && r.name && !r.info.gvr.group) {
      const resource = r.info.gvr.resource;
      if (resource === 'pods' || resource === 'services') {
        // who may proxy is RBAC's decision (pods/proxy, services/proxy), made by the gate before dispatch
        const t = {
          resource,
          namespace: r.namespace,
          name: r.name,
          path: r.proxyPath ?? '',
          search: url.search,
        } as const;
        return serveProxy(storage, t, req, res);
      }
    }
    const metrics = metricsTarget(url.pathname);
    if (metrics)
      return serveMetrics(
        { storage, now: () => scheduler.now(), seed: opts.seed ?? 1 },
        metrics,
        url,
        req,
        res,
      );
    if (req.method === 'GET' && url.pathname === '/openapi/v2') {
      const v2 = openApiV2(schemas, catalogue.all(), req.headers.accept);
      res.writeHead(200, { 'Content-Type': v2.contentType, 'Content-Length': v2.body.length });
      res.end(v2.body);
      return;
    }
    if (req.method === 'GET' && url.pathname.startsWith('/openapi/')) {
      const doc = openApiDocument(url.pathname, schemas, catalogue.all());
      return doc ? sendJson(res, 200, doc) : sendStatus(res, 404, 'NotFound', NOT_FOUND_MSG);
    }
    // --- issue 11: reviews, serviceaccounts/token (src/sim/auth), eviction, events.k8s.io writes (src/sim/policy)
    if (r.kind === 'resource' && access.handles(req.method ?? '', r)) {
      access.serve(who, r, req, res, url, writeEnv).catch(() => res.destroy());
      return;
    }
    if (r.kind === 'resource' && policyHandles(req.method ?? '', r)) {
      servePolicy({ ...writeEnv, now: () => scheduler.now() }, r, url, req, res).catch(() => res.destroy());
      return;
    }
    // ---
    if (req.method === 'GET') return serveRoute(r, url, req, res);
    if (r.kind !== 'resource') {
      req.resume();
      return sendStatus(
        res,
        r.kind === 'not-found' ? 404 : 405,
        r.kind === 'not-found' ? 'NotFound' : 'MethodNotAllowed',
        r.kind === 'not-found'
          ? NOT_FOUND_MSG
          : 'the server does not allow this method on the requested resource',
      );
    }
    serveMutation(writeEnv, who, r, url, req, res).catch(() => res.destroy());
  }

  function serveRoute(r: Route, url: URL, req: IncomingMessage, res: ServerResponse): void {
    const accept = req.headers.accept;
    switch (r.kind) {
      case 'core-discovery':
      case 'groups-discovery': {
        const rep = negotiate(accept, { discovery: true });
        if (!rep) return notAcceptable(res, req);
        if (rep.as === 'discovery-v2') {
          res.setHeader('Vary', 'Accept');
          return sendRaw(
            res,
            200,
            DISCOVERY_V2_CONTENT_TYPE,
            JSON.stringify(aggregatedDiscovery(r.kind === 'core-discovery', catalogue.all())),
          );
        }
        return sendJson(
          res,
          200,
          r.kind === 'core-discovery' ? apiVersions(serverAddress) : apiGroupList(catalogue.all()),
        );
      }
      case 'group': {
        const doc = apiGroupDoc(r.group, catalogue.all());
        return doc ? sendJson(res, 200, doc) : sendStatus(res, 404, 'NotFound', NOT_FOUND_MSG);
      }
      case 'resource-list': {
        const doc = apiResourceList(r.group, r.version, catalogue.all());
        return doc ? sendJson(res, 200, doc) : sendStatus(res, 404, 'NotFound', NOT_FOUND_MSG);
      }
      case 'resource':
        // issue 11: events.k8s.io/v1 Events are a view of the core Events (src/sim/policy/events-view.ts)
        return serveRead(r.info.gvr.group === 'events.k8s.io' ? eventsReadEnv : readEnv, r, url, req, res);
      default:
        return sendStatus(res, 404, 'NotFound', NOT_FOUND_MSG);
    }
  }

  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    req.on('error', () => res.destroy());
    res.on('error', () => res.destroy());
    try {
      handle(req, res);
    } catch (e) {
      if (!res.headersSent)
        sendStatus(
          res,
          500,
          'InternalError',
          `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`,
        );
      else res.destroy();
    }
  });
  // Every TCP connection, including ones that never finish the TLS handshake, so close() can end them.
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  });
  server.on('clientError', (e: NodeJS.ErrnoException, s) => {
    // Answer unparseable requests the way Node's default handler does, then drop the connection.
    if (e.code !== 'ECONNRESET' && s.writable) {
      const status =
        e.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      s.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    } else s.destroy();
  });
  server.on('tlsClientError', (_e, s) => s.destroy());
  // exec, attach and port-forward: WebSocket upgrades (src/sim/exec)
  const streams = createStreamServer({ storage, scheduler, seed: readEnv.seed });
  server.on('upgrade', (req: IncomingMessage, s: Socket, head: Buffer) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'https://sim.invalid');
    } catch {
      url = new URL('https://sim.invalid/');
    }
    const gate = access.gate.check(req, url, true);
    streams.upgrade(req, s, head, gate.ok ? undefined : gate.refusal);
  });
  server.keepAliveTimeout = 30_000;
  opts.faults?.bindWatches(() => {
    const n = watches.size;
    for (const w of [...watches]) w.stop();
    return n;
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined);
  const port = (server.address() as AddressInfo).port;
  const url = formatUrl(address, port);
  serverAddress = new URL(url).host;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    watchCount: () => watches.size,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        lifecycle.stop();
        streams.close();
        catalogue.stop();
        for (const w of [...watches]) w.stop();
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      })),
  };
}
