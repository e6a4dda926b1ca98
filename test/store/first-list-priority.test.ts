// Nothing competes with the first list of the view shown: the store's `listed` resolves only once that list
// is complete (not while it connects or loads page by page), and the metrics poll waits for it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppStore } from '../../src/store/app-store.js';
import { MetricsOverlay } from '../../src/store/metrics/metrics.js';
import type { MetricsScope, UsageMap } from '../../src/store/metrics/metrics.js';
import { resolveResource } from '../../src/resources/registry.js';
import type { ResourceDef } from '../../src/resources/types.js';
import { fakeSources } from '../helpers/fake-source.js';
import { waitFor } from '../helpers/wait.js';

const pods = resolveResource('pods') as ResourceDef;
const rec = (name: string) => ({ key: `shop/${name}`, uid: name, name, namespace: 'shop', rv: '1', labels: {}, created: 0, deleting: false });

test('listed waits for the whole first list; the metrics poll starts only then', async () => {
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: pods, namespace: undefined }, publishIntervalMs: 1, pollMs: 5 });
  const calls: MetricsScope[] = [];
  const overlay = new MetricsOverlay({ store, fetch: (scope) => (calls.push(scope), Promise.resolve(new Map() as UsageMap)), after: store.listed });
  let listed = false;
  void store.listed.then(() => (listed = true));
  try {
    const src = f.last();
    // the first page is in, more are coming
    src.map.set('shop/a', rec('a'));
    src.state = { phase: 'connecting', since: 0, attempt: 0, loading: true };
    src.version++;
    src.req.onChange();
    await waitFor(() => store.getSnapshot().rows.length === 1, { what: 'the first page shown' });
    assert.equal(store.getSnapshot().state.loading, true);
    assert.equal(listed, false);
    assert.equal(calls.length, 0, 'no metrics poll while the list loads');
    src.put(rec('b'));
    await waitFor(() => listed, { what: 'listed' });
    await waitFor(() => calls.length === 1, { what: 'the first metrics poll' });
    assert.deepEqual(calls[0], { kind: 'pods' });
  } finally {
    overlay.stop();
    store.dispose();
  }
});
