// What the bundle makes the TUI load (memory at start-up, issue 10): client-node only as far as
// KubeConfig and RequestContext reach (its whole namespace was a 3.3 MB chunk), and never Node's own
// undici and http2 (≈7 MB of RSS; kubedeck's HTTP is the undici package): neither an ESM import of
// node:http nor yoga-layout's fetch() of its WebAssembly may pull them in. Built here into a temp dir
// with the same options as `npm run build` (dist/ is left alone).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from '../helpers/sim-process.js';

interface Meta {
  outputs: Record<string, { bytes: number; inputs: Record<string, unknown> }>;
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
