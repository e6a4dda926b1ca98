// Real kubectl against the simulator's controllers (real time): rollout status, set image, history, undo
// and undo --to-revision with the revision numbers a real cluster shows, scale, restart, pause/resume,
// and DaemonSet history/undo through ControllerRevisions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSim, DEPLOYMENTS, PODS } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { DAEMONSETS } from '../../src/sim/resources.js';
import { kubectlFor } from './helpers.js';
import type { Kubectl } from './helpers.js';
import type { Pod } from '../../src/util/k8s.js';
import { waitFor } from '../helpers/wait.js';

let sim: SimHandle;
let k: Kubectl;

async function ok(args: string[]): Promise<string> {
  const r = await k.run(args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}
const images = (): string[] =>
  [
    ...new Set(
      (sim.storage.list(PODS, 'default').items as Pod[])
        .filter((p) => p.metadata.labels?.['app'] === 'web' && !p.metadata.deletionTimestamp)
        .map((p) => p.spec?.containers[0]?.image ?? ''),
    ),
  ].sort();
/** The REVISION column of `kubectl rollout history` (after its title line). */
const history = async (what: string): Promise<string[]> =>
  (await ok(['rollout', 'history', what]))
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((c) => /^\d+$/.test(c));

before(async () => {
  sim = await startSim({ scenario: 'empty', seed: 12 });
  k = kubectlFor(sim);
  sim.storage.create(DEPLOYMENTS, {
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
    },
  });
});
after(async () => {
  await sim.close();
  k.cleanup();
});

test('rollout status, set image, history, undo, undo --to-revision', { timeout: 120_000 }, async () => {
  assert.match(
    await ok(['rollout', 'status', 'deploy/web', '--timeout=60s']),
    /deployment "web" successfully rolled out/,
  );
  await ok(['set', 'image', 'deploy/web', 'web=nginx:1.28']);
  await ok(['rollout', 'status', 'deploy/web', '--timeout=60s']);
  await waitFor(() => images().join() === 'nginx:1.28', { what: 'pods on nginx:1.28', timeoutMs: 30_000 });
  assert.deepEqual(await history('deploy/web'), ['1', '2']);
  assert.match(await ok(['rollout', 'undo', 'deploy/web']), /deployment\.apps\/web rolled back/);
  await ok(['rollout', 'status', 'deploy/web', '--timeout=60s']);
  await waitFor(() => images().join() === 'nginx:1.27', { what: 'back on nginx:1.27', timeoutMs: 30_000 });
  assert.deepEqual(await history('deploy/web'), ['2', '3']);
  await ok(['rollout', 'undo', 'deploy/web', '--to-revision=2']);
  await ok(['rollout', 'status', 'deploy/web', '--timeout=60s']);
  await waitFor(() => images().join() === 'nginx:1.28', { what: 'nginx:1.28 again', timeoutMs: 30_000 });
  assert.deepEqual(await history('deploy/web'), ['3', '4']);
  const r = await k.run(['rollout', 'undo', 'deploy/web', '--to-revision=9']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /unable to find specified revision 9 in history/);
});

test('scale, restart, pause and resume', { timeout: 120_000 }, async () => {
  await ok(['scale', 'deploy/web', '--replicas=5']);
  await waitFor(() =>
      (sim.storage.list(PODS, 'default').items as Pod[]).filter((p) => !p.metadata.deletionTimestamp)
        .length === 5, { what: '5 pods', timeoutMs: 30_000 });
  await ok(['rollout', 'restart', 'deploy/web']);
  await ok(['rollout', 'status', 'deploy/web', '--timeout=90s']);
  assert.equal((await history('deploy/web')).length, 3);
  await ok(['rollout', 'pause', 'deploy/web']);
  await ok(['set', 'image', 'deploy/web', 'web=nginx:1.29']);
  const paused = await k.run(['rollout', 'undo', 'deploy/web']);
  assert.notEqual(paused.code, 0, 'undo refuses a paused deployment');
  assert.ok(!images().includes('nginx:1.29'), 'no rollout while paused');
  await ok(['rollout', 'resume', 'deploy/web']);
  await ok(['rollout', 'status', 'deploy/web', '--timeout=90s']);
  await waitFor(() => images().join() === 'nginx:1.29', { what: 'nginx:1.29 after resume', timeoutMs: 30_000 });
});

test('DaemonSet rollout history and undo through ControllerRevisions', { timeout: 120_000 }, async () => {
  sim.storage.create(DAEMONSETS, {
    metadata: { name: 'agent', namespace: 'default' },
    spec: {
      // what the API server's defaulting would add (the simulator's admission does not default DaemonSets yet)
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'agent' } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: { containers: [{ name: 'agent', image: 'agent:1' }] },
      },
    },
  });
  await ok(['rollout', 'status', 'ds/agent', '--timeout=60s']);
  await ok(['set', 'image', 'ds/agent', 'agent=agent:2']);
  await ok(['rollout', 'status', 'ds/agent', '--timeout=60s']);
  assert.deepEqual(await history('ds/agent'), ['1', '2']);
  await ok(['rollout', 'undo', 'ds/agent']);
  await ok(['rollout', 'status', 'ds/agent', '--timeout=60s']);
  assert.deepEqual(await history('ds/agent'), ['2', '3']);
  const img = (sim.storage.list(PODS, 'default').items as Pod[])
    .filter((p) => p.metadata.labels?.['app'] === 'agent' && !p.metadata.deletionTimestamp)
    .map((p) => p.spec?.containers[0]?.image);
  assert.deepEqual([...new Set(img)], ['agent:1']);
});
