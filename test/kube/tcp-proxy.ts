// A loopback TCP proxy for fault injection in front of any server (TLS passes through untouched):
// freeze() stops traffic on open connections without closing them (a connection gone silent);
// cut() destroys them (a dropped connection). New connections always flow.
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

export class TcpProxy {
  url = '';
  connections = 0;
  private readonly server: Server;
  private readonly pairs = new Set<[Socket, Socket]>();

  constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => {
      this.connections++;
      const upstream = connect(this.target.port, this.target.host);
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      client.pipe(upstream);
      upstream.pipe(client);
      const done = (): void => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', done).on('close', done);
      upstream.on('error', done).on('close', done);
    });
  }

  static async to(url: string): Promise<TcpProxy> {
    const u = new URL(url);
    const p = new TcpProxy({ host: u.hostname, port: Number(u.port) });
    await new Promise<void>((r) => p.server.listen(0, '127.0.0.1', r));
    const port = (p.server.address() as { port: number }).port;
    p.url = `${u.protocol}//127.0.0.1:${port}`;
    return p;
  }

  /** Open connections stop moving bytes in both directions (but stay open). */
  freeze(): void {
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  /** Destroy every open connection. */
  cut(): void {
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
