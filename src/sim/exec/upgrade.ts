// The API server's streaming subresources: `pods/{name}/exec`, `attach` and `portforward` upgraded to
// a WebSocket (ws, noServer). Everything is checked before the upgrade, and a refusal is answered over
// plain HTTP as the API server would (JSON Status), or with the kubelet's plain-text words (which
// kubectl prints as `unable to upgrade connection: …`), with status 400.
//
// Wiring in the HTTPS server:
//   const streams = createStreamServer({ storage, scheduler, seed });
//   server.on('upgrade', (req, socket, head) => streams.upgrade(req, socket, head, identify(req)));
//   … and streams.close() on shutdown.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Pod } from '../../util/k8s.js';
import { pickContainer, statusOf } from '../logs/select.js';
import { PODS } from '../resources.js';
import { boolParam } from '../server/query.js';
import { runAttach } from './attach.js';
import type { StreamDeps } from './deps.js';
import { ephemeralProcesses } from './ephemeral.js';
import { runExec } from './exec-session.js';
import { frameWriter } from './frame-writer.js';
import type { FrameWriter } from './frame-writer.js';
import { watchInstance } from './instance.js';
import { storageLookup } from './lookup.js';
import { runPortForward } from './portforward.js';
import { SPDY_TUNNEL, spdyUpgrade } from './portforward-upgrade.js';
import { parsePorts } from './ports.js';
import { pickProtocol } from './protocol.js';
import type { StreamKind } from './protocol.js';
import { rejectStatus, rejectText } from './reject.js';
import type { Refusal } from '../auth/forbidden.js';

export interface StreamServer {
  /** `refused`: what the API server's filters said (401/403), undefined when RBAC allowed the request. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, refused: Refusal | undefined): void;
  /** Live sessions (tests, diagnostics). */
  count(): number;
  close(): void;
}

const PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach|portforward)\/?$/;

