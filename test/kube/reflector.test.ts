import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { KubeError } from '../../src/kube/errors.js';
import { parseKubeconfig } from '../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../src/kube/kubeconfig.js';
import { Reflector } from '../../src/kube/reflector.js';
import type { ReflectorOptions, ReflectorTiming } from '../../src/kube/reflector.js';
import { createTransport } from '../../src/kube/transport.js';
import type { StreamOptions, Transport } from '../../src/kube/transport.js';
import type { KObject } from '../../src/util/k8s.js';
import { FakeApiServer, pod } from './fake-apiserver.js';
import { waitFor } from '../helpers/wait.js';

interface Row {
  key: string;
  rv: string;
  phase: string;
}
const project = (o: KObject): Row => ({
  key: `${o.metadata.namespace}/${o.metadata.name}`,
  rv: o.metadata.resourceVersion ?? '',
  phase: (o.status as { phase?: string } | undefined)?.phase ?? '',
});

const fast: Partial<ReflectorTiming> = {
  pageSize: 2,
  healthyAfterMs: 50,
  backoff: { initialMs: 10, maxMs: 80, random: () => 0.5 },
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function setup(
  extra: Partial<ReflectorOptions<Row>> = {},
  api?: FakeApiServer,
): Promise<{ api: FakeApiServer; t: Transport; r: Reflector<Row>; changes: () => number }> {
  const server = api ?? (await new FakeApiServer().listen());
  const loaded = parseKubeconfig(server.kubeconfig());
  const t = await createTransport((loaded as { config: LoadedKubeconfig }).config);
  let n = 0;
  const r = new Reflector<Row>({
    transport: t,
    path: { group: '', version: 'v1', plural: 'pods' },
    project,
    onChange: () => n++,
    timing: fast,
    ...extra,
  });
  cleanups.push(async () => {
    await r.stop();
    await t.close();
    await server.close();
  });
  return { api: server, t, r, changes: () => n };
}

/** The cache holds exactly the server's objects at their current resourceVersions. */
function consistent(r: Reflector<Row>, api: FakeApiServer): boolean {
  if (r.size !== api.objects.size) return false;
  for (const [k, o] of api.objects) {
    const row = r.get(k.startsWith('/') ? k.slice(1) : k);
    if (!row || row.rv !== o.metadata.resourceVersion) return false;
  }
  return true;
}
function diff(r: Reflector<Row>, api: FakeApiServer): string {
  const mine = [...r.items()].map((x) => `${x.key}@${x.rv}`).sort();
  const theirs = [...api.objects.values()].map((o) => `${o.metadata.namespace}/${o.metadata.name}@${o.metadata.resourceVersion}`).sort();
  return `cache ${JSON.stringify(mine)} server ${JSON.stringify(theirs)}`;
}
async function converge(r: Reflector<Row>, api: FakeApiServer, what: string): Promise<void> {
  try {
    await waitFor(() => consistent(r, api), { what });
  } catch (e) {
    throw new Error(`${(e as Error).message}: ${diff(r, api)}`, { cause: e });
  }
}
const lists = (api: FakeApiServer): number => api.requests.filter((q) => q.query.get('watch') === null && !q.query.get('continue')).length;
const watches = (api: FakeApiServer): URLSearchParams[] => api.requests.filter((q) => q.query.get('watch') === 'true').map((q) => q.query);

void describe('Reflector', () => {
  void it('lists page by page, then follows add, update and delete', async () => {
    const api = await new FakeApiServer().listen();
    for (let i = 0; i < 5; i++) api.create(pod(`p${i}`));
    const { r } = await setup({}, api);
    r.start();
    await waitFor(() => r.state.phase === 'synced', { what: 'synced' });
    await converge(r, api, 'initial list');
    const listReqs = api.requests.filter((q) => q.query.get('watch') === null);
    assert.equal(listReqs.length, 3, 'five pods in pages of two');
    assert.ok(listReqs.every((q) => q.query.get('limit') === '2'));
    await waitFor(() => watches(api).length === 1, { what: 'watch opened' });
    const w = watches(api)[0];
    assert.equal(w?.get('resourceVersion'), String(api.rv));
    assert.equal(w?.get('allowWatchBookmarks'), 'true');
    const timeout = Number(w?.get('timeoutSeconds'));
    assert.ok(timeout >= 300 && timeout < 375, `timeoutSeconds ${timeout}`);

    const v = r.version;
    api.create(pod('new'));
    api.update({ ...pod('p1', 'default', {}, 'Failed') });
    api.delete('default', 'p2');
    await converge(r, api, 'events applied');
    assert.equal(r.get('default/p1')?.phase, 'Failed');
    assert.equal(r.get('default/p2'), undefined);
    assert.ok(r.version > v);
  });

  void it('resumes from the last resourceVersion after a clean close, without relisting', async () => {
    const { api, r } = await setup();
    api.create(pod('a'));
    r.start();
    await waitFor(() => api.watchers.size === 1, { what: 'watching' });
    api.create(pod('b'));
    await converge(r, api, 'b seen');
    const rvSeen = r.resourceVersion;
    api.endWatches();
    await waitFor(() => watches(api).length === 2 && api.watchers.size === 1, { what: 're-watch' });
    assert.equal(watches(api)[1]?.get('resourceVersion'), rvSeen);
    api.create(pod('c'));
    await converge(r, api, 'c seen');
    assert.equal(lists(api), 1);
    assert.equal(r.state.phase, 'synced');
  });

  void it('relists on a 410 after compaction and drops ghosts, atomically', async () => {
    const { api, r } = await setup();
    for (const n of ['a', 'b', 'c']) api.create(pod(n));
    r.start();
    await waitFor(() => api.watchers.size === 1 && r.synced, { what: 'watching' });
    await converge(r, api, 'listed');
    api.paused = true; // the connection goes quiet while the cluster moves on
    api.delete('default', 'a');
    api.update(pod('b', 'default', {}, 'Succeeded'));
    api.create(pod('d'));
    api.compact();
    let sawPartial = false;
    const seen = new Set<number>();
    const check = setInterval(() => {
      seen.add(r.size);
      if (r.size !== 3 && !consistent(r, api)) sawPartial = true;
    }, 1);
    api.paused = false;
    api.endWatches(); // re-watch from the old RV → ERROR 410 → relist
    await converge(r, api, 'relisted');
    clearInterval(check);
    assert.equal(lists(api), 2);
    assert.equal(r.get('default/a'), undefined, 'ghost removed');
    assert.equal(r.get('default/b')?.phase, 'Succeeded');
    assert.ok(!sawPartial, `cache was seen half-replaced (sizes ${[...seen].join(',')})`);
    api.create(pod('e'));
    await converge(r, api, 'watching after relist');
  });

  void it('restarts the list when a continue token expires mid-list', async () => {
    const api = await new FakeApiServer().listen();
    for (let i = 0; i < 6; i++) api.create(pod(`p${i}`));
    let compacted = false;
    api.onList = (q) => {
      if (q.get('continue') && !compacted) {
        compacted = true;
        api.delete('default', 'p0');
        api.compact();
      }
    };
    const { r } = await setup({}, api);
    r.start();
    await waitFor(() => r.synced, { what: 'synced' });
    await converge(r, api, 'relisted after expired continue');
    assert.equal(lists(api), 2);
    assert.equal(r.get('default/p0'), undefined);
  });

  void it('keeps retrying through 403, 401 and 500, reporting each, then recovers', async () => {
    const trail: string[] = [];
    const holder: { r?: Reflector<Row> } = {};
    const { api, r } = await setup({
      onChange: () => {
        const s = holder.r?.state;
        const entry = s ? `${s.phase}${s.message ? `(${s.message})` : ''}` : '';
        if (entry && trail.at(-1) !== entry) trail.push(entry);
      },
    });
    holder.r = r;
    api.create(pod('a'));
    api.faults.push({ on: 'list', kind: 'status', code: 403, reason: 'Forbidden', message: 'pods is forbidden: User "x" cannot list resource "pods"' });
    api.faults.push({ on: 'list', kind: 'status', code: 401, reason: 'Unauthorized', message: 'Unauthorized' });
    api.faults.push({ on: 'list', kind: 'status', code: 500, reason: 'InternalError', message: 'etcd is sad' });
    r.start();
    await waitFor(() => r.synced, { what: 'synced' });
    await converge(r, api, 'listed');
    assert.deepEqual(trail, [
      'forbidden(forbidden: pods is forbidden: User "x" cannot list resource "pods")',
      'unauthorized(unauthorized: Unauthorized)',
      'error(server error: etcd is sad)',
      'synced',
    ]);
    assert.equal(r.state.attempt, 0);
  });

  void it('reports forbidden with the server message and keeps trying', async () => {
    const { api, r } = await setup();
    for (let i = 0; i < 50; i++) api.faults.push({ on: 'list', kind: 'status', code: 403, reason: 'Forbidden', message: 'pods is forbidden: User "x" cannot list resource "pods"' });
    r.start();
    await waitFor(() => r.state.phase === 'forbidden' && r.state.attempt >= 3, { what: 'forbidden, retried' });
    assert.equal(r.state.message, 'forbidden: pods is forbidden: User "x" cannot list resource "pods"');
    api.faults.length = 0;
    await waitFor(() => r.synced, { what: 'recovered' });
    assert.equal(r.state.attempt, 0);
  });

  void it('reconnects after dropped connections and watch ERROR 500 events, catching up from history', async () => {
    const { api, r } = await setup();
    api.create(pod('a'));
    r.start();
    await waitFor(() => api.watchers.size === 1 && r.synced, { what: 'watching' });
    api.dropConnections();
    api.create(pod('while-dropped'));
    await converge(r, api, 'caught up after drop');
    api.faults.push({ on: 'watch', kind: 'watch-error', code: 500 });
    api.faults.push({ on: 'watch', kind: 'drop' });
    api.endWatches();
    api.create(pod('after-errors'));
    await converge(r, api, 'caught up after errors');
    await waitFor(() => r.synced && api.watchers.size === 1, { what: 'synced again' });
    assert.equal(lists(api), 1, 'no relist for transient errors');
  });

  void it('detects a silent watch and re-opens it', async () => {
    const { api, r } = await setup({ timing: { ...fast, watchTimeoutSeconds: 1, idleGraceMs: 100 } });
    r.start();
    await waitFor(() => r.synced && watches(api).length === 1, { what: 'first watch' });
    api.faults.push({ on: 'watch', kind: 'silence' });
    api.endWatches();
    await waitFor(() => watches(api).length === 2, { what: 'silent watch opened' });
    api.paused = true;
    api.create(pod('during-silence'));
    api.paused = false;
    const started = Date.now();
    await converge(r, api, 'silence detected and re-watched', );
    const took = Date.now() - started;
    assert.ok(took >= 900 && took < 3000, `took ${took} ms`);
  });

  void it('says unreachable when nothing listens, never stops, and stop() ends it', async () => {
    const api = await new FakeApiServer().listen();
    const { r } = await setup({}, api);
    await api.close();
    r.start();
    await waitFor(() => r.state.phase === 'unreachable' && r.state.attempt >= 3, { what: 'unreachable, retrying' });
    assert.match(r.state.message ?? '', /^unreachable: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    await r.stop();
    assert.equal(r.running, false);
  });

  void it('honours label selectors and advances its resourceVersion on bookmarks', async () => {
    const api = await new FakeApiServer({ bookmarkMs: 20 }).listen();
    api.create(pod('web', 'default', { labels: { app: 'web' } }));
    api.create(pod('db', 'default', { labels: { app: 'db' } }));
    const { r } = await setup({ labelSelector: 'app=web' }, api);
    r.start();
    await waitFor(() => r.synced && r.size === 1, { what: 'listed web only' });
    api.create(pod('db2', 'default', { labels: { app: 'db' } }));
    const rv = String(api.rv);
    await waitFor(() => r.resourceVersion === rv, { what: 'bookmark moved the RV' });
    assert.equal(r.size, 1);
    assert.ok(watches(api).every((q) => q.get('labelSelector') === 'app=web'));
  });

  void it('calls onChange at most once per chunk and leaves no timers or sockets after stop()', async () => {
    const { api, r, changes } = await setup({ timing: { ...fast, pageSize: 500 } });
    const before = process.getActiveResourcesInfo().filter((x) => x === 'Timeout').length;
    r.start();
    await waitFor(() => r.synced && api.watchers.size === 1, { what: 'watching' });
    const c0 = changes();
    for (let i = 0; i < 300; i++) api.create(pod(`burst-${i}`));
    await converge(r, api, 'burst applied');
    const calls = changes() - c0;
    assert.ok(calls >= 1 && calls < 300, `${calls} onChange calls for 300 events`);
    await r.stop();
    await waitFor(() => api.watchers.size === 0, { what: 'server saw the watch close' });
    const afterStop = process.getActiveResourcesInfo().filter((x) => x === 'Timeout').length;
    assert.ok(afterStop <= before, `timers before ${before}, after ${afterStop}`);
  });
});

after(async () => {
  while (cleanups.length) await cleanups.pop()?.();
  if (process.env['KUBEDECK_DEBUG_HANDLES']) process.stderr.write(`${JSON.stringify(process.getActiveResourcesInfo())}\n`);
});

void describe('Reflector without hot loops', () => {
  const path = { group: '', version: 'v1', plural: 'pods' };
  const timing: Partial<ReflectorTiming> = { healthyAfterMs: 50, backoff: { initialMs: 10, maxMs: 80, random: () => 0.5 } };

  void it('backs off when every watch closes at once without events', async () => {
    let watchCount = 0;
    const transport = {
      request: <T>(): Promise<T> => Promise.resolve({ metadata: { resourceVersion: '5' }, items: [] } as T),
      // eslint-disable-next-line require-yield
      streamBatches: async function* (): AsyncIterable<string[]> {
        watchCount++;
      },
    };
    const r = new Reflector<Row>({ transport, path, project, onChange: () => undefined, timing });
    const started = Date.now();
    r.start();
    await waitFor(() => watchCount >= 5, { what: 'five watches' });
    const took = Date.now() - started;
    await r.stop();
    // back-off before watches 2..5: 7.5 + 15 + 30 + 60 ms; a hot loop would take a few ms
    assert.ok(took >= 100, `five watches after ${took} ms`);
    assert.equal(r.state.phase, 'synced');
  });

  void it('relists once at once on 410, then backs off if the list keeps answering 410', async () => {
    let listCount = 0;
    const transport = {
      request: <T>(): Promise<T> => {
        listCount++;
        return Promise.reject(new KubeError('Expired', 'too old', { code: 410 }));
      },
      streamBatches: async function* (): AsyncIterable<string[]> {
        yield [];
      },
    };
    const r = new Reflector<Row>({ transport, path, project, onChange: () => undefined, timing });
    const started = Date.now();
    r.start();
    await waitFor(() => listCount >= 5, { what: 'five lists' });
    const took = Date.now() - started;
    await r.stop();
    // list 2 follows at once; lists 3..5 after 7.5 + 15 + 30 ms of back-off
    assert.ok(took >= 45, `five lists after ${took} ms`);
    assert.equal(r.state.phase, 'error');
    assert.match(r.state.message ?? '', /^expired: too old$/);
  });

  void it('backs off when every list succeeds but every watch from it answers 410', async () => {
    let lists = 0;
    const transport = {
      request: <T>(): Promise<T> => {
        lists++;
        return Promise.resolve({ metadata: { resourceVersion: '7' }, items: [pod('x')] } as T);
      },
      // eslint-disable-next-line require-yield
      streamBatches: async function* (): AsyncIterable<string[]> {
        throw new KubeError('Expired', 'too old resource version: 7 (9)', { code: 410 });
      },
    };
    const r = new Reflector<Row>({ transport, path, project, onChange: () => undefined, timing });
    const started = Date.now();
    r.start();
    await waitFor(() => lists >= 5, { what: 'five lists' });
    const took = Date.now() - started;
    await r.stop();
    assert.ok(took >= 45, `five lists after ${took} ms`);
    assert.equal(r.size, 1);
  });

  void it('relists when the watch request itself answers HTTP 410', async () => {
    let lists = 0;
    let watchNo = 0;
    const transport = {
      request: <T>(): Promise<T> => {
        lists++;
        const items = lists === 1 ? [pod('ghost'), pod('keep')] : [pod('keep')];
        return Promise.resolve({ metadata: { resourceVersion: String(10 * lists) }, items } as T);
      },
      streamBatches: async function* (_p: string, o?: StreamOptions): AsyncIterable<string[]> {
        if (++watchNo === 1) throw new KubeError('Expired', 'gone', { code: 410 });
        await new Promise((res) => o?.signal?.addEventListener('abort', res));
        yield [];
      },
    };
    const r = new Reflector<Row>({ transport, path, project, onChange: () => undefined, timing });
    r.start();
    await waitFor(() => lists === 2 && r.synced && r.size === 1, { what: 'relisted' });
    assert.equal(r.get('default/ghost'), undefined);
    assert.equal(r.resourceVersion, '20');
    await r.stop();
  });
});
