// kubedeck's frame buffer (src/ui/ink/output.ts, put in place of Ink's by the bundle) returns Ink's own frame,
// character for character: random writes and clips, and the operations of real kubedeck frames, are replayed
// into both, frame after frame (the second frame onwards is where its caches answer).
import '../helpers/force-color.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
// Ink's own, by its file (the package's exports do not name it): the one its renderer uses in these tests
import InkOutput from '../../node_modules/ink/build/output.js';
import Output from '../../src/ui/ink/output.js';
import { App } from '../../src/ui/App.js';
import { AppStore } from '../../src/store/app-store.js';
import { createKeymap } from '../../src/keys/commands.js';
import { defaultTheme } from '../../src/ui/theme/theme.js';
import { resolveResource } from '../../src/resources/registry.js';
import type { ResourceDef } from '../../src/resources/types.js';
import type { Pod } from '../../src/util/k8s.js';
import { fakeSources } from '../helpers/fake-source.js';
import { seededRng } from '../helpers/store-fixtures.js';
import { press, renderSized, waitFrame } from '../helpers/ink.js';

type Transformer = (line: string, index: number) => string;
type Op = { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] } | { type: 'clip'; clip: Clip } | { type: 'unclip' };
interface Clip {
  x1: number | undefined;
  x2: number | undefined;
  y1: number | undefined;
  y2: number | undefined;
}
interface Buffer {
  write(x: number, y: number, text: string, o: { transformers: Transformer[] }): void;
  clip(c: Clip): void;
  unclip(): void;
  get(): { output: string; height: number };
}

function replay(b: Buffer, ops: readonly Op[]): { output: string; height: number } {
  for (const op of ops) {
    if (op.type === 'write') b.write(op.x, op.y, op.text, { transformers: op.transformers });
    else if (op.type === 'clip') b.clip(op.clip);
    else b.unclip();
  }
  return b.get();
}

// what cluster strings and kubedeck's own cells carry: ASCII, CJK, emoji, combining marks, zero-width and
// invisible code points, SGR colours, bold, inverse, and resets in the middle of a line
const PIECES = ['nginx-7c5', ' ', 'Running', '日本語', '🙂', 'é', 'e\u0301', '\u200b', '\u00ad', '\x1b[31m', '\x1b[1m', '\x1b[7m', '\x1b[39m', '\x1b[0m', '\x1b[38;5;208m', '│', '─', '…', 'ｗｉｄｅ', '\t'];
const red: Transformer = (l) => `\x1b[31m${l}\x1b[39m`;
const numbered: Transformer = (l, i) => (i % 2 ? `\x1b[2m${l}\x1b[22m` : l);

test('random writes, clips and transformers: the same frame as Ink, frame after frame', () => {
  const rnd = seededRng(20261204);
  const pick = <T,>(a: readonly T[]): T => a[rnd(a.length)] as T;
  // texts and positions repeat across frames, as they do on a screen
  const texts = Array.from({ length: 40 }, () => {
    let s = '';
    const n = 1 + rnd(12);
    for (let i = 0; i < n; i++) s += rnd(8) === 0 ? '\n' : pick(PIECES);
    return s;
  });
  const bound = (lo: number, hi: number): number | undefined => (rnd(5) === 0 ? undefined : lo + rnd(hi - lo));
  for (let frame = 0; frame < 400; frame++) {
    const width = frame % 50 === 49 ? 1 + rnd(8) : 20 + rnd(4);
    const height = 6 + rnd(3);
    const ops: Op[] = [];
    let depth = 0;
    const n = 1 + rnd(14);
    for (let i = 0; i < n; i++) {
      const r = rnd(10);
      if (r === 0) {
        ops.push({ type: 'clip', clip: { x1: bound(-3, 12), x2: bound(0, 26), y1: bound(-2, 5), y2: bound(0, 9) } });
        depth++;
      } else if (r === 1 && depth > 0) {
        ops.push({ type: 'unclip' });
        depth--;
      } else {
        const transformers = [[], [red], [numbered, red], [numbered]][rnd(4)] as Transformer[];
        ops.push({ type: 'write', x: rnd(30) - 5, y: rnd(11) - 2, text: pick(texts), transformers });
      }
    }
    const theirs = replay(new InkOutput({ width, height }) as unknown as Buffer, ops);
    const ours = replay(new Output({ width, height }), ops);
    assert.deepEqual(ours, theirs, `frame ${frame}: ${JSON.stringify(ops.map((o) => (o.type === 'write' ? { ...o, transformers: o.transformers.length } : o)))}`);
  }
});

