// The logs view in the whole App against a loopback log server (test/kube/logs/fake-log-server.ts):
// filter, J (JSON and level colours), w wrap, c container picker, a all containers, SGR colours.
import '../helpers/force-color.js';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { App } from '../../src/ui/App.js';
import { AppStore } from '../../src/store/app-store.js';
import { createKeymap, helpEntries } from '../../src/keys/commands.js';
import { defaultTheme } from '../../src/ui/theme/theme.js';
import { createTransport } from '../../src/kube/transport.js';
import type { Transport } from '../../src/kube/transport.js';
import type { LogTarget } from '../../src/store/logs/logs.js';
import { fakeSources } from '../helpers/fake-source.js';
import { testServices } from '../helpers/services.js';
import { capability } from '../../src/resources/capabilities.js';
import type { ResourceDef } from '../../src/resources/types.js';
import { rec, things } from '../helpers/tiny-resource.js';
import { KEY, plain, press, renderSized, waitFrame } from '../helpers/ink.js';
import type { Rendered } from '../helpers/ink.js';
import { FakeLogServer, tsAt } from '../kube/logs/fake-log-server.js';
import { waitFor } from '../helpers/wait.js';

const info = { context: 'c', server: 'https://x', user: 'u', simulated: false, readonly: false, version: '0.1.0' };

let api: FakeLogServer;
let real: Transport;
let seq = 0;

