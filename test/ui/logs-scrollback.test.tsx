// The logs view in the whole App against a loopback log server: scroll-back reaches lines that spilled to
// disk and a paused position does not move as lines spill; `f` selects the previous filter so typing
// replaces it; the since-preset on the status line; the logs title without the table's filter badge; a
// resize never draws a row wider than the terminal.
import '../helpers/force-color.js';
import { EventEmitter } from 'node:events';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { act } from 'react';
import { render } from 'ink';
import type { Instance } from 'ink';
import { displayWidth } from '../../src/util/text.js';
import { App } from '../../src/ui/App.js';
import { AppStore } from '../../src/store/app-store.js';
import { createKeymap } from '../../src/keys/commands.js';
import { defaultTheme } from '../../src/ui/theme/theme.js';
import { createTransport } from '../../src/kube/transport.js';
import type { Transport } from '../../src/kube/transport.js';
import { fakeSources } from '../helpers/fake-source.js';
import { waitFor } from '../helpers/wait.js';
import { testServices } from '../helpers/services.js';
import { capability } from '../../src/resources/capabilities.js';
import type { ResourceDef } from '../../src/resources/types.js';
import { rec, things } from '../helpers/tiny-resource.js';
import { KEY, plain, press, renderSized, waitFrame } from '../helpers/ink.js';
import type { Rendered } from '../helpers/ink.js';
import { FakeLogServer, tsAt } from '../kube/logs/fake-log-server.js';

const info = { context: 'c', server: 'https://x', user: 'u', simulated: false, readonly: false, version: '0.1.0' };

let api: FakeLogServer;
let transport: Transport;
let seq = 0;

before(async () => {
  api = await new FakeLogServer().listen();
  transport = await createTransport(api.kubeconfig());
});
after(async () => {
  await transport.close();
  await api.close();
});

function write(container: string, text: string): void {
  api.write('p1', container, text, tsAt(++seq));
}

async function openLogs(container: string, opts: { bufferBytes?: number; spillBytes?: number; tableFilter?: string } = {}) {
  const f = fakeSources();
  const logged: ResourceDef = {
    ...things,
    can: [capability({ cmd: 'logs', label: 'Logs', effect: { type: 'logs', targets: { of: () => [{ namespace: 'ns', pod: 'p1', container }] } }, mutating: false, hint: true })],
  };
  const store = new AppStore({ sources: f.factory, initial: { resource: logged, namespace: undefined } });
  const services = testServices({ transport, ...(opts.bufferBytes ? { logBufferBytes: opts.bufferBytes } : {}), ...(opts.spillBytes ? { logSpillBytes: opts.spillBytes } : {}) });
  const r = renderSized(<App store={store} info={info} keymap={createKeymap()} theme={defaultTheme} services={services} />, 100, 20);
  f.last().put(rec('ns', 'p1'));
  await waitFrame(r, (s) => s.includes('things(all)[1]'));
  if (opts.tableFilter) {
    await press(r, '/', ...opts.tableFilter, KEY.enter);
    await waitFrame(r, (s) => s.includes(`</${opts.tableFilter}>`));
  }
  await press(r, 'l');
  await waitFrame(r, (s) => s.includes('logs(ns/p1)'));
  return { r, store };
}

async function closeLogs(r: Rendered, store: AppStore): Promise<void> {
  r.unmount();
  store.dispose();
  await waitFor(() => api.followerCount === 0, { what: 'log streams closed', timeoutMs: 3000 });
}

const padded = (n: number) => `seq-${String(n).padStart(4, '0')} ${'x'.repeat(60)}`;

test('g reaches lines spilled to disk; a paused window stays on its lines while more spill; PgUp goes back', async () => {
  for (let n = 0; n < 300; n++) write('spill', padded(n));
  // 8 KiB in memory: most of the 300 lines (~100 bytes each with overhead) are spilled
  const { r, store } = await openLogs('spill', { bufferBytes: 8 * 1024 });
  try {
    await waitFrame(r, (s) => s.includes('seq-0299') && s.includes('300 lines'));
    await press(r, 'g');
    let frame = await waitFrame(r, (s) => s.includes('paused'));
    assert.match(frame, /seq-0000 /, `g shows the first line of the stream:\n${frame}`);
    assert.match(frame, /seq-0010 /);
    // while paused, more lines arrive and push these out of memory: the window stays on them
    for (let n = 300; n < 600; n++) write('spill', padded(n));
    frame = await waitFrame(r, (s) => s.includes('600 lines'));
    assert.match(frame, /seq-0000 /, `the paused window did not move:\n${frame}`);
    await press(r, KEY.pgdn, KEY.pgdn);
    frame = await waitFrame(r, (s) => !s.includes('seq-0000 '));
    assert.match(frame, /seq-00[3-4]\d /, `two pages down:\n${frame}`);
    await press(r, '\x1b[5~', '\x1b[5~');
    frame = await waitFrame(r, (s) => s.includes('seq-0000 '));
    assert.match(frame, /seq-0001 /);
    // G follows again, to the newest line
    await press(r, 'G');
    await waitFrame(r, (s) => s.includes('seq-0599') && s.includes('autoscroll'));
  } finally {
    await closeLogs(r, store);
  }
});

