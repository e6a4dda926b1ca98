import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { configNotice } from '../../src/config/notice.js';

test('config problems: one per line, each file named once above its own', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-notice-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(file, 'refreshMs: fast\nlogBufferMB: -3\nreadonly: maybe\n');
  const cfg = loadConfig({ file });
  assert.ok(cfg.problems.length >= 2, cfg.problems.join('\n'));
  const n = configNotice([...cfg.problems, '/themes/x.yaml: colors must be a mapping', 'keys: on pods, <s> is both Shell and Scale']);
  assert.ok(n);
  assert.match(n.title, new RegExp(`${cfg.problems.length + 2} problems`));
  assert.equal(n.lines.filter((l) => l.includes(file)).length, 1, 'the file is named once');
  assert.equal(n.lines[0], `${file}:`);
  for (let i = 1; i <= cfg.problems.length; i++) {
    assert.match(n.lines[i] ?? '', /^ {2}\S/);
    assert.doesNotMatch(n.lines[i] ?? '', /config\.yaml|; /);
  }
  assert.ok(n.lines.includes('/themes/x.yaml:'));
  assert.ok(n.lines.includes('  colors must be a mapping'));
  assert.ok(n.lines.includes('keys: on pods, <s> is both Shell and Scale'));
  assert.equal(configNotice([]), undefined);
});

test('a YAML error keeps its line number', () => {
  const n = configNotice(['/home/u/.config/kubedeck/config.yaml: line 3 YAML error: bad indentation; using defaults']);
  assert.deepEqual(n?.lines, ['/home/u/.config/kubedeck/config.yaml:', '  line 3: YAML error: bad indentation; using defaults']);
});
