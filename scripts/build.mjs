// Bundles kubedeck into dist/: what `npx kubedeck` users install is this output only.
// client-node is reached only through dynamic import(), so esbuild splits it into its own chunk and
// it stays off the path to the first frame.
import { build } from 'esbuild';
import { rmSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleOptions, root } from './build-options.mjs';

rmSync(join(root, 'dist'), { recursive: true, force: true });

const result = await build(bundleOptions({ outdir: 'dist' }));
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
