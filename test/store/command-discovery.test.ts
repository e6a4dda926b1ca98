// The `:` prompt with kinds found by discovery: resolution by plural, singular, short name, kind and
// plural.group; built-ins keep their own defs; an unknown name asks discovery again (pending, then the
// view or the unknown-command error); completion includes discovered names; CRDs learned from `:crd`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiscoveryCache } from '../../src/kube/discovery.js';
import type { DiscoveredKind } from '../../src/kube/discovery.js';
import { KubeError } from '../../src/kube/errors.js';
import type { ResourceDef } from '../../src/resources/types.js';
import { CommandLine } from '../../src/store/commands/command.js';
import type { ParsedCommand } from '../../src/store/commands/command.js';
import { DiscoveryCatalog, FRESH_MS } from '../../src/store/sources/discovery-catalog.js';
import { waitFor } from '../helpers/wait.js';

const kind = (plural: string, group: string, k: string, namespaced: boolean, shortNames: string[] = [], version = 'v1'): DiscoveredKind => ({
  group,
  version,
  kind: k,
  plural,
  singular: k.toLowerCase(),
  namespaced,
  shortNames,
  categories: [],
});

const aggregated = (kinds: DiscoveredKind[]) => ({
  kind: 'APIGroupDiscoveryList',
  items: [...new Set(kinds.map((k) => k.group))].map((g) => ({
    metadata: g ? { name: g } : {},
    versions: [
      {
        version: 'v1',
        resources: kinds
          .filter((k) => k.group === g)
          .map((k) => ({
            resource: k.plural,
            responseKind: { group: k.group, version: k.version, kind: k.kind },
            scope: k.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: k.singular,
            verbs: ['get', 'list', 'watch'],
            shortNames: k.shortNames,
          })),
      },
    ],
  })),
});

const BASE = [
  kind('pods', '', 'Pod', true, ['po']),
  kind('limitranges', '', 'LimitRange', true, ['limits']),
  kind('widgets', 'example.com', 'Widget', true, ['wg']),
  kind('gadgets', 'example.com', 'Gadget', false),
  kind('widgets', 'other.io', 'Widget', true),
];

function setup(initial: DiscoveredKind[] = BASE) {
  let kinds = initial;
  let fail = false;
  let requests = 0;
  let now = 0;
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  const transport = {
    async request<T>(path: string): Promise<T> {
      requests++;
      if (gate) await gate;
      if (fail) throw new KubeError('Unreachable', 'connect ECONNREFUSED 127.0.0.1:6443');
      const core = kinds.filter((k) => k.group === '');
      const rest = kinds.filter((k) => k.group !== '');
      return (path === '/api' ? aggregated(core) : aggregated(rest)) as T;
    },
  };
  const cache = new DiscoveryCache(Promise.resolve(transport), { now: () => now });
  const delivered: ParsedCommand[] = [];
  const catalog = new DiscoveryCatalog(cache, (c) => delivered.push(c), 3000);
  const cl = new CommandLine(catalog);
  return {
    cache,
    catalog,
    delivered,
    cl,
    setKinds: (k: DiscoveredKind[]) => (kinds = k),
    setFail: (f: boolean) => (fail = f),
    advance: (ms: number) => (now += ms),
    requests: () => requests,
    hold: () => (gate = new Promise<void>((r) => (release = r))),
    release: () => {
      gate = undefined;
      release?.();
    },
  };
}

let current: ReturnType<typeof setup> | undefined;

const settle = () => new Promise<void>((r) => setImmediate(r));

void test('discovered kinds resolve by plural, singular, kind, short name and plural.group; built-ins keep theirs', async () => {
  current = setup();
  await current.cache.refresh();
  for (const name of ['widgets', 'widget', 'Widget', 'WG', 'widgets.example.com', 'widget.example.com', 'widgets.v1.example.com']) {
    const c: ParsedCommand = current.cl.parse(name);
    assert.equal(c.type, 'view', name);
    const r: ResourceDef = (c as { resource: ResourceDef }).resource;
    assert.equal(r.generic, true, name);
    assert.equal(`${r.plural}.${r.group}`, 'widgets.example.com', name);
  }
  const other = current.cl.parse('widgets.other.io');
  assert.equal(other.type === 'view' && other.resource.group, 'other.io');
  const limits = current.cl.parse('limits kube-system');
  assert.deepEqual(limits.type === 'view' && [limits.resource.plural, limits.namespace], ['limitranges', 'kube-system']);
  const pods = current.cl.parse('po');
  assert.equal(pods.type === 'view' && pods.resource.generic, undefined, 'built-in pods, not a generic def');
  const gadgets = current.cl.parse('gadgets -A');
  assert.deepEqual(gadgets.type === 'view' && [gadgets.resource.namespaced, gadgets.allNamespaces], [false, undefined]);
  assert.equal(current.cl.resolveDiscovered('widgets.example.com')?.kind, 'Widget');
  assert.equal(current.delivered.length, 0);
});

