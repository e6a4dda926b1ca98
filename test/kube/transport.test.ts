import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KubeError } from '../../src/kube/errors.js';
import { loadKubeconfig, parseKubeconfig } from '../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../src/kube/kubeconfig.js';
import { CONNECT_TIMEOUT_MS, HEADERS_TIMEOUT_MS, buildUrl, createTransport } from '../../src/kube/transport.js';
import { TLS_HANDSHAKE_TIMEOUT_MS } from '../../src/kube/connector.js';
import type { Transport } from '../../src/kube/transport.js';
import { FakeApiServer, pod } from './fake-apiserver.js';

function cfgOf(yaml: string): LoadedKubeconfig {
  const r = parseKubeconfig(yaml);
  assert.equal(r.kind, 'loaded');
  return (r as { config: LoadedKubeconfig }).config;
}

async function rejection(p: Promise<unknown>): Promise<KubeError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof KubeError, `expected a KubeError, got ${String(e)}`);
    return e;
  }
  throw new Error('expected a rejection');
}

function selfSignedCert(): { key: string; cert: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'k.pem'), 'utf8'), cert: readFileSync(join(dir, 'c.pem'), 'utf8') };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void describe('transport', () => {
  let api: FakeApiServer;
  let t: Transport;
  before(async () => {
    api = await new FakeApiServer().listen();
    api.create(pod('a'));
    api.create(pod('b', 'other'));
    t = await createTransport(cfgOf(api.kubeconfig()));
  });
  after(async () => {
    await t.close();
    await api.close();
  });

  void it('builds URLs with repeated and skipped query values', () => {
    assert.equal(buildUrl('https://h/p', '/api/v1/pods', { limit: 5, continue: undefined, command: ['sh', '-c'] }), 'https://h/p/api/v1/pods?limit=5&command=sh&command=-c');
  });

  void it('lists with the kubeconfig token', async () => {
    const list = await t.request<{ items: { metadata: { name: string } }[] }>('/api/v1/pods', { query: { limit: 1 } });
    assert.deepEqual(list.items.map((p) => p.metadata.name), ['a']);
    assert.equal(api.requests.at(-1)?.auth, `Bearer ${api.token}`);
    assert.equal(t.context, 'fake');
    assert.equal(t.namespace, 'default');
  });

  void it('turns Status responses into KubeErrors', async () => {
    const e = await rejection(t.request('/api/v1/nodes'));
    assert.equal(e.reason, 'NotFound');
    api.faults.push({ on: 'list', kind: 'status', code: 403, reason: 'Forbidden', message: 'pods is forbidden: User "x" cannot list resource "pods"' });
    const f = await rejection(t.request('/api/v1/pods'));
    assert.equal(f.message, 'forbidden: pods is forbidden: User "x" cannot list resource "pods"');
  });

  void it('streams lines and stops cleanly when the consumer breaks', async () => {
    const lines: string[] = [];
    for await (const line of t.stream('/api/v1/pods', { query: { watch: 'true' } })) {
      lines.push(line);
      if (lines.length === 2) break;
    }
    assert.equal(lines.length, 2);
    assert.equal((JSON.parse(lines[0] ?? '{}') as { type: string }).type, 'ADDED');
  });

  void it('aborts a silent stream after the idle timeout', async () => {
    api.faults.push({ on: 'watch', kind: 'silence' });
    const started = Date.now();
    const e = await rejection((async () => {
      for await (const _ of t.streamBatches('/api/v1/pods', { query: { watch: 'true' }, idleTimeoutMs: 200 })) void _;
    })());
    assert.equal(e.reason, 'Timeout');
    assert.match(e.message, /no data from the server/);
    assert.ok(Date.now() - started < 2000);
  });

  void it('keeps a stream open while data keeps coming, each gap shorter than the idle timeout', async () => {
    // 8 events 100 ms apart: 800 ms in all against an idle timeout of 300 ms, re-armed by each chunk
    const started = Date.now();
    let seen = 0;
    for await (const batch of t.streamBatches('/api/v1/pods', { query: { watch: 'true', resourceVersion: '0' }, idleTimeoutMs: 300 })) {
      seen += batch.length;
      if (seen >= 10) break;
      setTimeout(() => api.update(pod('a')), 100); // the pace of the data under test, not synchronisation
    }
    assert.ok(seen >= 10);
    assert.ok(Date.now() - started >= 600, 'the events came over more than twice the idle timeout');
  });

  void it('gives up on a request that gets no answer within its deadline', async () => {
    api.faults.push({ on: 'watch', kind: 'silence' });
    const e = await rejection(t.request('/api/v1/pods', { query: { watch: 'true' }, timeoutMs: 200 }));
    assert.equal(e.message, 'timeout: no answer within 200 ms');
  });

  void it('refuses mutations in read-only mode before they leave the process', async () => {
    const ro = await createTransport(cfgOf(api.kubeconfig()), undefined, { readOnly: true });
    const before = api.requests.length;
    const e = await rejection(ro.request('/api/v1/namespaces/default/pods/a', { method: 'DELETE' }));
    assert.equal(e.reason, 'Forbidden');
    assert.match(e.message, /read-only/);
    assert.equal(api.requests.length, before);
    await ro.close();
    assert.equal((await rejection(ro.request('/api/v1/pods'))).reason, 'Aborted');
  });

  void it('never puts the token into error messages', async () => {
    api.faults.push({ on: 'list', kind: 'status', code: 401, reason: 'Unauthorized', message: `token ${api.token} rejected` });
    const e = await rejection(t.request('/api/v1/pods'));
    assert.ok(!e.message.includes(api.token), e.message);
  });

  void it('rejects plain http without insecure-skip-tls-verify, and unknown contexts, as Config errors', async () => {
    const yaml = api.kubeconfig().replace('insecure-skip-tls-verify: true', 'insecure-skip-tls-verify: false');
    assert.equal((await rejection(createTransport(cfgOf(yaml)))).reason, 'Config');
    assert.equal((await rejection(createTransport(cfgOf(api.kubeconfig()), 'nope'))).reason, 'Config');
  });
});