test('past logSpillMB the top of scroll-back says how many lines were dropped, and paging down from it reaches every line kept', async () => {
  for (let n = 0; n < 400; n++) write('bounded', padded(n));
  // 8 KiB in memory, 24 KiB of spill files (~100 bytes a line on disk): most of 2,000 lines are dropped
  const { r, store } = await openLogs('bounded', { bufferBytes: 8 * 1024, spillBytes: 24 * 1024 });
  try {
    await waitFrame(r, (s) => s.includes('400 lines'));
    for (let n = 400; n < 2000; n++) write('bounded', padded(n));
    await waitFrame(r, (s) => s.includes('seq-1999') && s.includes('2000 lines'));
    await press(r, 'g');
    let frame = await waitFrame(r, (s) => s.includes('paused') && s.includes('older lines dropped'));
    const gone = Number(/… (\d+) older lines dropped \(logSpillMB reached\)/.exec(frame)?.[1]);
    assert.ok(gone > 0 && gone < 2000, `the note at the top:\n${frame}`);
    assert.match(frame, new RegExp(`older lines dropped \\(logSpillMB reached\\)[^\\n]*\\n[^\\n]*seq-${String(gone).padStart(4, '0')} `), `the oldest kept line comes next:\n${frame}`);
    // page down to the end: every kept line is shown once on the way, in order
    const seen = new Set<number>();
    for (let page = 0; page < 200 && !seen.has(1999); page++) {
      for (const m of plain(frame).matchAll(/seq-(\d{4}) /g)) seen.add(Number(m[1]));
      if (seen.has(1999)) break;
      const before = frame;
      await press(r, KEY.pgdn);
      frame = await waitFrame(r, (s) => s !== before);
    }
    for (const m of plain(frame).matchAll(/seq-(\d{4}) /g)) seen.add(Number(m[1]));
    const missing = Array.from({ length: 2000 - gone }, (_, i) => gone + i).filter((n) => !seen.has(n));
    assert.deepEqual(missing, [], `kept lines never shown while paging down from the note`);
    assert.ok([...seen].every((n) => n >= gone), 'no dropped line is shown');
  } finally {
    await closeLogs(r, store);
  }
});

test('a filter finds spilled lines too', async () => {
  for (let n = 0; n < 300; n++) write('spillf', n % 100 === 7 ? `needle ${n}` : padded(n));
  const { r, store } = await openLogs('spillf', { bufferBytes: 8 * 1024 });
  try {
    await waitFrame(r, (s) => s.includes('300 lines'));
    await press(r, 'f', 'n', 'e', 'e', 'd', 'l', 'e', KEY.enter);
    const frame = await waitFrame(r, (s) => s.includes('3 of 300 lines') && !s.includes('filtering'));
    for (const n of [7, 107, 207]) assert.ok(frame.includes(`needle ${n}`), `needle ${n}:\n${frame}`);
  } finally {
    await closeLogs(r, store);
  }
});

