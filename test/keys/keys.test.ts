import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyMatches, isValidKeySpec, splitChunk } from '../../src/keys/key-event.js';
import { Command, createKeymap, helpEntries, keyHints } from '../../src/keys/commands.js';

test('key specs match the right key presses', () => {
  assert.ok(keyMatches('j', { input: 'j' }));
  assert.ok(!keyMatches('j', { input: 'J' }));
  assert.ok(keyMatches('G', { input: 'G', shift: true }));
  assert.ok(keyMatches('ctrl+c', { input: 'c', ctrl: true }));
  assert.ok(!keyMatches('c', { input: 'c', ctrl: true }));
  assert.ok(keyMatches('pgdn', { input: '', pageDown: true }));
  assert.ok(keyMatches('esc', { input: '', escape: true }));
  assert.ok(keyMatches('shift+tab', { input: '', tab: true, shift: true }));
  assert.ok(!keyMatches('tab', { input: '', tab: true, shift: true }));
  assert.ok(isValidKeySpec('ctrl+w') && isValidKeySpec('x') && !isValidKeySpec('ctrl+') && !isValidKeySpec('hyper+x'));
});

test('default keymap has k9s keys; overrides rebind', () => {
  const km = createKeymap();
  assert.ok(km.matches(Command.Down, { input: 'j' }));
  assert.ok(km.matches(Command.Down, { input: '', downArrow: true }));
  assert.ok(km.matches(Command.Bottom, { input: 'G' }));
  assert.ok(km.matches(Command.CommandPrompt, { input: ':' }));
  const re = createKeymap({ [Command.Down]: ['n'] });
  assert.ok(re.matches(Command.Down, { input: 'n' }));
  assert.ok(!re.matches(Command.Down, { input: 'j' }));
});

test('help and hints are generated from the keymap', () => {
  const km = createKeymap({ [Command.Help]: ['h'] });
  const help = helpEntries(km, ['global', 'table']);
  assert.ok(help.some((h) => h.keys === '<h>' && h.label === 'Help'));
  assert.ok(help.some((h) => h.keys === '<ctrl-c>'));
  assert.ok(keyHints(km).some((h) => h.key === '<h>' && h.label === 'Help'));
  assert.ok(keyHints(km).some((h) => h.key === '<:>' && h.label === 'Command'));
});

test('a chunk of input splits into key presses; control bytes are their Ctrl keys', () => {
  assert.deepEqual(splitChunk('ab\r\x13'), [{ input: 'a' }, { input: 'b' }, { input: '', return: true }, { input: 's', ctrl: true }]);
  assert.deepEqual(splitChunk('\t\x7f\x04\x00é'), [{ input: '', tab: true }, { input: '', backspace: true }, { input: 'd', ctrl: true }, { input: 'é' }]);
  assert.ok(keyMatches('ctrl+s', splitChunk('x\x13')[1] ?? { input: '' }));
});
