// What the bundle makes the TUI load (memory at start-up, issue 10): client-node only as far as
// KubeConfig and RequestContext reach (its whole namespace was a 3.3 MB chunk), and never Node's own
// undici and http2 (≈7 MB of RSS; kubedeck's HTTP is the undici package): neither an ESM import of
// node:http nor yoga-layout's fetch() of its WebAssembly may pull them in. Built here into a temp dir
// with the same options as `npm run build` (dist/ is left alone).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from '../helpers/sim-process.js';

interface Meta {
  outputs: Record<string, { bytes: number; inputs: Record<string, unknown> }>;
  inputs: Record<string, { imports: { path: string }[] }>;
}

let out = '';
let meta: Meta;

before(() => {
  out = mkdtempSync(join(tmpdir(), 'kubedeck-bundle-'));
  const script = `import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { bundleOptions } from ${JSON.stringify(join(root, 'scripts', 'build-options.mjs'))};
const r = await build(bundleOptions({ outdir: ${JSON.stringify(out)} }));
writeFileSync(${JSON.stringify(join(out, 'meta.json'))}, JSON.stringify(r.metafile));`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: 'inherit' });
  meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as Meta;
});
after(() => rmSync(out, { recursive: true, force: true }));

/** The output file holding `input` (a path under node_modules or src). */
function chunkOf(input: string): [string, number] {
  const hit = Object.entries(meta.outputs).find(([, o]) => Object.keys(o.inputs).some((i) => i.includes(input)));
  assert.ok(hit, `no chunk holds ${input}`);
  return [join(root, hit[0].startsWith('/') ? hit[0].slice(root.length) : hit[0]), hit[1].bytes];
}

/** Node's built-in modules loaded by importing `file` in a fresh process. */
function loadedBy(file: string): string[] {
  const script = `const a = new Set(process.moduleLoadList); await import(${JSON.stringify(file)});
process.stdout.write(JSON.stringify(process.moduleLoadList.filter((m) => !a.has(m))));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as string[];
}

test('client-node is bundled only as far as KubeConfig and RequestContext reach', () => {
  const [, bytes] = chunkOf('node_modules/@kubernetes/client-node/dist/config.js');
  assert.ok(bytes < 1024 * 1024, `the client-node chunk is ${(bytes / 2 ** 20).toFixed(1)} MiB`);
  assert.ok(!Object.values(meta.outputs).some((o) => Object.keys(o.inputs).some((i) => i.includes('client-node/dist/gen/apis/CoreV1Api'))), 'the generated API classes are not bundled');
});

test('client-node brings neither its generated models nor its WebSocket, watch and tar code', () => {
  const [, bytes] = chunkOf('node_modules/@kubernetes/client-node/dist/config.js');
  assert.ok(bytes < 300 * 1024, `the client-node chunk is ${(bytes / 1024).toFixed(0)} KiB (584 KiB with the models)`);
  for (const gone of ['client-node/dist/gen/models/ObjectSerializer', 'client-node/dist/gen/models/V1Pod.js', 'client-node/dist/web-socket-handler', 'client-node/dist/cp.js', 'tar-fs/']) {
    const [file] = Object.entries(meta.outputs).find(([, o]) => Object.keys(o.inputs).some((i) => i.includes(gone))) ?? [];
    assert.equal(file, undefined, `${gone} is bundled (in ${file})`);
  }
});

test("undici comes without fetch, WebSocket, caches and mocks (scripts/undici-slim.mjs serves 'undici')", () => {
  for (const gone of ['undici/index.js', 'undici/lib/web/fetch/index.js', 'undici/lib/web/websocket/', 'undici/lib/mock/', 'undici/lib/cache/']) {
    const [file] = Object.entries(meta.outputs).find(([, o]) => Object.keys(o.inputs).some((i) => i.includes(gone))) ?? [];
    assert.equal(file, undefined, `${gone} is bundled (in ${file})`);
  }
});

test('the transport tests pass on the bundled transport (slim undici, trimmed client-node)', () => {
  // test/kube/transport.test.ts bundled with the same options: its imports of src/kube reach the bundle's
  // undici and client-node, not the packages as tsx would load them
  const dir = join(out, 'transport-test');
  const script = `import { build } from 'esbuild';
import { bundleOptions } from ${JSON.stringify(join(root, 'scripts', 'build-options.mjs'))};
await build({ ...bundleOptions({ outdir: ${JSON.stringify(dir)} }), entryPoints: { transport: 'test/kube/transport.test.ts' } });`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: 'inherit' });
  const bundled = readFileSync(join(dir, 'transport.js'), 'utf8') + readdirSync(join(dir, 'chunks')).map((f) => readFileSync(join(dir, 'chunks', f), 'utf8')).join('');
  assert.doesNotMatch(bundled, /SnapshotAgent is experimental/, "undici's index is not in it");
  // the one test that reads src/kube's files from disk has no meaning in a bundle
  const env = { ...process.env };
  delete env['NODE_TEST_CONTEXT']; // a test run of its own, not a subtest of this one
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', '--test-skip-pattern=at top level', join(dir, 'transport.js')], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `${r.stdout.split('\n').filter((l) => /not ok|✖|Error/.test(l)).slice(0, 20).join('\n')}`);
  assert.match(r.stdout, /^# pass (1[5-9]|[2-9]\d)$/m);
});

test("neither the TUI's chunk nor client-node's loads Node's own undici", () => {
  for (const input of ['src/ui/App.tsx', 'node_modules/@kubernetes/client-node/dist/config.js']) {
    const [file] = chunkOf(input);
    const extra = loadedBy(file).filter((m) => /undici|http2/.test(m));
    // the undici package (kubedeck's HTTP) needs node:http2's binding; Node's bundled undici is never needed
    assert.ok(!extra.includes('NativeModule internal/deps/undici/undici'), `${input}: ${extra.join(', ')}`);
  }
});

test('every chunk is ASCII, so V8 keeps its source one byte a character (one non-ASCII character doubles it)', () => {
  for (const file of Object.keys(meta.outputs).filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(join(root, file.startsWith('/') ? file.slice(root.length) : file), 'utf8');
    const at = text.search(/[^\x00-\x7f]/);
    assert.equal(at, -1, `${file}: non-ASCII at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}`);
  }
});

test('the bundle draws frames with src/ui/ink/output.ts, not Ink’s own frame buffer (the same frame, less work)', () => {
  const inputs = Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs));
  assert.ok(inputs.some((i) => i.endsWith('src/ui/ink/output.ts')), 'src/ui/ink/output.ts is bundled');
  assert.ok(!inputs.some((i) => /node_modules\/ink\/build\/output\.js$/.test(i)), 'Ink’s output.js is not bundled');
  assert.ok(inputs.some((i) => /node_modules\/ink\/build\/renderer\.js$/.test(i)), 'Ink’s renderer is');
});

test('Ink measures text with src/util/fast-width.ts (string-width without its first-use regex compile)', () => {
  const measure = Object.entries(meta.inputs).find(([p]) => /node_modules\/widest-line\/index\.js$/.test(p));
  assert.ok(measure, "widest-line (Ink's measure-text) is bundled");
  const imports = measure[1].imports.map((i) => i.path);
  assert.ok(imports.some((i) => i.endsWith('src/util/fast-width.ts')), imports.join(', '));
  // fast-width itself still reaches string-width for what it does not answer
  const own = Object.entries(meta.inputs).find(([p]) => p.endsWith('src/util/fast-width.ts'));
  assert.ok(own?.[1].imports.some((i) => /node_modules\/string-width\/index\.js$/.test(i.path)));
});
