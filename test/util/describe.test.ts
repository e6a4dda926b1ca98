// describe against kubectl's own output (the oracle): each fixture is an object read from the simulator with
// `kubectl get -o json` next to what `kubectl describe` (1.32) printed for it, Events cut off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { KObject } from '../../src/util/k8s.js';
import { describeLines } from '../../src/util/describe.js';
import { resolveResource } from '../../src/resources/registry.js';
import { tabwrite } from '../../src/util/tabwriter.js';

process.env.TZ = 'UTC';
const dir = new URL('./describe-oracle/', import.meta.url);
const load = (name: string) => ({
  obj: JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')) as KObject,
  kubectl: readFileSync(new URL(`${name}.txt`, dir), 'utf8').replace(/\n$/, '').split('\n'),
});
const ours = (plural: string, obj: KObject, events: KObject[] = []) => describeLines(obj, events, Date.now(), resolveResource(plural)?.describe);
const beforeEvents = (lines: string[]) => lines.slice(0, lines.findIndex((l) => l.startsWith('Events:')));

for (const name of ['pod-crashloop', 'pod-volumes', 'pod-failed', 'pod-static']) {
  test(`describe pod is kubectl's, line for line (${name})`, () => {
    const { obj, kubectl } = load(name);
    assert.deepEqual(beforeEvents(ours('pods', obj)), kubectl);
  });
}

test('a crash-looping pod: Status is the phase, the reason is per container with its last state', () => {
  const lines = ours('pods', load('pod-crashloop').obj);
  assert.ok(lines.includes('Status:           Running'));
  assert.ok(lines.includes('    State:          Waiting'));
  assert.ok(lines.includes('      Reason:       CrashLoopBackOff'));
  assert.ok(lines.includes('    Last State:     Terminated'));
  assert.ok(lines.includes('      Reason:       OOMKilled'));
  assert.ok(lines.includes('      Exit Code:    137'));
});

test('describe secret is kubectl\'s: sizes, never values, no Events', () => {
  const { obj, kubectl } = load('secret');
  const got = ours('secrets', obj);
  assert.deepEqual(got, kubectl);
  assert.equal(got.some((l) => l.startsWith('Events')), false);
});

// kubectl also prints what other objects say (a Deployment's ReplicaSets, a Service's EndpointSlices): those
// lines are left out here, and the alignment they widen is compared with spaces collapsed.
const squash = (lines: string[]) => lines.map((l) => l.replace(/ {2,}/g, '  ').trimEnd());

test('describe deployment is kubectl\'s but for its ReplicaSets', () => {
  const { obj, kubectl } = load('deployment');
  const want = kubectl.filter((l) => !/^(Old|New)ReplicaSets?:/.test(l));
  assert.deepEqual(squash(beforeEvents(ours('deployments', obj))), squash(want));
  const conditions = want.indexOf('Conditions:');
  assert.deepEqual(beforeEvents(ours('deployments', obj)).slice(0, conditions), want.slice(0, conditions));
});

test('describe service is kubectl\'s but for its Endpoints', () => {
  const { obj, kubectl } = load('service');
  assert.deepEqual(squash(ours('services', obj)), squash(kubectl.filter((l) => !l.startsWith('Endpoints:'))));
});

test('Events: a table of their own, kubectl\'s intervals', () => {
  const now = Date.parse('2026-12-03T23:00:00Z');
  const ev = (reason: string, at: string, count = 1) =>
    ({ metadata: { name: reason }, type: 'Warning', reason, message: ` ${reason} msg `, count, firstTimestamp: '2026-12-03T22:50:00Z', lastTimestamp: at, source: { component: 'kubelet' } }) as KObject;
  const lines = ours('pods', load('pod-crashloop').obj, [ev('BackOff', '2026-12-03T22:59:30Z', 12), ev('Failed', '2026-12-03T22:50:00Z')]).slice(-5);
  const got = describeLines(load('pod-crashloop').obj, [ev('BackOff', '2026-12-03T22:59:30Z', 12)], now, resolveResource('pods')?.describe);
  assert.deepEqual(got.slice(-4), ['Events:', '  Type     Reason   Age                 From     Message', '  ----     ------   ----                ----     -------', '  Warning  BackOff  30s (x12 over 10m)  kubelet  BackOff msg']);
  assert.equal(lines[0], 'Events:');
});

test('tabwrite aligns each column over the block of lines that have it, as Go does', () => {
  assert.deepEqual(tabwrite(['a:\tx', 'bbb:\ty', 'c', 'dd:\tz', '  e\tf\tg', '  hhhh\ti\tj']), ['a:    x', 'bbb:  y', 'c', 'dd:     z', '  e     f  g', '  hhhh  i  j']);
});