void describe('transport failures', () => {
  void it('reports a refused connection at once as unreachable', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const t = await createTransport(cfgOf(`current-context: x\nclusters: [{name: x, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]\ncontexts: [{name: x, context: {cluster: x}}]\n`));
    const e = await rejection(t.request('/version'));
    assert.equal(e.message, `unreachable: connect ECONNREFUSED 127.0.0.1:${port}`);
    await t.close();
  });

  void it('gives up on a server that accepts TCP but never speaks TLS at the TLS handshake timeout, not the connect timeout, and says so', async () => {
    const sockets = new Set<Socket>();
    const srv: Server = createServer((s) => sockets.add(s));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    const t = await createTransport(cfgOf(`current-context: x\nclusters: [{name: x, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]\ncontexts: [{name: x, context: {cluster: x}}]\n`), undefined, { connectTimeoutMs: 20_000, tlsHandshakeTimeoutMs: 800 });
    const started = Date.now();
    const e = await rejection(t.request('/version'));
    const took = Date.now() - started;
    assert.equal(e.reason, 'Unreachable', e.message);
    assert.equal(e.message, `unreachable: cannot reach https://127.0.0.1:${port}: TCP connected but no TLS answer within 800 ms (TLS handshake timeout)`);
    assert.ok(took < 10_000, `took ${took} ms: the handshake deadline, not the 20 s connect one`);
    await t.close();
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => srv.close(() => r()));
  });

  void it('times out like kubectl: 30 s to connect, 32 s for an answer; a silent HTTP server is named', async () => {
    assert.equal(CONNECT_TIMEOUT_MS, 30_000);
    assert.equal(TLS_HANDSHAKE_TIMEOUT_MS, 10_000);
    assert.equal(HEADERS_TIMEOUT_MS, 32_000);
    const sockets = new Set<Socket>();
    const srv: Server = createServer((s) => sockets.add(s));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    const t = await createTransport(cfgOf(`current-context: x\nclusters: [{name: x, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]\ncontexts: [{name: x, context: {cluster: x}}]\n`), undefined, { headersTimeoutMs: 800 });
    const e = await rejection(t.request('/version'));
    assert.equal(e.message, `timeout: http://127.0.0.1:${port} accepted the connection but sent no HTTP answer within 800 ms`);
    await t.close();
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => srv.close(() => r()));
  });

  void it('speaks HTTPS with a self-signed certificate when insecure-skip-tls-verify is set, and refuses it otherwise', async (ctx) => {
    const tls = selfSignedCert();
    if (!tls) return ctx.skip('openssl not available');
    const api = await new FakeApiServer({ tls }).listen();
    api.create(pod('secure'));
    const t = await createTransport(cfgOf(api.kubeconfig()));
    const list = await t.request<{ items: unknown[] }>('/api/v1/pods');
    assert.equal(list.items.length, 1);
    const strict = await createTransport(cfgOf(api.kubeconfig().replace('insecure-skip-tls-verify: true', 'insecure-skip-tls-verify: false')));
    const e = await rejection(strict.request('/api/v1/pods'));
    assert.equal(e.reason, 'Unreachable');
    assert.match(e.message, /^unreachable: TLS: /);
    assert.match(e.message, /set certificate-authority \(or certificate-authority-data\) for the cluster in the kubeconfig, or insecure-skip-tls-verify: true$/);
    assert.doesNotMatch(e.message, /NODE_|node/i);
    const withCa = await createTransport(cfgOf(api.kubeconfig().replace('insecure-skip-tls-verify: true', `certificate-authority-data: ${Buffer.from(tls.cert).toString('base64')}`)));
    assert.equal((await withCa.request<{ items: unknown[] }>('/api/v1/pods')).items.length, 1);
    await Promise.all([t.close(), strict.close(), withCa.close()]);
    await api.close();
  });
});

