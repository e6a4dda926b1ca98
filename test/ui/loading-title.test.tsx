// The first list shown while it arrives: a real Reflector over a transport whose list pages the test hands
// out one by one. Between pages the title counts the rows so far with a mark, `pods(all)[2+] loading…`;
// it reads `pods(all)[N]` only once the last page is in. Also: the store's `listed` (what discovery and the
// metrics poll wait for) resolves only then.
import '../helpers/force-color.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { App } from '../../src/ui/App.js';
import { AppStore } from '../../src/store/app-store.js';
import { createKeymap } from '../../src/keys/commands.js';
import { monochromeTheme } from '../../src/ui/theme/theme.js';
import { resolveResource } from '../../src/resources/registry.js';
import type { ResourceDef } from '../../src/resources/types.js';
import { Reflector } from '../../src/kube/reflector.js';
import type { ReflectorOptions } from '../../src/kube/reflector.js';
import type { Pod } from '../../src/util/k8s.js';
import { plain, renderSized, waitFrame } from '../helpers/ink.js';
import { waitFor } from '../helpers/wait.js';

const info = { context: 'kind-dev', server: 'https://127.0.0.1:6443', user: 'admin', simulated: false, readonly: false, version: '0.1.0' };
const pods = resolveResource('pods') as ResourceDef;

function pod(ns: string, name: string): Pod {
  return {
    metadata: { name, namespace: ns, uid: `${ns}-${name}`, resourceVersion: '1', creationTimestamp: new Date().toISOString() },
    spec: { containers: [{ name: 'app', image: 'nginx' }] },
    status: { phase: 'Running' },
  };
}

/** List pages the test releases one at a time; the watch stays open (silent) until aborted. */
function pagedTransport(pages: Pod[][]) {
  const waiting: (() => void)[] = [];
  let asked = 0;
  const transport: ReflectorOptions<unknown>['transport'] = {
    async request<T>(_path: string, opts: { query?: Record<string, unknown> } = {}): Promise<T> {
      const i = opts.query?.['continue'] ? Number(opts.query['continue']) : 0;
      asked++;
      await new Promise<void>((r) => waiting.push(r));
      const more = i + 1 < pages.length;
      return { kind: 'PodList', metadata: { resourceVersion: '10', ...(more ? { continue: String(i + 1) } : {}) }, items: pages[i] ?? [] } as T;
    },
    async *streamBatches(_path: string, opts: { signal?: AbortSignal } = {}): AsyncIterable<string[]> {
      await new Promise<void>((r) => opts.signal?.addEventListener('abort', () => r(), { once: true }));
      yield* [];
    },
  };
  /** Hands out the next page once the reflector has asked for it. */
  const release = async (): Promise<void> => {
    await waitFor(() => waiting.length > 0, { what: () => `a list request (asked ${asked})` });
    waiting.shift()?.();
  };
  return { transport, release };
}

test('while the first list arrives the title reads [K+] loading…, then [N] once it is complete', async () => {
  const pages = [
    [pod('a', 'p1'), pod('a', 'p2')],
    [pod('b', 'p3'), pod('b', 'p4')],
    [pod('c', 'p5')],
  ];
  const { transport, release } = pagedTransport(pages);
  const store = new AppStore({
    sources: (req) => new Reflector({ transport, path: { group: '', version: 'v1', plural: 'pods' }, project: req.resource.project, onChange: req.onChange }),
    initial: { resource: pods, namespace: undefined },
  });
  let listed = false;
  void store.listed.then(() => (listed = true));
  const r = renderSized(<App store={store} info={info} keymap={createKeymap()} theme={monochromeTheme} />, 120, 20);
  try {
    await waitFrame(r, (s) => s.includes('pods(all)[0] connecting…'));
    await release();
    let frame = await waitFrame(r, (s) => s.includes('pods(all)[2+] loading…'));
    assert.match(frame, /a\s+p1/, 'the first page is shown');
    assert.equal(listed, false);
    await release();
    frame = await waitFrame(r, (s) => s.includes('pods(all)[4+] loading…'));
    assert.match(frame, /b\s+p4/);
    assert.equal(listed, false);
    await release();
    frame = await waitFrame(r, (s) => s.includes('pods(all)[5]'));
    assert.doesNotMatch(plain(frame), /loading…|\[5\+\]/);
    assert.match(frame, /c\s+p5/);
    await store.listed;
    assert.equal(listed, true);
  } finally {
    r.unmount();
    store.dispose();
  }
});
