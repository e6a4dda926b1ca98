// What each kind declares it can do (src/resources, `can`) and what is derived from it: no kind binds one
// key twice (with the default bindings, nor against the table's own keys), hints come only from
// declarations, and the read-only notice names the capability.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resources, resolveResource } from '../../src/resources/registry.js';
import type { ResourceDef } from '../../src/resources/types.js';
import { Command, commandInfo, createKeymap, keyConflicts, keyHints } from '../../src/keys/commands.js';
import { blockedReason } from '../../src/store/actions/actions.js';
import { rowCommands } from '../../src/ui/hooks/row-commands.js';
import { rec } from '../helpers/tiny-resource.js';

const def = (name: string) => resolveResource(name) as ResourceDef;
const cmds = (r: ResourceDef) => (r.can ?? []).map((c) => c.cmd);
/** The commands of the screen a row key competes with: global and table ones (not the row ones). */
const screenCommands = (Object.keys(commandInfo) as Command[]).filter((c) => ['global', 'table'].includes(commandInfo[c].scope));

test('no kind binds one key to two things, among its own capabilities and the table screen', () => {
  const keymap = createKeymap();
  for (const r of resources) {
    const own = cmds(r);
    assert.equal(new Set(own).size, own.length, `${r.plural} declares a command twice`);
    assert.deepEqual(keyConflicts(keymap, own), [], r.plural);
    // a capability may take over a table command itself (Enter on :ctx), never share a key with another one
    const others = screenCommands.filter((c) => !own.includes(c));
    assert.deepEqual(keyConflicts(keymap, [...others, ...own]), [], `${r.plural} against the table's keys`);
  }
});

test('a user binding that makes two capabilities of one kind share a key is reported', () => {
  const keymap = createKeymap({ [Command.Kill]: ['s'] });
  assert.deepEqual(keyConflicts(keymap, cmds(def('pods'))), ['<s> is bound to both shell and kill']);
});

test('the header hints of a view are its kind\u2019s hinted capabilities and nothing else', () => {
  const keymap = createKeymap();
  const hinted = (name: string) => keyHints(keymap, rowCommands(def(name))).map((h) => `${h.key} ${h.label}`);
  assert.ok(hinted('pods').includes('<s> Shell'));
  assert.ok(!hinted('pods').some((h) => /Scale|Rollback/.test(h)));
  assert.ok(hinted('deployments').includes('<s> Scale') && hinted('deployments').includes('<u> Rollback'));
  for (const k of ['statefulsets', 'daemonsets']) assert.ok(hinted(k).includes('<u> Rollback'), `${k}: u is a real rollback now`);
  assert.ok(!hinted('replicasets').includes('<u> Rollback'));
  assert.ok(hinted('nodes').includes('<u> Uncordon') && hinted('nodes').includes('<r> Drain'));
  assert.ok(!hinted('contexts').some((h) => h.startsWith('<ctrl-d>')), ':ctx has no delete');
  assert.ok(hinted('portforwards').includes('<ctrl-d> Stop forwarding'));
  // read-only: the mutating ones vanish
  const ro = keyHints(createKeymap({}, true), rowCommands(def('deployments'))).map((h) => h.label);
  assert.ok(!ro.includes('Scale') && !ro.includes('Delete') && ro.includes('Describe'));
});

test('which kinds scale, roll back and stream logs is declared once, in their files', () => {
  const having = (type: string) => resources.filter((r) => r.can?.some((c) => c.effect.type === type)).map((r) => r.plural);
  assert.deepEqual(having('scale'), ['deployments', 'replicasets', 'replicationcontrollers', 'statefulsets']);
  assert.deepEqual(having('rollback'), ['deployments', 'statefulsets', 'daemonsets']);
  assert.deepEqual(having('shell'), ['pods', 'containers']);
  assert.deepEqual(having('port-forward'), ['pods', 'services', 'containers']);
  assert.deepEqual(having('logs'), ['pods', 'deployments', 'services', 'replicasets', 'replicationcontrollers', 'statefulsets', 'daemonsets', 'jobs', 'containers']);
});

test('why a capability cannot act: read-only names it, then nothing selected, then its own rule', () => {
  const nodes = def('nodes');
  const cap = (cmd: string) => nodes.can?.find((c) => c.cmd === cmd);
  const cordoned = { ...rec('', 'n1'), namespace: undefined, unschedulable: true };
  assert.equal(blockedReason(cap('uncordon')!, nodes, cordoned, true), 'read-only mode: uncordon is disabled');
  assert.equal(blockedReason(cap('drain')!, nodes, cordoned, true), 'read-only mode: drain is disabled');
  assert.equal(blockedReason(cap('edit')!, nodes, cordoned, true), 'read-only mode: edit is disabled');
  assert.equal(blockedReason(cap('describe')!, nodes, cordoned, true), undefined, 'describe reads');
  assert.equal(blockedReason(cap('cordon')!, nodes, cordoned, false), 'already cordoned');
  assert.equal(blockedReason(cap('uncordon')!, nodes, Object.assign({}, cordoned, { unschedulable: false }), false), 'not cordoned');
  assert.equal(blockedReason(cap('drain')!, nodes, undefined, false), 'no node selected');
  const deploy = def('deployments');
  const undo = deploy.can?.find((c) => c.cmd === 'rollback');
  assert.equal(blockedReason(undo!, deploy, Object.assign(rec('a', 'b'), { paused: true }), false), 'paused: resume it first');
  assert.equal(blockedReason(undo!, deploy, Object.assign(rec('a', 'b'), { deleting: true }), false), 'terminating');
});