test('the cut of a line to columns is Ink’s, wide characters cut in half included', () => {
  const ink = new InkOutput({ width: 1, height: 1 });
  const ours = new Output({ width: 1, height: 1 });
  for (const line of ['abc日本語def', '\x1b[31m日本\x1b[39mxy', 'ｗｉｄｅ\x1b[7m inverse\x1b[27m', '🙂🙂🙂', ''])
    for (let from = -1; from < 12; from++) for (let to = from - 1; to < 14; to++) assert.equal(ours.sliceLineToColumns(line, from, to), ink.sliceLineToColumns(line, from, to), `${JSON.stringify(line)} ${from}..${to}`);
});

const info = { context: 'kind-dev', server: 'https://127.0.0.1:6443', user: 'admin', simulated: false, readonly: false, version: '0.1.0' };
const podsDef = resolveResource('pods') as ResourceDef;
function pod(i: number): Pod {
  const name = i % 7 === 0 ? `web-日本語-${i}` : i % 11 === 0 ? `emoji-🙂-${i}` : `api-${i.toString(36)}`;
  return {
    metadata: { name, namespace: `ns-${i % 3}`, uid: `u${i}`, resourceVersion: '1', creationTimestamp: new Date(Date.now() - 65_000 * i).toISOString() },
    spec: { containers: [{ name: 'app', image: 'nginx' }], nodeName: `node-${i % 4}` },
    status:
      i % 5 === 0
        ? { phase: 'Pending' }
        : { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'app', ready: true, restartCount: i % 3, state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }] },
  };
}

test('kubedeck’s own frames (table, selection, sort, filter, help, the prompt, a resize): the same as Ink’s', async () => {
  // every frame Ink's renderer builds in this test is also built by ours from the same operations
  const proto = InkOutput.prototype as unknown as { get(this: { operations: Op[]; width: number; height: number }): { output: string; height: number } };
  const inkGet = proto.get;
  let frames = 0;
  const diffs: string[] = [];
  proto.get = function (this: { operations: Op[]; width: number; height: number }) {
    const theirs = inkGet.call(this);
    const ours = replay(new Output({ width: this.width, height: this.height }), this.operations);
    frames++;
    if (ours.output !== theirs.output || ours.height !== theirs.height) diffs.push(`frame ${frames}:\n${theirs.output}\n--- ours:\n${ours.output}`);
    return theirs;
  };
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: podsDef, namespace: undefined } });
  const r = renderSized(<App store={store} info={info} keymap={createKeymap()} theme={defaultTheme} />, 120, 30);
  try {
    f.last().put(...Array.from({ length: 60 }, (_, i) => podsDef.project(pod(i))));
    await waitFrame(r, (s) => s.includes('pods(all)[60]'));
    await press(r, 'j', 'j', 'j', 'S', 'G', 'k');
    await press(r, '/', 'w', 'e', 'b', '\r');
    await waitFrame(r, (s) => s.includes('</web>'));
    await press(r, '\x1b', '?');
    await waitFrame(r, (s) => s.includes('GENERAL'));
    await press(r, '\x1b', ':', 'd', 'e', 'p');
    await waitFrame(r, (s) => s.includes(':dep'));
    await press(r, '\x1b');
    // a narrower terminal: cells cut at new column edges
    Object.defineProperty(r.stdout, 'columns', { get: () => 77, configurable: true });
    Object.defineProperty(r.stdout, 'rows', { get: () => 19, configurable: true });
    r.stdout.emit('resize');
    f.last().put(podsDef.project(pod(61)));
    await waitFrame(r, (s) => s.includes('pods(all)[61]'));
    assert.ok(frames >= 8, `${frames} frames compared`);
    assert.deepEqual(diffs, []);
  } finally {
    proto.get = inkGet;
    r.unmount();
    store.dispose();
  }
});