/** A fake API server on the first port of `ports` that can be bound, or undefined. */
async function onBlockedPort(ports: number[]): Promise<FakeApiServer | undefined> {
  for (const port of ports) {
    try {
      return await new FakeApiServer().listen(port);
    } catch {
      // taken (another test run) or privileged: try the next one
    }
  }
  return undefined;
}

void describe('credentials that change under a running kubedeck', () => {
  void it('re-reads the kubeconfig on a 401 (token rotated), once per burst, and retries', async () => {
    const api = await new FakeApiServer().listen();
    api.create(pod('a'));
    const dir = mkdtempSync(join(tmpdir(), 'kubedeck-kc-'));
    const file = join(dir, 'config');
    writeFileSync(file, api.kubeconfig());
    let reads = 0;
    const reload = (): LoadedKubeconfig | undefined => {
      reads++;
      const r = loadKubeconfig({ explicitPath: file });
      return r.kind === 'loaded' ? r.config : undefined;
    };
    const first = loadKubeconfig({ explicitPath: file });
    assert.equal(first.kind, 'loaded');
    const t = await createTransport((first as { config: LoadedKubeconfig }).config, undefined, { reloadConfig: reload });
    try {
      assert.equal((await t.request<{ items: unknown[] }>('/api/v1/pods')).items.length, 1);
      // the cluster rotates its token and the kubeconfig file is rewritten
      api.token = 'rotated-token-0987654321';
      writeFileSync(file, api.kubeconfig());
      const lists = await Promise.all([1, 2, 3].map(() => t.request<{ items: unknown[] }>('/api/v1/pods')));
      assert.deepEqual(lists.map((l) => l.items.length), [1, 1, 1]);
      assert.equal(reads, 1, 'one re-read for the burst of 401s');
      const lines: string[] = [];
      for await (const line of t.stream('/api/v1/pods', { query: { watch: 1, resourceVersion: '0' } })) {
        lines.push(line);
        break;
      }
      assert.equal(lines.length, 1);
      // a token that is wrong in the file too stays unauthorized, without a loop of re-reads
      api.token = 'another-token-1122334455';
      const e = await rejection(t.request('/api/v1/pods'));
      assert.equal(e.reason, 'Unauthorized');
    } finally {
      await t.close();
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

void describe('ports browsers refuse', () => {
  void it('talks to an API server on a port fetch calls "bad" (6666, 10080, 6000, …), as kubectl does', async (ctx) => {
    const api = await onBlockedPort([6666, 10080, 6665, 6667, 6668, 6669, 6000]);
    if (!api) return ctx.skip('no blocked port free');
    api.create(pod('on-a-bad-port'));
    const t = await createTransport(cfgOf(api.kubeconfig()));
    try {
      const list = await t.request<{ items: { metadata: { name: string } }[] }>('/api/v1/pods');
      assert.deepEqual(list.items.map((p) => p.metadata.name), ['on-a-bad-port']);
      const lines: string[] = [];
      for await (const line of t.stream('/api/v1/pods', { query: { watch: 1, resourceVersion: '0' } })) {
        lines.push(line);
        break;
      }
      assert.match(lines[0] ?? '', /on-a-bad-port/);
    } finally {
      await t.close();
      await api.close();
    }
  });
});

void describe('proxies from the environment', () => {
  void it('tunnels through HTTPS_PROXY like kubectl, but never for loopback or NO_PROXY hosts', async (ctx) => {
    const tls = selfSignedCert();
    if (!tls) return ctx.skip('openssl not available');
    const api = await new FakeApiServer({ tls }).listen();
    api.create(pod('via-proxy'));
    const port = new URL(api.url).port;
    const tunnels: string[] = [];
    const proxy = createHttpServer();
    const sockets = new Set<Socket>();
    proxy.on('connect', (req, client: Socket, head: Buffer) => {
      tunnels.push(req.url ?? '');
      const up = connect(Number((req.url ?? '').split(':')[1]), '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        up.write(head);
        up.pipe(client);
        client.pipe(up);
      });
      for (const s of [client, up]) {
        sockets.add(s);
        s.on('error', () => undefined);
      }
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    const remote = api.kubeconfig().replace(api.url, `https://kube.invalid:${port}`);
    const env = { HTTPS_PROXY: proxyUrl };
    const t = await createTransport(cfgOf(remote), undefined, { env });
    const list = await t.request<{ items: unknown[] }>('/api/v1/pods');
    assert.equal(list.items.length, 1);
    assert.deepEqual(tunnels, [`kube.invalid:${port}`]);
    const local = await createTransport(cfgOf(api.kubeconfig()), undefined, { env });
    await local.request('/api/v1/pods');
    const excluded = await createTransport(cfgOf(remote), undefined, { env: { ...env, NO_PROXY: 'kube.invalid' } });
    const e = await rejection(excluded.request('/api/v1/pods'));
    assert.equal(e.reason, 'Unreachable', e.message); // went direct: the name does not resolve
    assert.equal(tunnels.length, 1);
    await Promise.all([t.close(), local.close(), excluded.close()]);
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => proxy.close(() => r()));
    await api.close();
  });
});

void describe('lazy client-node', () => {
  void it('no kube/ module imports client-node or undici at runtime at top level', () => {
    const dir = join(import.meta.dirname, '../../src/kube');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const src = readFileSync(join(dir, f), 'utf8');
      assert.doesNotMatch(src, /^import\s+(?!type\b)[^;]*from\s+'(@kubernetes\/client-node|undici)'/m, f);
    }
  });
});
