import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay, sleep } from '../../src/kube/backoff.js';
import { LineSplitter } from '../../src/kube/lines.js';
import { collectionPath, objectPath } from '../../src/kube/resource-path.js';

void describe('backoffDelay', () => {
  it('doubles from 250 ms to a 30 s cap, with jitter in [d/2, d]', () => {
    const lo = { initialMs: 250, maxMs: 30_000, random: () => 0 };
    const hi = { ...lo, random: () => 0.999999 };
    assert.deepEqual([1, 2, 3, 4].map((a) => backoffDelay(a, hi)), [250, 500, 1000, 2000]);
    assert.deepEqual([1, 2, 3].map((a) => backoffDelay(a, lo)), [125, 250, 500]);
    assert.equal(backoffDelay(20, hi), 30_000);
    assert.equal(backoffDelay(1000, lo), 15_000);
  });
  it('sleep ends early on abort and leaves no timer', async () => {
    const ac = new AbortController();
    const started = Date.now();
    const p = sleep(60_000, ac.signal);
    ac.abort();
    await p;
    assert.ok(Date.now() - started < 1000);
  });
});

void describe('LineSplitter', () => {
  it('splits across chunks, handles CRLF and multi-byte characters cut in half', () => {
    const s = new LineSplitter();
    const bytes = new TextEncoder().encode('{"a":"ü"}\r\n{"b":');
    // cut inside the two-byte ü
    const cut = bytes.indexOf(0xc3) + 1;
    assert.deepEqual(s.push(bytes.subarray(0, cut)), []);
    assert.deepEqual(s.push(bytes.subarray(cut)), ['{"a":"ü"}']);
    assert.deepEqual(s.push(new TextEncoder().encode('1}\n\n{"c":2}\n{"d"')), ['{"b":1}', '{"c":2}']);
    assert.deepEqual(s.end(), ['{"d"']);
  });
});

void describe('resource paths', () => {
  it('builds core, group and namespaced paths', () => {
    assert.equal(collectionPath({ group: '', version: 'v1', plural: 'pods' }), '/api/v1/pods');
    assert.equal(collectionPath({ group: 'apps', version: 'v1', plural: 'deployments', namespace: 'kube-system' }), '/apis/apps/v1/namespaces/kube-system/deployments');
    assert.equal(objectPath({ group: '', version: 'v1', plural: 'pods', namespace: 'a b' }, 'p', 'log'), '/api/v1/namespaces/a%20b/pods/p/log');
  });
});
