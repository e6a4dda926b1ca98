// scripts/ensure.mjs installs dependencies on a fresh clone: run with the real npm on a throwaway project
// whose one (local, offline) dependency asks for a Node no one has, as many of kubedeck's do on a system Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ensure = new URL('../../scripts/ensure.mjs', import.meta.url).pathname;
const npmFound = spawnSync('npm', ['--version'], { encoding: 'utf8' }).status === 0;

function project(dep: Record<string, unknown> | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-ensure-'));
  mkdirSync(join(dir, 'scripts'));
  copyFileSync(ensure, join(dir, 'scripts', 'ensure.mjs'));
  if (dep) {
    mkdirSync(join(dir, 'dep'));
    writeFileSync(join(dir, 'dep', 'package.json'), JSON.stringify(dep));
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 't', version: '1.0.0', dependencies: { dep: 'file:./dep' } }));
  return dir;
}

const env = { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false', npm_config_cache: join(tmpdir(), 'kubedeck-ensure-cache') };

test('a fresh install prints no EBADENGINE warnings, even with engine-strict set by the user', { skip: !npmFound && 'no npm' }, () => {
  const dir = project({ name: 'dep', version: '1.0.0', engines: { node: '>=99' } });
  try {
    const lock = spawnSync('npm', ['install', '--package-lock-only', '--loglevel=error'], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(lock.status, 0, lock.stderr);
    const r = spawnSync(process.execPath, ['scripts/ensure.mjs'], { cwd: dir, env: { ...env, npm_config_engine_strict: 'true' }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr + r.stdout, /EBADENGINE|npm warn/);
    assert.ok(existsSync(join(dir, 'node_modules', 'dep', 'package.json')), 'installed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failing install still shows npm\'s error and exits non-zero', { skip: !npmFound && 'no npm' }, () => {
  const dir = project({ name: 'dep', version: '1.0.0' });
  try {
    const lock = spawnSync('npm', ['install', '--package-lock-only', '--loglevel=error'], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(lock.status, 0, lock.stderr);
    // package.json no longer in sync with the lockfile: npm ci refuses
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 't', version: '1.0.0', dependencies: { dep: 'file:./dep', other: '1.0.0' } }));
    const r = spawnSync(process.execPath, ['scripts/ensure.mjs'], { cwd: dir, env, encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /npm error/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
