import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommand } from '../../src/store/commands/command.js';

test(':pods -l SELECTOR and -f FIELD: the selector runs to the next flag, spaces included', () => {
  const a = parseCommand('pods -l app=web', undefined);
  assert.equal(a.type, 'view');
  assert.equal(a.type === 'view' && a.filter, '-l app=web');
  const b = parseCommand('po shop -l tier in (a,b),!canary -A', undefined);
  assert.ok(b.type === 'view');
  assert.equal(b.filter, '-l tier in (a,b),!canary');
  assert.equal(b.namespace, 'shop');
  assert.equal(b.allNamespaces, true);
  const c = parseCommand('pods --field-selector spec.nodeName=node-1 -n kube-system', undefined);
  assert.ok(c.type === 'view');
  assert.equal(c.filter, '-f spec.nodeName=node-1');
  assert.equal(c.namespace, 'kube-system');
  const d = parseCommand('pods -l a=b -f c=d', undefined);
  assert.deepEqual(d, { type: 'error', message: 'use one selector: -l or -f' });
  // syntax is checked where the filter is applied (the store flashes a clear error and keeps the view)
  const e = parseCommand('pods -l', undefined);
  assert.ok(e.type === 'view' && e.filter === '-l ');
});
