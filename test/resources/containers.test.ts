import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containers } from '../../src/resources/containers.js';
import type { ContainerRec } from '../../src/resources/containers.js';
import type { Pod } from '../../src/util/k8s.js';

const now = Date.parse('2026-11-22T12:00:00Z');
const pod: Pod = {
  metadata: { name: 'web-1', namespace: 'shop', uid: 'u1', resourceVersion: '7', creationTimestamp: '2026-11-22T11:00:00Z' },
  spec: {
    initContainers: [
      { name: 'migrate', image: 'app:1' },
      { name: 'proxy', image: 'envoy:1', restartPolicy: 'Always' },
    ],
    containers: [
      { name: 'app', image: 'app:1', ports: [{ name: 'http', containerPort: 8080 }] },
      { name: 'evil\x1b[2J', image: 'x' },
    ],
  },
  status: {
    initContainerStatuses: [
      { name: 'migrate', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
      { name: 'proxy', ready: true, restartCount: 0, state: { running: { startedAt: '2026-11-22T11:30:00Z' } } },
    ],
    containerStatuses: [
      {
        name: 'app',
        ready: false,
        restartCount: 4,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: 1, finishedAt: '2026-11-22T11:59:30Z' } },
      },
    ],
  },
};

test('a pod expands into its init, sidecar and main containers, keyed under the pod', () => {
  const rows = containers.expand?.(containers.project(pod)) as ContainerRec[];
  assert.deepEqual(
    rows.map((r) => [r.key, r.kind]),
    [
      ['shop/web-1/migrate', 'init'],
      ['shop/web-1/proxy', 'sidecar'],
      ['shop/web-1/app', 'main'],
      ['shop/web-1/evil\x1b[2J', 'main'],
    ],
  );
  const [migrate, proxy, app, evil] = rows as [ContainerRec, ContainerRec, ContainerRec, ContainerRec];
  assert.deepEqual(containers.row(migrate, now).slice(0, 7), ['migrate', 'web-1', 'app:1', 'false', 'Terminated:Completed', 'true', '0']);
  assert.deepEqual(containers.status(migrate), { text: 'Terminated:Completed', tone: 'dim' });
  assert.equal(containers.row(proxy, now)[5], 'sidecar');
  assert.equal(containers.row(proxy, now)[8], '30m');
  assert.deepEqual(containers.row(app, now).slice(3, 8), ['false', 'Waiting:CrashLoopBackOff', 'false', '4 (30s ago)', 'http:8080/TCP']);
  assert.equal(containers.status(app).tone, 'error');
  assert.equal(containers.row(evil, now)[0], 'evil^[[2J');
  assert.equal(containers.row(evil, now)[4], 'Waiting');
});
