// A list's pages with the next one asked for from the current page's head: the request for page 2 leaves
// while page 1 is still arriving; a head that says otherwise than the page is corrected after the parse.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headToken, listPages } from '../../src/kube/reflector-pages.js';
import type { PageTransport } from '../../src/kube/reflector-pages.js';
import type { Query } from '../../src/kube/transport.js';
import { waitFor } from '../helpers/wait.js';

test('headToken: the token of the metadata written before the objects, else unknown', () => {
  assert.equal(headToken('{"kind":"PodList","metadata":{"resourceVersion":"9","continue":"abc="},"items":[{"metadata":{'), 'abc=');
  assert.equal(headToken('{"kind":"PodList","metadata":{"resourceVersion":"9"},"items":['), '', 'no token: the last page');
  assert.equal(headToken('{"kind":"PodList","metadata":{"resourceVersion":"9","cont'), undefined, 'the head is not all here yet');
  assert.equal(headToken('{"kind":"Table","metadata":{"continue":"t1"},"columnDefinitions":[],"rows":['), 't1');
  assert.equal(headToken('{"kind":"PodList","items":[{"metadata":{"name":"x","continue":"no"}}],"metadata":{"continue":"late"}}'), undefined, 'metadata after the objects: not read early');
});

/** Pages whose chunks the test releases; records each request's continue token when it is made. */
function chunkedTransport(pages: string[][]) {
  const asked: string[] = [];
  const gates: (() => void)[] = [];
  const t: PageTransport = {
    request: () => Promise.reject(new Error('streamText is used')),
    async *streamText(_path: string, opts: { query?: Query } = {}): AsyncIterable<string> {
      const cont = String(opts.query?.['continue'] ?? '');
      asked.push(cont);
      const page = pages[cont ? Number(cont.slice(1)) : 0] ?? [];
      for (const chunk of page) {
        await new Promise<void>((r) => gates.push(r));
        yield chunk;
      }
    },
  };
  return { t, asked, step: () => gates.shift()?.(), gates };
}

const list = (items: string, meta: string, closeAll = true) => [`{"kind":"PodList","metadata":{${meta}},"items":[`, items, closeAll ? ']}' : ''];

test('page 2 is asked for as soon as page 1 head is in, before page 1 has all arrived', async () => {
  const { t, asked, step, gates } = chunkedTransport([list('{"n":1}', '"continue":"p1"'), list('{"n":2}', '"resourceVersion":"7"')]);
  const ac = new AbortController();
  const it = listPages(t, { path: '/api/v1/pods', query: (cont) => ({ limit: 1, continue: cont }), signal: ac.signal });
  const first = it.next();
  await waitFor(() => gates.length === 1, { what: 'page 1 under way' });
  step(); // page 1's head
  await waitFor(() => asked.length === 2, { what: 'the request for page 2' });
  assert.deepEqual(asked, ['', 'p1'], 'page 2 asked for while page 1 is still arriving');
  while ((await Promise.race([first.then(() => 'done'), new Promise((r) => setImmediate(() => r('wait')))])) === 'wait') step();
  const p1 = await first;
  assert.deepEqual(p1.value, { kind: 'PodList', metadata: { continue: 'p1' }, items: [{ n: 1 }] });
  const second = it.next();
  while ((await Promise.race([second.then(() => 'done'), new Promise((r) => setImmediate(() => r('wait')))])) === 'wait') step();
  assert.deepEqual((await second).value, { kind: 'PodList', metadata: { resourceVersion: '7' }, items: [{ n: 2 }] });
  assert.equal((await it.next()).done, true);
  assert.deepEqual(asked, ['', 'p1']);
});

test('a head token that the parsed page contradicts is dropped; the page’s own token is used', async () => {
  // the head's metadata says "p9" (as a broken or odd server might); the parsed page says "p1"
  const pages = [[`{"kind":"PodList","metadata":{"continue":"p9"},"items":[{"n":1}],"metadata":{"continue":"p1"}}`], list('{"n":2}', '')];
  const asked: string[] = [];
  const t: PageTransport = {
    request: () => Promise.reject(new Error('streamText is used')),
    async *streamText(_path: string, opts: { query?: Query } = {}): AsyncIterable<string> {
      const cont = String(opts.query?.['continue'] ?? '');
      asked.push(cont);
      if (cont === 'p9') return; // never completes meaningfully: must be dropped
      yield* pages[cont ? Number(cont.slice(1)) : 0] ?? [];
    },
  };
  const seen: unknown[] = [];
  for await (const p of listPages(t, { path: '/x', query: (cont) => ({ continue: cont }), signal: new AbortController().signal })) seen.push(p);
  assert.deepEqual(seen.map((p) => (p as { items: unknown[] }).items), [[{ n: 1 }], [{ n: 2 }]]);
  assert.deepEqual(asked, ['', 'p9', 'p1']);
});

test('without streamText: plain requests in series, same pages', async () => {
  const bodies: Record<string, unknown> = { '': { metadata: { continue: 'a' }, items: [1] }, a: { metadata: {}, items: [2] } };
  const asked: string[] = [];
  const t: PageTransport = {
    request: <T>(_p: string, o?: { query?: Query }) => {
      const c = String(o?.query?.['continue'] ?? '');
      asked.push(c);
      return Promise.resolve(bodies[c] as T);
    },
  };
  const seen: unknown[] = [];
  for await (const p of listPages(t, { path: '/x', query: (cont) => ({ continue: cont }), signal: new AbortController().signal })) seen.push(p);
  assert.equal(seen.length, 2);
  assert.deepEqual(asked, ['', 'a']);
});