export function createStreamServer(deps: StreamDeps): StreamServer {
  const live = new Set<WebSocket>();
  const spdy = spdyUpgrade();
  const ephemeral = ephemeralProcesses(deps);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 4 * 1024 * 1024,
    perMessageDeflate: false,
    handleProtocols: (offered, req) => {
      const kind = (req as IncomingMessage & { streamKind?: StreamKind }).streamKind ?? 'exec';
      return pickProtocol(offered, kind) ?? false;
    },
  });
  wss.on('headers', (headers, req) => {
    if ((req as IncomingMessage & { tunnel?: boolean }).tunnel)
      headers.push(`Sec-WebSocket-Protocol: ${SPDY_TUNNEL}`);
  });

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, refused: Refusal | undefined): void {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'https://sim.invalid');
    } catch {
      return rejectStatus(socket, 400, 'BadRequest', 'malformed request URL');
    }
    const m = PATH.exec(url.pathname);
    if (refused) return rejectStatus(socket, refused.code, refused.reason, refused.message, refused.details);
    if (!m) return rejectStatus(socket, 404, 'NotFound', 'the server could not find the requested resource');
    let ns: string;
    let name: string;
    try {
      ns = decodeURIComponent(m[1] ?? '');
      name = decodeURIComponent(m[2] ?? '');
    } catch {
      return rejectStatus(socket, 400, 'BadRequest', 'malformed request URL');
    }
    const kind = m[3] as StreamKind;
    if (req.method !== 'GET' && req.method !== 'POST')
      return rejectStatus(
        socket,
        405,
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
      );
    const q = url.searchParams;
    const pod = deps.storage.get(PODS, ns, name) as Pod | undefined;
    if (!pod)
      return rejectStatus(socket, 404, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' });
    const offered = new Set((req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()));
    // SPDY, or SPDY tunnelled in a WebSocket (kubectl port-forward offers `SPDY/3.1+portforward.k8s.io`)
    const ws =
      (req.headers.upgrade ?? '').toLowerCase() === 'websocket' &&
      (pickProtocol(offered, kind) !== undefined || (offered.size === 1 && offered.has('')));
    if (kind === 'portforward') {
      const tunnel = (req.headers.upgrade ?? '').toLowerCase() === 'websocket' && offered.has(SPDY_TUNNEL);
      if (!ws) {
        // kubectl: SPDY tunnelled in a WebSocket first, then plain SPDY; the port is per stream
        if (!pod.spec?.nodeName)
          return rejectStatus(socket, 400, 'BadRequest', `pod ${name} does not have a host assigned`);
        if (pod.status?.phase !== 'Running')
          return rejectText(socket, 400, `pod not found ("${name}_${ns}")`);
        if (!tunnel) return spdy.serve(req, socket, head, pod);
        // ws refuses `SPDY/3.1+…` as a subprotocol ('/' is no token character; gorilla, the API
        // server's library, takes it): the header is taken off the request and answered on 'headers'
        delete req.headers['sec-websocket-protocol'];
        (req as IncomingMessage & { tunnel?: boolean }).tunnel = true;
        return wss.handleUpgrade(req, socket, head, (w) => {
          live.add(w);
          w.on('close', () => live.delete(w));
          w.on('error', () => w.terminate());
          spdy.tunnel(w, frameWriter(w, socket), pod);
        });
      }
      const ports = parsePorts(q);
      if (typeof ports === 'string') return rejectStatus(socket, 400, 'BadRequest', ports);
      if (!pod.spec?.nodeName)
        return rejectStatus(socket, 400, 'BadRequest', `pod ${name} does not have a host assigned`);
      if (pod.status?.phase !== 'Running') return rejectText(socket, 400, `pod not found ("${name}_${ns}")`);
      return accept(req, socket, head, kind, (w, out, protocol) =>
        runPortForward(w, out, protocol, pod, ports),
      );
    }
    const command = q.getAll('command');
    const stdin = boolParam(q, 'stdin');
    const stdout = boolParam(q, 'stdout');
    const stderr = boolParam(q, 'stderr');
    const tty = boolParam(q, 'tty');
    if (kind === 'exec' && command.length === 0)
      return rejectStatus(socket, 400, 'BadRequest', 'you must specify at least 1 command');
    if (!stdin && !stdout && !stderr)
      return rejectStatus(socket, 400, 'BadRequest', 'you must specify at least 1 of stdin, stdout, stderr');
    const container = pickContainer(pod, q.get('container') ?? undefined);
    if (typeof container === 'string') return rejectStatus(socket, 400, 'BadRequest', container);
    if (!pod.spec?.nodeName)
      return rejectStatus(socket, 400, 'BadRequest', `pod ${name} does not have a host assigned`);
    if (!statusOf(pod, container.name)?.state?.running)
      return rejectText(socket, 400, `container not found ("${container.name}")`);
    if (!ws) return refuseSpdy(socket, kind);
    const lookup = storageLookup(deps.storage, ns);
    if (kind === 'exec')
      return accept(req, socket, head, kind, (w, out, protocol) =>
        runExec(w, out, protocol, { pod, container, command, stdin, tty }, lookup, deps.scheduler, (onEnd) =>
          watchInstance(deps.storage, pod, container.name, onEnd),
        ),
      );
    return accept(req, socket, head, kind, (w, out, protocol) => {
      if (!ephemeral.attach(w, out, protocol, pod, container, lookup))
        runAttach(w, out, protocol, { pod, container, stdin, tty }, deps);
    });
  }

  function refuseSpdy(socket: Duplex, kind: StreamKind): void {
    rejectStatus(
      socket,
      400,
      'BadRequest',
      `${kind} over SPDY is not supported by the simulated cluster: it speaks WebSocket (v5 or v4.channel.k8s.io) only`,
    );
  }

  function accept(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    kind: StreamKind,
    run: (ws: WebSocket, out: FrameWriter, protocol: string) => void,
  ): void {
    (req as IncomingMessage & { streamKind?: StreamKind }).streamKind = kind;
    wss.handleUpgrade(req, socket, head, (w) => {
      live.add(w);
      w.on('close', () => live.delete(w));
      w.on('error', () => w.terminate());
      run(w, frameWriter(w, socket), w.protocol || 'channel.k8s.io');
    });
  }

  return {
    upgrade: (req, socket, head, who) => {
      try {
        upgrade(req, socket, head, who);
      } catch (e) {
        rejectStatus(
          socket,
          500,
          'InternalError',
          `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    },
    count: () => live.size + spdy.count(),
    close: () => {
      spdy.close();
      ephemeral.close();
      for (const w of live) w.terminate();
      live.clear();
      wss.close();
    },
  };
}
