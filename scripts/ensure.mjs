// Run by `npm start` and `npm test` before anything else, so both work from a fresh clone:
// installs dependencies when node_modules is missing or older than the lockfile, then (with "build")
// rebuilds dist/ when any source is newer than it. Runs on whatever Node npm runs on (20 is fine).
import { existsSync, statSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

/** The install a fresh clone gets: warnings silenced, errors kept. */
const NPM_CI_ARGS = ['ci', '--no-audit', '--no-fund', '--loglevel=error', '--engine-strict=false'];

const marker = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(marker) || mtime(marker) < mtime(join(root, 'package-lock.json'))) {
  process.stderr.write('kubedeck: installing dependencies (npm ci)…\n');
  // Quietly: on an older system Node, npm warns once per package whose `engines` asks for a newer one
  // (EBADENGINE, ~35 lines) and about install scripts. Those are harmless (the project runs on its own Node
  // from node_modules) but read as failure; errors are still printed. engine-strict off for this install
  // only, so a user's `engine-strict=true` does not refuse what the project itself runs fine.
  run('npm', NPM_CI_ARGS);
}

const newest = (dir) => {
  let m = 0;
  if (!existsSync(dir)) return m;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    m = Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return m;
};
if (process.argv[2] === 'build') {
  const built = mtime(join(root, 'dist', 'cli.js'));
  const src = Math.max(newest(join(root, 'src')), mtime(join(root, 'package.json')), mtime(join(root, 'scripts', 'build.mjs')), mtime(join(root, 'scripts', 'build-options.mjs')));
  if (built < src) run(join(root, 'node_modules', '.bin', 'node'), [join(root, 'scripts', 'build.mjs')]);
}
