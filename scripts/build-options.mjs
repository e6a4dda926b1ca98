// esbuild options shared by `npm run build` (dist/ for npm) and `npm run build:binary` (the same
// chunks, embedded in a single executable): one ESM bundle per entry, with client-node and the TUI
// reached only through dynamic import(), so esbuild splits them into chunks that stay off the path
// of `--version` and of the first frame.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;
export const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** @param {{ outdir: string, define?: Record<string, string> }} o */
export function bundleOptions({ outdir, define = {} }) {
  return {
    absWorkingDir: root,
    entryPoints: { cli: 'src/cli/main.ts', 'sim-worker': 'src/sim/worker.ts' },
    outdir,
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
      ...define,
    },
    // Optional native accelerators of ws, and Ink's devtools hook (only loaded when DEV=true).
    external: ['bufferutil', 'utf-8-validate', 'react-devtools-core'],
    banner: {
      js: "import{createRequire as __kdCreateRequire}from'node:module';const require=__kdCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  };
}
