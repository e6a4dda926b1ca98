// The reflector's log of changed keys (`changesSince`): what a reader that saw version v needs to look at,
// and "cannot tell" (undefined) whenever the cache changed in bulk (a list's pages, a relist) or the log no
// longer reaches back that far.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { parseKubeconfig } from '../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../src/kube/kubeconfig.js';
import { Reflector } from '../../src/kube/reflector.js';
import { ChangeLog } from '../../src/kube/reflector-changes.js';
import { createTransport } from '../../src/kube/transport.js';
import type { KObject } from '../../src/util/k8s.js';
import { FakeApiServer, pod } from './fake-apiserver.js';
import { waitFor } from '../helpers/wait.js';

interface Row {
  key: string;
  rv: string;
  phase: string;
}
const project = (o: KObject): Row => {
  if (o.metadata.name === 'broken') throw new Error('cannot project');
  return {
    key: `${o.metadata.namespace}/${o.metadata.name}`,
    rv: o.metadata.resourceVersion ?? '',
    phase: (o.status as { phase?: string } | undefined)?.phase ?? '',
  };
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function setup(api: FakeApiServer, onChange: () => void = () => undefined): Promise<Reflector<Row>> {
  const loaded = parseKubeconfig(api.kubeconfig());
  const t = await createTransport((loaded as { config: LoadedKubeconfig }).config);
  const r = new Reflector<Row>({
    transport: t,
    path: { group: '', version: 'v1', plural: 'pods' },
    project,
    onChange,
    timing: { pageSize: 2, healthyAfterMs: 50, backoff: { initialMs: 10, maxMs: 80, random: () => 0.5 } },
  });
  cleanups.push(async () => {
    await r.stop();
    await t.close();
    await api.close();
  });
  return r;
}

const sorted = (keys: readonly string[] | undefined): string[] | undefined => keys && [...new Set(keys)].sort();

void describe('ChangeLog', () => {
  void it('gives the keys changed after a version, oldest first', () => {
    const log = new ChangeLog(0, 8);
    log.add('a', 1);
    log.add('b', 2);
    log.add('a', 2);
    log.add('c', 3);
    assert.deepEqual(log.since(0), ['a', 'b', 'a', 'c']);
    assert.deepEqual(log.since(1), ['b', 'a', 'c']);
    assert.deepEqual(log.since(2), ['c']);
    assert.deepEqual(log.since(3), []);
  });

  void it('cannot tell a reader older than a reset or than the entries it dropped', () => {
    const log = new ChangeLog(5, 4);
    assert.equal(log.since(4), undefined);
    assert.deepEqual(log.since(5), []);
    for (let v = 6; v <= 9; v++) log.add(`k${v}`, v);
    assert.deepEqual(log.since(5), ['k6', 'k7', 'k8', 'k9']);
    log.add('k10', 10); // full: the oldest half (k6, k7) goes
    assert.equal(log.since(5), undefined);
    assert.equal(log.since(6), undefined);
    assert.deepEqual(log.since(7), ['k8', 'k9', 'k10']);
    log.reset(10);
    assert.equal(log.since(9), undefined);
    assert.deepEqual(log.since(10), []);
  });
});

void describe('Reflector.changesSince', () => {
  void it('lists the keys each watch event or first-list page set or removed; a relist is not told key by key', async () => {
    const api = await new FakeApiServer().listen();
    for (let i = 0; i < 5; i++) api.create(pod(`p${i}`));
    const r = await setup(api);
    r.start();
    await waitFor(() => r.synced && r.size === 5 && api.watchers.size === 1, { what: 'listed and watching' });
    // the first list's pages went into the live cache key by key: a reader from before them is told them
    assert.deepEqual(sorted(r.changesSince(0)), ['default/p0', 'default/p1', 'default/p2', 'default/p3', 'default/p4']);
    const v = r.version;
    assert.deepEqual(r.changesSince(v), []);
    api.create(pod('new'));
    api.update(pod('p1', 'default', {}, 'Failed'));
    api.delete('default', 'p2');
    api.create(pod('broken')); // its projection throws: not cached, and not a change
    api.update(pod('p3', 'default', {}, 'Succeeded'));
    await waitFor(() => r.get('default/p3')?.phase === 'Succeeded', { what: 'events applied' });
    assert.deepEqual(sorted(r.changesSince(v)), ['default/new', 'default/p1', 'default/p2', 'default/p3']);
    assert.deepEqual(r.changesSince(r.version), []);
    // each key changed after a version in between is among those after it
    const mid = v + 1;
    const later = r.changesSince(mid);
    assert.ok(later && later.every((k) => r.changesSince(v)?.includes(k)));

    // a relist (410 after compaction) replaces the cache as a whole: older readers cannot be told key by key
    const before = r.version;
    api.paused = true;
    api.delete('default', 'p0');
    api.compact();
    api.paused = false;
    api.endWatches();
    await waitFor(() => r.get('default/p0') === undefined, { what: 'relisted' });
    assert.equal(r.changesSince(before), undefined);
    await waitFor(() => api.watchers.size === 1, { what: 'watching again' });
    const after = r.version;
    api.update(pod('p4', 'default', {}, 'Failed'));
    await waitFor(() => r.get('default/p4')?.phase === 'Failed', { what: 'update after relist' });
    assert.deepEqual(r.changesSince(after), ['default/p4']);
  });
});

/** Reads the log inside every notification (as a store publishing at once does) and checks it against the cache. */
function follower(reflector: () => Reflector<Row> | undefined): { onChange: () => void; problems: string[]; reads: number } {
  let seen = new Map<string, Row>();
  let version = -1;
  const out = {
    problems: [] as string[],
    reads: 0,
    onChange: () => {
      const r = reflector();
      if (!r) return;
      const now = new Map(r.entries());
      const keys = version < 0 ? undefined : r.changesSince(version);
      if (keys) {
        out.reads++;
        const told = new Set(keys);
        for (const k of new Set([...seen.keys(), ...now.keys()]))
          if (seen.get(k) !== now.get(k) && !told.has(k)) out.problems.push(`${k} changed by version ${r.version}, not in the log after ${version}`);
      }
      seen = now;
      version = r.version;
    },
  };
  return out;
}

void describe('Reflector.changesSince, read inside onChange', () => {
  void it('never misses a change: list pages, the last page, events, a relist', async () => {
    const api = await new FakeApiServer().listen();
    for (let i = 0; i < 7; i++) api.create(pod(`p${i}`));
    const ref: { r?: Reflector<Row> } = {};
    const f = follower(() => ref.r);
    const r = await setup(api, f.onChange);
    ref.r = r;
    r.start();
    await waitFor(() => r.synced && r.size === 7 && api.watchers.size === 1, { what: 'listed and watching' });
    for (let i = 0; i < 5; i++) api.update(pod(`p${i}`, 'default', {}, `Phase${i}`));
    api.delete('default', 'p5');
    api.create(pod('q'));
    await waitFor(() => r.get('default/q') !== undefined && r.get('default/p4')?.phase === 'Phase4', { what: 'events applied' });
    api.paused = true;
    api.delete('default', 'p6');
    api.update(pod('p0', 'default', {}, 'Again'));
    api.compact();
    api.paused = false;
    api.endWatches();
    await waitFor(() => r.get('default/p0')?.phase === 'Again' && r.get('default/p6') === undefined, { what: 'relisted' });
    assert.deepEqual(f.problems, []);
    assert.ok(f.reads > 0, 'the log was read');
  });
});
