// Port-forwards of one connection (context), UI-free: each listens on 127.0.0.1:<local> and tunnels every
// TCP connection to the pod's port. A forward started on a pod that has a controller, or on a Service,
// remembers a label selector: when its pod is gone or not running, the next connection re-targets a
// running, ready replacement. `:pf` lists them (a live Source), Ctrl-D there stops one.
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { Transport } from '../../kube/transport.js';
import { openTunnel, probeTunnel } from '../../kube/portforward/tunnel.js';
import { KubeError, toKubeError } from '../../kube/errors.js';
import type { Pod } from '../../util/k8s.js';
import type { SlimBase } from '../../resources/types.js';
import { portForwards, type PortForwardObject } from '../../resources/portforwards.js';
import type { Source, SourceState } from '../sources/source.js';
import type { ForwardSpec } from './forward-spec.js';
import { planForward } from './port-forward-plan.js';
import type { ForwardChoice } from './port-forward-plan.js';
import type { ForwardSpec as ForwardTarget } from '../../resources/capabilities.js';

export type { ForwardSpec } from './forward-spec.js';

function isReady(p: Pod): boolean {
  return p.status?.phase === 'Running' && !p.metadata.deletionTimestamp && (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

class Forward {
  readonly started = Date.now();
  connections = 0;
  active = 0;
  lastError = '';
  retargets = 0;
  /** Open client connections: stopping the forward ends them too (a keep-alive client would go on). */
  readonly sockets = new Set<Socket>();
  constructor(
    readonly spec: ForwardSpec,
    readonly server: Server,
  ) {}
  get key(): string {
    return `127.0.0.1:${this.spec.localPort}`;
  }
}

export class PortForwards {
  private readonly forwards = new Map<string, Forward>();
  private version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly transport: Promise<Transport>) {}

  /** What Shift-F offers for a row's target: its ports, or why there are none. */
  async plan(target: ForwardTarget): Promise<ForwardChoice[] | string> {
    try {
      return await planForward(await this.transport, target);
    } catch (e) {
      return toKubeError(e).message;
    }
  }

  list(): readonly ForwardSpec[] {
    return [...this.forwards.values()].map((f) => f.spec);
  }

  /** Listen and forward; resolves to a message for the flash, rejects never. */
  async start(input: ForwardSpec): Promise<{ ok: boolean; message: string; key?: string }> {
    const spec = { ...input };
    const key = `127.0.0.1:${spec.localPort}`;
    if (spec.localPort !== 0 && this.forwards.has(key)) return { ok: false, message: `${key} is already forwarded` };
    let transport: Transport;
    try {
      transport = await this.transport;
    } catch (e) {
      return { ok: false, message: toKubeError(e).message };
    }
    if (transport.readOnly) return { ok: false, message: 'read-only mode: port-forward is disabled' };
    // one probe upgrade: a user who may not create pods/portforward is told now, not by refused connections
    try {
      await probeTunnel(transport, { namespace: spec.namespace, pod: spec.pod, port: spec.port });
    } catch (e) {
      const err = toKubeError(e);
      if (err.reason === 'Forbidden' || err.reason === 'Unauthorized') return { ok: false, message: `cannot forward to ${spec.via}: ${err.message}` };
    }
    const server = createServer({ pauseOnConnect: true });
    const fwd = new Forward(spec, server);
    server.on('connection', (socket: Socket) => void this.serve(transport, fwd, socket));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(spec.localPort, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return { ok: false, message: code === 'EADDRINUSE' ? `${key} is in use` : code === 'EACCES' ? `${key}: permission denied (ports below 1024 need privileges)` : toKubeError(e).message };
    }
    server.on('error', () => undefined);
    // port 0: the system picked one
    const addr = server.address();
    if (spec.localPort === 0 && addr && typeof addr === 'object') spec.localPort = addr.port;
    this.forwards.set(fwd.key, fwd);
    this.changed();
    return { ok: true, message: `forwarding ${fwd.key} → ${spec.via}:${spec.port}`, key: fwd.key };
  }

  stop(key: string): boolean {
    const f = this.forwards.get(key);
    if (!f) return false;
    f.server.close();
    for (const s of f.sockets) s.destroy();
    this.forwards.delete(key);
    this.changed();
    return true;
  }

  stopAll(): void {
    for (const k of [...this.forwards.keys()]) this.stop(k);
  }

  private async serve(transport: Transport, f: Forward, socket: Socket): Promise<void> {
    f.connections++;
    f.active++;
    f.sockets.add(socket);
    socket.once('close', () => f.sockets.delete(socket));
    this.changed();
    socket.on('error', () => undefined);
    try {
      let pipe;
      try {
        pipe = await openTunnel(transport, { namespace: f.spec.namespace, pod: f.spec.pod, port: f.spec.port });
      } catch (e) {
        const err = toKubeError(e);
        const replacement = f.spec.selector && (err.reason === 'NotFound' || err.reason === 'BadRequest') ? await this.replacement(transport, f) : undefined;
        if (!replacement) throw err;
        f.spec.pod = replacement;
        f.retargets++;
        pipe = await openTunnel(transport, { namespace: f.spec.namespace, pod: f.spec.pod, port: f.spec.port });
      }
      socket.resume();
      const failure = await pipe(socket);
      if (failure) f.lastError = failure.message;
    } catch (e) {
      f.lastError = e instanceof KubeError ? e.message : toKubeError(e).message;
      socket.destroy();
    } finally {
      f.active--;
      this.changed();
    }
  }

  private async replacement(transport: Transport, f: Forward): Promise<string | undefined> {
    const list = await transport
      .request<{ items?: Pod[] }>(`/api/v1/namespaces/${encodeURIComponent(f.spec.namespace)}/pods`, { query: { labelSelector: f.spec.selector } })
      .catch(() => ({ items: [] as Pod[] }));
    return (list.items ?? []).find(isReady)?.metadata.name;
  }

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  /** The forwards as a live Source for the `:pf` view. */
  source(onChange: () => void): Source {
    const state: SourceState = { phase: 'synced', since: Date.now(), attempt: 0 };
    const version = () => this.version;
    const size = () => this.forwards.size;
    return {
      state,
      get version() {
        return version();
      },
      get size() {
        return size();
      },
      items: () => this.rows()[Symbol.iterator](),
      start: () => void this.listeners.add(onChange),
      stop: () => void this.listeners.delete(onChange),
    };
  }

  private rows(): SlimBase[] {
    return [...this.forwards.values()].map((f) =>
      portForwards.project({
        metadata: { name: f.key, namespace: f.spec.namespace, creationTimestamp: new Date(f.started).toISOString() },
        spec: { ...f.spec },
        status: { connections: f.connections, active: f.active, lastError: f.lastError, retargets: f.retargets },
      } as PortForwardObject),
    );
  }
}
