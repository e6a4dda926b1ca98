// Watch churn on rows off screen does not re-render the table (each render is a whole Ink frame); a change on
// screen does, and rows that changed off screen are shown as they are now once scrolled to.
import '../helpers/force-color.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Profiler } from 'react';
import { App } from '../../src/ui/App.js';
import { AppStore } from '../../src/store/app-store.js';
import type { Snapshot } from '../../src/store/app-store.js';
import { createKeymap } from '../../src/keys/commands.js';
import { monochromeTheme } from '../../src/ui/theme/theme.js';
import type { ResourceDef, SlimBase } from '../../src/resources/types.js';
import { sameOnScreen } from '../../src/ui/hooks/use-snapshot.js';
import { fakeSources } from '../helpers/fake-source.js';
import { press, renderSized, waitFrame } from '../helpers/ink.js';
import { rec, things } from '../helpers/tiny-resource.js';
import { waitFor } from '../helpers/wait.js';

const info = { context: 'kind-dev', server: 'https://127.0.0.1:6443', user: 'admin', simulated: false, readonly: false, version: '0.1.0' };

test('a change to a row off screen does not re-render; one on screen does; scrolling shows the rows as they are now', async () => {
  let rowCalls = 0;
  const counted: ResourceDef = {
    ...things,
    row: (r, now) => {
      rowCalls++;
      return things.row(r, now);
    },
  };
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: counted, namespace: 'ns' } });
  // renders are counted by React itself (the 1 s tick also calls `row`, to see whether a render would
  // change anything, so row calls are not renders)
  let commits = 0;
  const r = renderSized(
    <Profiler id="app" onRender={() => void commits++}>
      <App store={store} info={info} keymap={createKeymap()} theme={monochromeTheme} />
    </Profiler>,
    100,
    20,
  );
  const name = (i: number): string => `row-${String(i).padStart(3, '0')}`;
  try {
    const src = f.last();
    src.put(...Array.from({ length: 200 }, (_, i) => rec('ns', name(i))));
    await waitFrame(r, (s) => s.includes('things(ns)[200]') && s.includes('row-000'));
    const deleting = (i: number): SlimBase => ({ ...rec('ns', name(i)), rv: '2', deleting: true });
    // far below the window: each change published, but nothing on screen changes (the clock's 1 s tick still
    // re-renders, so renders are counted against the time that passed)
    const before = rowCalls;
    const commitsBefore = commits;
    const t0 = Date.now();
    for (let i = 150; i < 170; i++) {
      const published = store.getSnapshot().seq;
      src.put(deleting(i));
      await waitFor(() => store.getSnapshot().seq > published, { what: 'the store published the change' });
    }
    const renders = commits - commitsBefore;
    const ticks = Math.ceil((Date.now() - t0) / 1000) + 1;
    assert.ok(renders <= ticks, `${renders} renders for 20 publishes off screen in ${Date.now() - t0} ms`);
    // on screen: drawn at once
    src.put(deleting(1));
    const frame = await waitFrame(r, (s) => /row-001\s+Terminating/.test(s));
    assert.ok(rowCalls > before);
    assert.match(frame, /row-000\s+Fine/);
    // the rows that changed while off screen, once scrolled to
    await press(r, 'G');
    await waitFrame(r, (s) => s.includes('row-199'));
    await press(r, ...Array.from({ length: 44 }, () => 'k')); // row-155 at the top of the window
    const shown = await waitFrame(r, (s) => s.includes('row-155'));
    assert.match(shown, /row-155\s+Terminating/);
    assert.match(shown, /row-164\s+Terminating/);
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('sameOnScreen: the window rows, the count and every other field', async () => {
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: things, namespace: 'ns' }, publishIntervalMs: 0 });
  try {
    const src = f.last();
    src.put(...Array.from({ length: 50 }, (_, i) => rec('ns', `r${String(i).padStart(2, '0')}`)));
    const next = async (): Promise<Snapshot> => {
      const seq = store.getSnapshot().seq;
      await waitFor(() => store.getSnapshot().seq > seq, { what: 'a publish' });
      return store.getSnapshot();
    };
    await next();
    const a = store.getSnapshot();
    src.put({ ...rec('ns', 'r40'), rv: '2' });
    const b = await next();
    assert.notEqual(a, b);
    assert.ok(sameOnScreen(a, b, { top: 0, height: 10 }), 'r40 is below the window');
    assert.ok(!sameOnScreen(a, b, { top: 35, height: 10 }), 'r40 is in this window');
    assert.ok(!sameOnScreen(a, b, undefined), 'no window known: render');
    src.put(rec('ns', 'r99'));
    const c = await next();
    assert.ok(!sameOnScreen(b, c, { top: 0, height: 10 }), 'the count changed');
    store.flash('hello');
    assert.ok(!sameOnScreen(c, store.getSnapshot(), { top: 0, height: 10 }), 'a flash');
  } finally {
    store.dispose();
  }
});