/** The pod GET answers with three containers (one init); everything else goes to the fake server. */
function withPod(t: Transport): Transport {
  const pod = {
    kind: 'Pod',
    metadata: { name: 'p1', namespace: 'ns' },
    spec: { initContainers: [{ name: 'setup' }], containers: [{ name: 'app' }, { name: 'sidecar' }] },
  };
  return new Proxy(t, {
    get(target, key) {
      if (key === 'request') {
        return (path: string, opts?: object) => (path === '/api/v1/namespaces/ns/pods/p1' ? Promise.resolve(pod) : target.request(path, opts));
      }
      const v: unknown = Reflect.get(target, key);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

before(async () => {
  api = await new FakeLogServer().listen();
  real = await createTransport(api.kubeconfig());
});
after(async () => {
  await real.close();
  await api.close();
});

function write(container: string, text: string): void {
  api.write('p1', container, text, tsAt(++seq));
}

function logRequests(): string[] {
  return api.requests.filter((r) => r.path.endsWith('/log')).map((r) => r.query.get('container') ?? '');
}

async function openLogs(targets: LogTarget[] = [{ namespace: 'ns', pod: 'p1', container: 'app' }]) {
  const f = fakeSources();
  // a kind whose `l` streams the given containers, as pods declare their own
  const logged: ResourceDef = { ...things, can: [capability({ cmd: 'logs', label: 'Logs', effect: { type: 'logs', targets: { of: () => targets } }, mutating: false, hint: true })] };
  const store = new AppStore({ sources: f.factory, initial: { resource: logged, namespace: undefined } });
  const app = <App store={store} info={info} keymap={createKeymap()} theme={defaultTheme} services={testServices({ transport: withPod(real) })} />;
  const r = renderSized(app, 120, 30);
  f.last().put(rec('ns', 'p1'));
  await waitFrame(r, (s) => s.includes('things(all)[1]'));
  await press(r, 'l');
  await waitFrame(r, (s) => s.includes('logs(ns/p1)'));
  return { r, store };
}

async function closeLogs(r: Rendered, store: AppStore): Promise<void> {
  r.unmount();
  store.dispose();
  await waitFor(() => api.followerCount === 0, { what: 'log streams closed', timeoutMs: 3000 });
}

/** The body rows of the logs view (below the status line), trimmed. */
function bodyLines(frame: string): string[] {
  return frame.split('\n').map((l) => l.trim());
}

test('f filters: regex, case-insensitive; new matching lines appear; ! inverts; invalid regex falls back; esc clears', async () => {
  for (const t of ['alpha one', 'beta two', 'ALPHA three', 'x (unclosed y']) write('app', t);
  const { r, store } = await openLogs();
  try {
    await waitFrame(r, (s) => s.includes('x (unclosed y'));
    await press(r, 'f', 'a', 'l', 'p', 'h', 'a', '|', 'u', 'n', 'c');
    let frame = await waitFrame(r, (s) => s.includes('3 of 4 lines') && !s.includes('beta two'));
    assert.match(frame, /filter alpha\|unc/, 'the prompt shows the filter being typed');
    await press(r, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace);
    frame = await waitFrame(r, (s) => s.includes('2 of 4 lines'));
    assert.ok(frame.includes('alpha one') && frame.includes('ALPHA three'));
    assert.ok(!frame.includes('beta two') && !frame.includes('x (unclosed y'));
    await press(r, KEY.enter);
    // lines that arrive while filtered show when they match, and only then
    write('app', 'gamma four');
    write('app', 'alpha five');
    frame = await waitFrame(r, (s) => s.includes('alpha five') && s.includes('3 of 6 lines'));
    assert.ok(!frame.includes('gamma four'));
    // esc clears the filter, every line is still there
    await press(r, KEY.esc);
    frame = await waitFrame(r, (s) => s.includes('beta two') && s.includes('gamma four'));
    assert.ok(frame.includes('logs(ns/p1)'), 'esc cleared the filter instead of leaving the view');
    // ! inverts
    await press(r, 'f', '!', 'a', 'l', 'p', 'h', 'a', KEY.enter);
    frame = await waitFrame(r, (s) => s.includes('3 of 6 lines'));
    assert.ok(frame.includes('beta two') && frame.includes('gamma four') && frame.includes('x (unclosed y'));
    assert.ok(!/alpha one|ALPHA three|alpha five/.test(frame));
    await press(r, KEY.esc);
    await waitFrame(r, (s) => s.includes('alpha one') && s.includes('beta two'));
    // not a regex: a plain substring, and a warning says so
    await press(r, 'f', '(', 'u', 'n', 'c', KEY.enter);
    frame = await waitFrame(r, (s) => s.includes('1 of 6 lines') && s.includes('not a valid regex'));
    assert.ok(frame.includes('x (unclosed y') && !frame.includes('alpha one'));
    // an empty filter clears it too
    await press(r, 'f', KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.enter);
    await waitFrame(r, (s) => s.includes('alpha one') && s.includes('beta two') && !s.includes('of 6 lines'));
    // and esc without a filter leaves the view
    await press(r, KEY.esc);
    await waitFrame(r, (s) => s.includes('things(all)[1]'));
  } finally {
    await closeLogs(r, store);
  }
});

test('J formats JSON lines and colours levels, for plain-text lines too', async () => {
  write('app', '{"time":"2026-01-01T00:00:00Z","level":"error","msg":"db down","retry":3,"peer":"10.0.0.1:5432"}');
  write('app', 'ERROR plain failure');
  write('app', 'level=warn msg=slow');
  write('app', 'all fine here');
  const { r, store } = await openLogs();
  try {
    const first = await waitFrame(r, (s) => s.includes('all fine here'));
    assert.match(first, /<f> filter <\/> search <J> json <w> wrap <c> container <a> all/, 'the status line lists the keys');
    assert.doesNotMatch(r.lastFrame() ?? '', /\x1b\[31m[^\n]*plain failure/, 'no colour before J');
    await press(r, 'J');
    const frame = await waitFrame(r, (s) => s.includes('2026-01-01T00:00:00Z ERROR db down retry=3 peer=10.0.0.1:5432'));
    assert.ok(frame.includes('· json'));
    const raw = r.lastFrame() ?? '';
    assert.match(raw, /\x1b\[31m[^\n]*ERROR plain failure/, 'an ERROR line is red');
    assert.match(raw, /\x1b\[31m[^\n]*db down/, 'a JSON error is red');
    assert.match(raw, /\x1b\[33m[^\n]*level=warn msg=slow/, 'level=warn is yellow');
    assert.doesNotMatch(raw, /\x1b\[3\dm[^\n]*all fine here/, 'a line without a level keeps the default colour');
    await press(r, 'J');
    await waitFrame(r, (s) => s.includes('{"time":"2026-01-01T00:00:00Z","level":"error"'));
  } finally {
    await closeLogs(r, store);
  }
});

test('w wraps a long line to the width and keeps the bottom pinned while following', async () => {
  const long = `start ${'x'.repeat(250)} END`;
  write('app', long);
  const { r, store } = await openLogs();
  try {
    let frame = await waitFrame(r, (s) => s.includes('start xxx'));
    assert.ok(!frame.includes('END'), 'truncated without wrap');
    assert.match(frame, /x…/);
    await press(r, 'w');
    frame = await waitFrame(r, (s) => s.includes('END'));
    const rows = bodyLines(frame).filter((l) => /^x+( END)?$/.test(l) || l.startsWith('start x'));
    assert.equal(rows.length, 3, `the line takes three rows:\n${frame}`);
    for (let i = 0; i < 30; i++) write('app', `filler ${i}`);
    write('app', long.replace('END', 'LAST'));
    frame = await waitFrame(r, (s) => s.includes('LAST'));
    assert.ok(!frame.includes('filler 0 '), 'older lines scrolled out, the bottom is pinned');
    const lines = frame.split('\n');
    const last = lines.findLastIndex((l) => l.includes('LAST'));
    assert.ok(last >= lines.length - 3, `the last wrapped row is at the bottom of the view:\n${frame}`);
  } finally {
    await closeLogs(r, store);
  }
});

test('c picks another container of the pod; a shows all containers merged with prefixes', async () => {
  write('app', 'from app');
  write('sidecar', 'from sidecar');
  write('setup', 'from setup');
  const { r, store } = await openLogs();
  try {
    await waitFrame(r, (s) => s.includes('from app'));
    await press(r, 'c');
    let frame = await waitFrame(r, (s) => s.includes('sidecar') && s.includes('setup (init)'));
    assert.match(frame, /│ app\s/);
    const before = logRequests().length;
    await press(r, 'j', KEY.enter);
    frame = await waitFrame(r, (s) => s.includes('from sidecar'));
    assert.deepEqual(logRequests().slice(before), ['sidecar'], 'the next request goes to the picked container');
    assert.ok(!frame.includes('from app') && frame.includes('· sidecar'));
    const before2 = logRequests().length;
    await press(r, 'a');
    await waitFrame(r, (s) => s.includes('all containers') && s.includes('p1/sidecar from sidecar'));
    assert.deepEqual(logRequests().slice(before2).sort(), ['app', 'setup', 'sidecar']);
    // merged in time order within the skew window; other tests' lines may push one off screen: filter
    await press(r, 'f', '^', 'f', 'r', 'o', 'm', KEY.enter);
    frame = await waitFrame(r, (s) => s.includes('p1/setup from setup') && s.includes('p1/app from app') && s.includes('p1/sidecar from sidecar'));
    assert.match(frame, /3 of \d+ lines/);
  } finally {
    await closeLogs(r, store);
  }
});

test('SGR colours in a line are shown as colour; other escapes are visible text and nothing bleeds', async () => {
  write('app', '\x1b[31mred words\x1b[0m then \x1b[2Jcleared? \x1b]0;title\x07');
  write('app', '\x1b[32munterminated green');
  write('app', 'next line plain');
  const { r, store } = await openLogs();
  try {
    const frame = await waitFrame(r, (s) => s.includes('next line plain'));
    assert.ok(frame.includes('red words then ^[[2Jcleared? ^[]0;title^G'), frame);
    assert.ok(!frame.includes('[31m'), 'the colour is not shown as text');
    const raw = r.lastFrame() ?? '';
    assert.match(raw, /\x1b\[31mred words/);
    assert.ok(!raw.includes('\x1b[2J') && !raw.includes('\x1b]0;'), 'no other escape reaches the terminal');
    const next = raw.split('\n').find((l) => l.includes('next line plain')) ?? '';
    assert.doesNotMatch(next, /\x1b\[3\dm/, 'the unterminated green does not reach the next line');
    assert.ok(plain(next).includes('next line plain'));
  } finally {
    await closeLogs(r, store);
  }
});

test('help lists the logs keys from the key table', () => {
  const logs = helpEntries(createKeymap(), ['logs']).map((e) => `${e.keys} ${e.label}`);
  for (const k of ['<f> Filter lines', '<J> JSON lines', '<w> Wrap', '<c> Container', '<a> All containers']) {
    assert.ok(logs.some((l) => l.startsWith(k)), `${k} in ${logs.join(' | ')}`);
  }
});

test('? opens help over the logs view; Esc comes back to the same logs', async () => {
  write('app', 'still here');
  const { r, store } = await openLogs();
  try {
    await waitFrame(r, (s) => s.includes('still here'));
    await press(r, '?');
    const frame = plain(await waitFrame(r, (s) => plain(s).includes('─ help ─')));
    assert.match(frame, /Filter lines/);
    await press(r, KEY.esc);
    await waitFrame(r, (s) => s.includes('logs(ns/p1)') && s.includes('still here'));
  } finally {
    await closeLogs(r, store);
  }
});
