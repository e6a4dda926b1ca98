// The local port Shift-F proposes: a privileged container port (< 1024) as a non-root user becomes 8000 + port.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canBindLocally, proposeLocalPort } from '../../src/store/forwards/local-port.js';

test('a non-root user cannot bind ports below 1024; root and Windows (no uid) can', () => {
  assert.equal(canBindLocally(80, 1000), false);
  assert.equal(canBindLocally(1023, 1000), false);
  assert.equal(canBindLocally(1024, 1000), true);
  assert.equal(canBindLocally(80, 0), true);
  assert.equal(canBindLocally(80, undefined), true);
});

test('the proposed local port is the container port when bindable, else 8000 + port', () => {
  assert.equal(proposeLocalPort(80, 1000), 8080);
  assert.equal(proposeLocalPort(443, 1000), 8443);
  assert.equal(proposeLocalPort(8080, 1000), 8080);
  assert.equal(proposeLocalPort(80, 0), 80);
  for (let p = 1; p < 1024; p++) assert.ok(proposeLocalPort(p, 501) >= 1024);
});
