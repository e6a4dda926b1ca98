import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { validateConfig } from '../../src/config/schema.js';
import { configFile } from '../../src/config/paths.js';
import { builtinThemeDir, listThemes, loadTheme, parseTheme, THEME_TOKENS } from '../../src/config/theme.js';
import { Command } from '../../src/keys/commands.js';
import { isValidKeySpec } from '../../src/keys/key-event.js';

const commands = new Set<string>(Object.values(Command));
const opts = { isCommand: (n: string) => commands.has(n), isKeySpec: isValidKeySpec };

test('config lives under XDG_CONFIG_HOME, else ~/.config', () => {
  assert.equal(configFile({ XDG_CONFIG_HOME: '/x' }), '/x/kubedeck/config.yaml');
  assert.equal(configFile({ HOME: '/home/u' }), '/home/u/.config/kubedeck/config.yaml');
});

test('a missing file is the defaults, with no problems', () => {
  const r = loadConfig({ file: join(tmpdir(), 'kubedeck-nope', 'config.yaml'), ...opts });
  assert.deepEqual(r.problems, []);
  assert.equal(r.config.readonly, false);
  assert.equal(r.config.theme, 'default');
});

test('a valid file: readonly, theme, rebound keys, aliases', () => {
  const { config, problems } = validateConfig(
    { readonly: true, theme: 'nord', keys: { down: ['n', 'down'], help: 'h' }, aliases: { kp: 'pods kube-system' } },
    opts,
  );
  assert.deepEqual(problems, []);
  assert.equal(config.readonly, true);
  assert.equal(config.theme, 'nord');
  assert.deepEqual(config.keys, { down: ['n', 'down'], help: ['h'] });
  assert.deepEqual(config.aliases, { kp: 'pods kube-system' });
});

test('each problem names its field, and only that field falls back to the default', () => {
  const { config, problems } = validateConfig(
    { readonly: 'yes', keys: { down: ['hyper+j'], bogus: 'x', up: ['k'] }, aliases: { 'bad name': 'pods' }, colour: 'red' },
    opts,
  );
  const paths = problems.map((p) => p.path).sort();
  assert.deepEqual(paths, ['aliases.bad name', 'colour', 'keys.bogus', 'keys.down[0]', 'readonly']);
  assert.equal(config.readonly, false);
  assert.deepEqual(config.keys, { up: ['k'] });
});

test('broken YAML is reported with the file and line, and the file is never written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-cfg-'));
  const file = join(dir, 'config.yaml');
  const text = 'readonly: true\nkeys:\n  down: [j\n';
  writeFileSync(file, text);
  const r = loadConfig({ file, ...opts });
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0] ?? '', new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line \\d+ YAML error`));
  assert.equal(r.config.readonly, false);
  assert.equal(readFileSync(file, 'utf8'), text);
});

test('at least six built-in themes, one light, all valid and complete', () => {
  const dir = builtinThemeDir();
  assert.ok(dir, 'themes/ found');
  const names = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  assert.ok(names.length >= 6, `${names.length} themes`);
  let light = 0;
  for (const f of names) {
    const r = parseTheme(readFileSync(join(dir, f), 'utf8'), f);
    assert.deepEqual(r.problems, [], f);
    assert.equal(r.theme?.name, f.slice(0, -5));
    for (const t of THEME_TOKENS) assert.ok(r.theme?.colors[t], `${f}: ${t}`);
    if (r.theme?.light) light++;
  }
  assert.ok(light >= 1);
});

test('a user theme overrides a built-in one; bad tokens and colours are reported', () => {
  const user = mkdtempSync(join(tmpdir(), 'kubedeck-themes-'));
  mkdirSync(user, { recursive: true });
  writeFileSync(join(user, 'nord.yaml'), 'name: nord\ncolors: { ok: "#000000", shiny: red, error: "not-a-colour!" }\n');
  const r = loadTheme('nord', user);
  assert.equal(r.theme?.colors.ok, '#000000');
  assert.equal(r.problems.length, 2);
  assert.ok(listThemes(user).includes('solarized-light'));
  assert.match(loadTheme('nope', user).problems[0] ?? '', /theme "nope" not found \(available: .*default/);
});

test('logBufferMB: a number of MiB from 1 to 4096, else the default 64 with a problem', () => {
  assert.equal(validateConfig({}).config.logBufferMB, 64);
  assert.equal(validateConfig({ logBufferMB: 256 }).config.logBufferMB, 256);
  for (const bad of [0, -1, 'big', 1e9]) {
    const r = validateConfig({ logBufferMB: bad });
    assert.equal(r.config.logBufferMB, 64);
    assert.deepEqual(r.problems.map((p) => p.path), ['logBufferMB']);
  }
});

test('logSpillMB: a number of MiB from 1 to 1048576, else the default 512 with a problem', () => {
  assert.equal(validateConfig({}).config.logSpillMB, 512);
  assert.equal(validateConfig({ logSpillMB: 2048 }).config.logSpillMB, 2048);
  assert.deepEqual(validateConfig({ logSpillMB: 1 }).problems, []);
  for (const bad of [0, -5, '1G', 2e6, Number.NaN, true]) {
    const r = validateConfig({ logSpillMB: bad });
    assert.equal(r.config.logSpillMB, 512);
    assert.deepEqual(r.problems.map((p) => p.path), ['logSpillMB']);
    assert.match(r.problems[0]?.message ?? '', /MiB from 1 to 1048576/);
  }
});