void test('by default every unknown name asks discovery; within a freshness window it is unknown at once', async () => {
  assert.equal(FRESH_MS, 0);
  current = setup();
  await current.cache.refresh();
  const n = current.requests();
  const c = current.cl.parse('nope');
  assert.equal(c.type, 'error');
  assert.match((c as { message: string }).message, /^unknown command "nope"/);
  assert.equal(current.requests(), n, 'no new discovery');
});

void test('an unknown name with stale discovery: pending, then the view of a kind that appeared meanwhile', async () => {
  current = setup();
  await current.cache.refresh();
  current.advance(60_000);
  current.setKinds([...BASE, kind('sprockets', 'example.com', 'Sprocket', true, ['spr'])]);
  const c = current.cl.parse('spr shop');
  assert.deepEqual(c, { type: 'pending', message: 'looking up "spr"…' });
  assert.deepEqual(current.delivered[0], c, 'the pending message is shown');
  await waitFor(() => current!.delivered.length === 2, { what: 'current!.delivered.length === 2' });
  const v = current.delivered[1];
  assert.deepEqual(v?.type === 'view' && [v.resource.plural, v.namespace], ['sprockets', 'shop']);
});

void test('still unknown after asking: the unknown-command error; discovery failing says why; the UI is never blocked', async () => {
  current = setup();
  const c = current.cl.parse('nope');
  assert.equal(c.type, 'pending', 'never loaded: ask');
  await waitFor(() => current!.delivered.length === 2, { what: 'current!.delivered.length === 2' });
  assert.match((current.delivered[1] as { message: string }).message, /^unknown command "nope" \(try pods/);

  current.advance(60_000);
  current.setFail(true);
  current.cl.parse('nope2');
  await waitFor(() => current!.delivered.length === 4, { what: 'current!.delivered.length === 4' });
  const e = current.delivered[3];
  assert.equal(e?.type, 'error');
  assert.match((e as { message: string }).message, /unknown command "nope2" \(discovery failed: unreachable: connect ECONNREFUSED/);

  // slow discovery: the parse returns at once; a later command wins over the lookup's late answer
  current.setFail(false);
  current.advance(60_000);
  void current.hold();
  assert.equal(current.cl.parse('slowpoke').type, 'pending');
  assert.equal(current.cl.parse('pods').type, 'view');
  current.release();
  await current.cache.refresh();
  await settle();
  assert.equal(current.delivered.filter((d) => d.type === 'error' && d.message.includes('slowpoke')).length, 0);
});

void test('completion and command names include discovered kinds; a prompt of another connection (no catalog) has none of them', async () => {
  current = setup();
  await current.cache.refresh();
  assert.ok(current.cl.names().includes('widgets'));
  assert.ok(current.cl.names().includes('limitranges'));
  assert.equal(current.cl.complete('limitr'), 'limitrange');
  assert.equal(current.cl.complete('wg'), 'wg ');
  assert.equal(current.cl.complete('gadgets'), 'gadgets ');
  const bare = new CommandLine();
  assert.ok(!bare.names().includes('widgets'));
  assert.equal(bare.parse('widgets').type, 'error', 'no catalog: only built-ins');
});

void test('CRDs from the :crd view are usable at once and make discovery refresh; defs survive a refresh', async () => {
  current = setup();
  await current.cache.refresh();
  const before = current.catalog.resolve('widgets');
  const n = current.requests();
  current.catalog.learn([{ group: 'fresh.io', version: 'v2', kind: 'Doohickey', plural: 'doohickeys', singular: 'doohickey', namespaced: true, shortNames: ['dh'] }]);
  assert.equal(current.cl.resolveDiscovered('doohickeys.fresh.io')?.kind, 'Doohickey');
  await settle();
  assert.ok(current.requests() > n, 'discovery asked again');
  await current.cache.refresh();
  assert.equal(current.catalog.resolve('widgets'), before, 'same def object across refreshes (columns kept)');
  const m = current.requests();
  current.catalog.learn([{ group: 'fresh.io', version: 'v2', kind: 'Doohickey', plural: 'doohickeys', singular: 'doohickey', namespaced: true }]);
  await settle();
  assert.equal(current.requests(), m, 'nothing new: no refresh');
});

