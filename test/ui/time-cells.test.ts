import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeCellsChange } from '../../src/ui/time-cells.js';
import { resolveResource } from '../../src/resources/registry.js';
import type { ResourceDef } from '../../src/resources/types.js';
import type { Pod } from '../../src/util/k8s.js';

const pods = resolveResource('pods') as ResourceDef;
const T = Date.UTC(2026, 11, 4, 12, 0, 0);
const pod = (name: string, ageMs: number) =>
  pods.project({
    metadata: { name, namespace: 'ns', uid: name, resourceVersion: '1', creationTimestamp: new Date(T - ageMs).toISOString() },
    spec: { containers: [{ name: 'app', image: 'nginx' }] },
    status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }] },
  } as Pod);
const list = (rows: ReturnType<typeof pod>[]) => ({ at: (i: number) => rows[i], length: rows.length });

test('pods days old read the same a second later; one 65 s old does not', () => {
  const old = [pod('a', 3 * 86_400_000), pod('b', 5 * 3_600_000 + 7 * 60_000)];
  assert.equal(timeCellsChange(pods, list(old), { top: 0, height: 10 }, T, T + 1000), false);
  // "5h7m" becomes "5h8m" at the next minute
  assert.equal(timeCellsChange(pods, list(old), { top: 0, height: 10 }, T, T + 60_000), true);
  const young = [...old, pod('c', 65_000)];
  assert.equal(timeCellsChange(pods, list(young), { top: 0, height: 10 }, T, T + 1000), true);
  // only the window counts: the young pod below it does not
  assert.equal(timeCellsChange(pods, list(young), { top: 0, height: 2 }, T, T + 1000), false);
  assert.equal(timeCellsChange(pods, list(young), undefined, T, T + 1000), true, 'no window drawn yet: render');
});
