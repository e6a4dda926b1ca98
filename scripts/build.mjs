// Bundles kubedeck into dist/: what `npx kubedeck` users install is this output only.
// client-node is reached only through dynamic import(), so esbuild splits it into its own chunk and
// it stays off the path to the first frame.
import { build } from 'esbuild';
import { rmSync, readFileSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
rmSync(join(root, 'dist'), { recursive: true, force: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts', 'sim-worker': 'src/sim/worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  keepNames: false,
  legalComments: 'none',
  sourcemap: false,
  metafile: true,
  chunkNames: 'chunks/[name]-[hash]',
  define: {
    'process.env.NODE_ENV': '"production"',
    KUBEDECK_VERSION: JSON.stringify(pkg.version),
  },
  // Optional native accelerators of ws, and Ink's devtools hook (only loaded when DEV=true).
  external: ['bufferutil', 'utf-8-validate', 'react-devtools-core'],
  banner: {
    js: "import{createRequire as __kdCreateRequire}from'node:module';const require=__kdCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
// ANALYZE=1 writes esbuild's metafile (what is in each chunk) next to dist/, not into the package.
if (process.env.ANALYZE) writeFileSync(join(root, 'build-meta.json'), JSON.stringify(result.metafile));

let total = 0;
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else total += statSync(p).size;
  }
};
walk(join(root, 'dist'));
process.stdout.write(`built dist/ (${(total / 1024).toFixed(0)} KiB)\n`);