test('f selects the previous filter: typing replaces it, Backspace edits it, an arrow keeps it', async () => {
  for (const t of ['404 GET /a', '200 GET /b', '404 POST /c']) write('filter', t);
  const { r, store } = await openLogs('filter');
  try {
    await waitFrame(r, (s) => s.includes('404 POST /c'));
    await press(r, 'f', '4', '0', '4', KEY.enter);
    await waitFrame(r, (s) => s.includes('filter 404: 2 of 3 lines'));
    await press(r, 'f');
    await waitFrame(r, (s) => /^filter 404 /m.test(s));
    assert.match(r.lastFrame() ?? '', /\x1b\[7m404/, 'the previous filter is shown selected');
    await press(r, '!', 'G', 'E', 'T', KEY.enter);
    let frame = await waitFrame(r, (s) => s.includes('filter !GET: 1 of 3 lines'));
    assert.ok(frame.includes('404 POST /c') && !frame.includes('404 GET /a'));
    // Backspace keeps the text and deletes its last character
    await press(r, 'f', KEY.backspace, KEY.enter);
    frame = await waitFrame(r, (s) => s.includes('filter !GE: 1 of 3 lines'));
    // an arrow keeps it too, and typing then appends
    await press(r, 'f', '\x1b[D', 'T', KEY.enter);
    frame = await waitFrame(r, (s) => s.includes('filter !GET: 1 of 3 lines'));
    assert.ok(!frame.includes('!GE!'));
    // Esc in the prompt restores the filter as it was
    await press(r, 'f', 'x', 'y', 'z', KEY.esc);
    await waitFrame(r, (s) => s.includes('filter !GET: 1 of 3 lines'));
  } finally {
    await closeLogs(r, store);
  }
});

test('the status line shows the since-preset', async () => {
  write('preset', 'a line');
  const { r, store } = await openLogs('preset');
  try {
    await waitFrame(r, (s) => s.includes('a line') && s.includes('· last 500 lines ·'));
    await press(r, '2');
    await waitFrame(r, (s) => s.includes('· since 5m ·'));
    await press(r, '5');
    await waitFrame(r, (s) => s.includes('· since 1h ·'));
    await press(r, '0');
    await waitFrame(r, (s) => s.includes('· all lines ·') && s.includes('a line'));
  } finally {
    await closeLogs(r, store);
  }
});

test("the logs title does not carry the table's filter badge", async () => {
  write('title', 'title line');
  const { r, store } = await openLogs('title', { tableFilter: 'p1' });
  try {
    const frame = await waitFrame(r, (s) => s.includes('title line'));
    const title = frame.split('\n').find((l) => l.includes('logs(ns/p1)')) ?? '';
    assert.doesNotMatch(title, /<\/p1>/, title);
    await press(r, KEY.esc);
    await waitFrame(r, (s) => s.includes('things(all)[1] </p1>'));
  } finally {
    await closeLogs(r, store);
  }
});

/** A TTY-like stdout whose size the test sets (ink-testing-library's is not a TTY, so Ink ignores its resizes). */
class FakeTty extends EventEmitter {
  readonly isTTY = true;
  frames: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (frame: string): boolean => {
    this.frames.push(frame);
    return true;
  };
}

class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  write(d: string): void {
    this.data = d;
    this.emit('readable');
    this.emit('data', d);
  }
  read = (): string | null => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

test('a resize never draws a frame wider than the terminal (a stale-width frame wraps and leaves characters at column 0)', async () => {
  write('resize', `wrapped ${'word '.repeat(40)}END`);
  for (let i = 0; i < 5; i++) write('resize', `short line ${i}`);
  const f = fakeSources();
  const logged: ResourceDef = {
    ...things,
    can: [capability({ cmd: 'logs', label: 'Logs', effect: { type: 'logs', targets: { of: () => [{ namespace: 'ns', pod: 'p1', container: 'resize' }] } }, mutating: false, hint: true })],
  };
  const store = new AppStore({ sources: f.factory, initial: { resource: logged, namespace: undefined } });
  const stdout = new FakeTty(120, 30);
  const stdin = new FakeStdin();
  let ink!: Instance;
  act(() => {
    ink = render(<App store={store} info={info} keymap={createKeymap()} theme={defaultTheme} services={testServices({ transport })} />, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      debug: true,
      interactive: true,
      exitOnCtrlC: false,
      patchConsole: false,
    });
  });
  const r = { stdin, lastFrame: () => stdout.frames.at(-1) } as unknown as Rendered;
  try {
    f.last().put(rec('ns', 'p1'));
    await waitFrame(r, (s) => s.includes('things(all)[1]'));
    await press(r, 'l');
    await waitFrame(r, (s) => s.includes('short line 4'));
    await press(r, 'w');
    await waitFrame(r, (s) => s.includes('· wrap'));
    for (const [cols, rows] of [
      [70, 24],
      [110, 35],
      [64, 28],
      [90, 26],
      [60, 30],
    ] as const) {
      stdout.frames = [];
      act(() => {
        stdout.columns = cols;
        stdout.rows = rows;
        stdout.emit('resize');
      });
      await waitFrame(r, (s) => s.split('\n').some((l) => /^─+ logs\(ns\/p1\) ─+$/.test(l) && displayWidth(l) === cols));
      for (const frame of stdout.frames) {
        for (const line of plain(frame).split('\n')) assert.ok(displayWidth(line) <= cols, `a ${displayWidth(line)}-column row on a ${cols}-column terminal:\n${line}`);
      }
    }
  } finally {
    act(() => ink.unmount());
    store.dispose();
    await waitFor(() => api.followerCount === 0, { what: 'log streams closed', timeoutMs: 3000 });
  }
});
