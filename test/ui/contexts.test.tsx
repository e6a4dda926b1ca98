import '../helpers/force-color.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { App } from '../../src/ui/App.js';
import { AppStore } from '../../src/store/app-store.js';
import { staticSource } from '../../src/store/sources/static-source.js';
import { createKeymap } from '../../src/keys/commands.js';
import { monochromeTheme } from '../../src/ui/theme/theme.js';
import { contexts } from '../../src/resources/contexts.js';
import type { ContextObject } from '../../src/resources/contexts.js';
import { KEY, press, renderSized, waitFrame } from '../helpers/ink.js';

const ctx = (name: string, current: boolean) =>
  contexts.project({ metadata: { name }, spec: { cluster: `${name}-cluster`, user: 'admin', current } } as ContextObject);

test(':ctx lists kubeconfig contexts, current marked; Enter asks the cli to switch', async () => {
  const store = new AppStore({ sources: () => staticSource([ctx('dev', true), ctx('prod', false)]), initial: { resource: contexts, namespace: undefined } });
  const switched: string[] = [];
  const info = { context: 'dev', server: 's', user: 'u', simulated: false, readonly: false, version: '0' };
  const r = renderSized(<App store={store} info={info} keymap={createKeymap()} theme={monochromeTheme} onSwitchContext={(n) => switched.push(n)} />);
  try {
    const frame = await waitFrame(r, (s) => s.includes('contexts(all)[2]'));
    assert.match(frame, /NAME\s+CURRENT\s+CLUSTER\s+AUTHINFO\s+DEFAULT NAMESPACE/);
    assert.match(frame, /dev\s+\*\s+dev-cluster\s+admin/);
    await press(r, 'j', KEY.enter);
    assert.deepEqual(switched, ['prod']);
  } finally {
    r.unmount();
    store.dispose();
  }
});
