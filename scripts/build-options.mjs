// esbuild options shared by `npm run build` (dist/ for npm) and `npm run build:binary` (the same
// chunks, embedded in a single executable): one ESM bundle per entry, with client-node and the TUI
// reached only through dynamic import(), so esbuild splits them into chunks that stay off the path
// of `--version` and of the first frame.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
    plugins: [lightBuiltins, pureClientNode, slimUndici, inkOutput, fastWidth],
    logLevel: 'warning',
  };
}

// Memory at start-up: two ways the bundle would load Node's own undici (fetch, WebSocket) and http2, ≈7 MB
// of RSS that kubedeck never uses (its HTTP goes through the undici package):
//  - an ESM `import … from 'node:http'` builds the module's namespace, which reads node:http's lazy
//    WebSocket / CloseEvent / MessageEvent exports and so loads Node's undici. The import is served by a
//    module that takes node:http with require() and re-exports the rest (importing those three fails the build);
//  - yoga-layout (Ink's layout engine) reads its WebAssembly with fetch() of a data: URI whenever fetch exists;
//    it is told to use its synchronous base64 path instead (the build fails if that code changes shape).
const LAZY_HTTP = new Set(['WebSocket', 'CloseEvent', 'MessageEvent']);
const httpNames = Object.keys(createRequire(import.meta.url)('node:http')).filter((k) => !LAZY_HTTP.has(k));
const YOGA_FETCH = /"function"!=typeof fetch/g;
const lightBuiltins = {
  name: 'kubedeck-light-builtins',
  setup(b) {
    b.onResolve({ filter: /^(node:)?http$/ }, (a) =>
      a.kind === 'import-statement' || a.kind === 'dynamic-import' ? { path: 'node:http', namespace: 'kubedeck-http' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'kubedeck-http' }, () => ({
      contents: `const m = require('node:http');\nexport default m;\n${httpNames.map((k) => `export const ${k} = m.${k};`).join('\n')}\n`,
      loader: 'js',
    }));
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (a) => {
      const src = readFileSync(a.path, 'utf8');
      const n = src.match(YOGA_FETCH)?.length ?? 0;
      if (n !== 2) return { errors: [{ text: `yoga-layout changed: expected 2 fetch() checks in ${a.path}, found ${n} (see scripts/build-options.mjs)` }] };
      return { contents: src.replace(YOGA_FETCH, 'true'), loader: 'js' };
    });
  },
};

// Memory at start-up: client-node does not declare its modules free of side effects, so esbuild kept every
// module its index re-exports (759 generated model classes and their ObjectSerializer: 360 KB of the
// client-node chunk and ≈1,500 classes with attribute tables on the heap; the watch, cache, WebSocket and
// tar code) although kubedeck uses only KubeConfig and RequestContext (client-node.ts). Its dist/ modules
// only declare classes and functions, except polyfill.js (the `File` global for undici on Node 18), which
// stays as it is; marked side-effect free, the rest is kept only where something kubedeck uses reaches it.
const CLIENT_NODE_DIST = /[\\/]@kubernetes[\\/]client-node[\\/]dist[\\/]/;
const pureClientNode = {
  name: 'kubedeck-pure-client-node',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, async (a) => {
      if (a.pluginData === 'kubedeck-pure' || !CLIENT_NODE_DIST.test(a.importer)) return undefined;
      const r = await b.resolve(a.path, { kind: a.kind, importer: a.importer, resolveDir: a.resolveDir, pluginData: 'kubedeck-pure' });
      if (r.errors.length > 0 || !CLIENT_NODE_DIST.test(r.path) || /[\\/]polyfill\.js$/.test(r.path) || !r.path.endsWith('.js')) return undefined;
      return { path: r.path, sideEffects: false };
    });
  },
};

// Memory at start-up: undici's index loads fetch, WebSocket, EventSource, cache stores and mocks besides the
// dispatchers kubedeck uses; `undici` is served by scripts/undici-slim.mjs, which takes only those.
const slimUndici = {
  name: 'kubedeck-slim-undici',
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, () => ({ path: join(root, 'scripts', 'undici-slim.mjs') }));
  },
};

// CPU and garbage per frame: Ink's renderer imports its frame buffer as `./output.js`; the bundle takes
// src/ui/ink/output.ts instead, which returns the same frame but keeps the per-line work (tokenizing, clipping,
// widths) from one frame to the next (issue 10; test/ui/ink-output.test.ts compares the two). The build fails
// if a bundle with Ink's renderer does not import it that way, rather than quietly shipping Ink's own.
const INK_BUILD = /[\\/]ink[\\/]build[\\/]renderer\.js$/;
const inkOutput = {
  name: 'kubedeck-ink-output',
  setup(b) {
    let replaced = 0;
    let rendererSeen = false;
    b.onStart(() => {
      replaced = 0;
      rendererSeen = false;
    });
    b.onLoad({ filter: INK_BUILD }, () => {
      rendererSeen = true;
      return undefined;
    });
    b.onResolve({ filter: /^\.\/output\.js$/ }, (a) => {
      if (!INK_BUILD.test(a.importer)) return undefined;
      replaced++;
      return { path: join(root, 'src', 'ui', 'ink', 'output.ts') };
    });
    b.onEnd((r) => {
      if (r.errors.length === 0 && rendererSeen && replaced === 0) throw new Error("ink's renderer.js no longer imports ./output.js: see the kubedeck-ink-output plugin in scripts/build-options.mjs");
    });
  },
};

// Start-up CPU: string-width compiles its emoji regular expressions the first time it sees a non-ASCII
// string (~80 ms of the first frame, for the rule line). Ink and its helpers get src/util/fast-width.ts,
// which answers for box drawing, arrows, `…` and Latin-1 without them and asks string-width for the rest
// (test/util/fast-width.test.ts checks each code point it answers for against string-width).
const fastWidth = {
  name: 'kubedeck-fast-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, (a) =>
      /[\\/]node_modules[\\/]/.test(a.importer) ? { path: join(root, 'src', 'util', 'fast-width.ts') } : undefined,
    );
  },
};
