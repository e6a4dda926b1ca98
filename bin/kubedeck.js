#!/usr/bin/env node
// kubedeck launcher. Kept free of modern syntax so that any old Node can run it far enough to say
// which Node it found and what to do; then it loads the built entry (no TypeScript at run time).
var parts = process.versions.node.split('.').map(Number);
var major = parts[0] || 0;
var minor = parts[1] || 0;
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(
    'kubedeck: needs Node.js >= 22.19 but found ' +
      process.version +
      ' at ' +
      process.execPath +
      '; install Node 22 or newer (https://nodejs.org/en/download, or: nvm install 22)\n',
  );
  process.exit(1);
}
if (!process.env.NODE_ENV) process.env.NODE_ENV = 'production';
// Resident memory of the TUI (issue 10, test/bench/memory.ts): glibc's malloc keeps one arena per thread
// that allocates (V8's compiler and GC threads, libuv's pool), and raises its mmap threshold as big blocks
// are freed, so the compilers' zone memory of start-up stays resident as holes in the heap: 15-25 MB of a
// 110 MB empty view. Two arenas and a fixed 32 KiB threshold (bigger blocks mmapped and unmapped when
// freed) give them back. glibc reads these only when the process starts, so the launcher starts node again
// in the same process (execve: same pid, same terminal) with them set; the marker removes them again so
// that what kubedeck runs (editors, shells, exec credential plugins) inherits the user's environment.
// Not for `kubedeck sim`, --version or --help, not where execve is missing (Windows, Node < 22.15), and
// never over a user's own MALLOC_ARENA_MAX / MALLOC_MMAP_THRESHOLD_.
var env = process.env;
if (env.KUBEDECK_MALLOC_SET === '1') {
  delete env.KUBEDECK_MALLOC_SET;
  delete env.MALLOC_ARENA_MAX;
  delete env.MALLOC_MMAP_THRESHOLD_;
} else if (
  process.platform === 'linux' &&
  typeof process.execve === 'function' &&
  env.MALLOC_ARENA_MAX === undefined &&
  env.MALLOC_MMAP_THRESHOLD_ === undefined &&
  wantsTui(process.argv.slice(2))
) {
  var next = {};
  for (var k in env) next[k] = env[k];
  next.MALLOC_ARENA_MAX = '2';
  next.MALLOC_MMAP_THRESHOLD_ = '32768';
  next.KUBEDECK_MALLOC_SET = '1';
  try {
    process.execve(process.execPath, [process.execPath].concat(process.execArgv, youngCap(process.execArgv), [process.argv[1]], process.argv.slice(2)), next);
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- a catch binding old Node can parse
  } catch (e) {
    // not replaced (an exotic platform or a sandbox that forbids exec): start here, as before
  }
}
/**
 * A cap on V8's young generation (4 MB semi-spaces; V8's own is 16), read only when node starts, so it goes on
 * the second start's command line. The TUI keeps the young generation at its first size (1 MB) and lets it
 * grow to this cap only once a big list is cached (src/cli/release-memory.ts, tuneHeapForBigCache). Not over the user's own flag.
 */
function youngCap(execArgv) {
  for (var i = 0; i < execArgv.length; i++) if (execArgv[i].indexOf('semi-space-size') >= 0) return [];
  return ['--max-semi-space-size=4'];
}
/** The TUI, not `sim`, --version or --help (they exit at once: a second start would only cost time). */
function wantsTui(args) {
  if (args[0] === 'sim') return false;
  for (var i = 0; i < args.length; i++) {
    if (args[i] === '--') break;
    if (args[i] === '--version' || args[i] === '-v' || args[i] === '--help' || args[i] === '-h') return false;
  }
  return true;
}
// V8's compiled code for the built modules, kept on disk by Node (>= 22.1): from the second start on,
// compiling the 2.6 MB of JavaScript (a third of a second of CPU, more on a busy machine) is skipped, so the
// first list is asked for sooner (issue 10). Entries are checked against the source, so a new build is
// compiled afresh; NODE_DISABLE_COMPILE_CACHE=1 turns it off. The directory is NODE_COMPILE_CACHE's, else
// the user's own cache directory ($XDG_CACHE_HOME or ~/.cache, kubedeck/node-compile-cache), never Node's
// default in the shared temp dir: on a bastion host another user could plant code cache there, and V8 does
// not treat a code cache as untrusted input. No home, no cache.
var nodeModule = typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('node:module') : undefined;
var cacheHome = process.env.XDG_CACHE_HOME || (process.env.HOME ? process.env.HOME + '/.cache' : '');
var compileCacheDir = process.env.NODE_COMPILE_CACHE || (cacheHome && cacheHome.charAt(0) === '/' ? cacheHome + '/kubedeck/node-compile-cache' : '');
if (nodeModule && typeof nodeModule.enableCompileCache === 'function' && compileCacheDir) {
  try {
    nodeModule.enableCompileCache(compileCacheDir);
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- a catch binding old Node can parse
  } catch (e) {
    // an unwritable cache directory only costs the compile time
  }
}
import('../dist/cli.js').then(
  function (m) {
    return m.main(process.argv.slice(2));
  },
  function (err) {
    var missing = err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).indexOf('dist/cli.js') >= 0;
    process.stderr.write(
      missing
        ? 'kubedeck: the built entry dist/cli.js is missing; run `npm run build` in a source checkout\n'
        : 'kubedeck: failed to start: ' + (err && err.message ? err.message : String(err)) + '\n',
    );
    process.exit(1);
  },
);
