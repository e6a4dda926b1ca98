// coordination.k8s.io/v1 Leases: each node's heartbeat Lease in kube-node-lease, renewed by its kubelet
// and left stale once the node is killed; `kubectl get leases -A` lists them with their holders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import { LEASES } from '../../src/sim/resources.js';
import { startSim } from '../../src/sim/index.js';
import { kubectlFor, parseTable } from './helpers.js';

type Lease = { spec?: { holderIdentity?: string; renewTime?: string; leaseDurationSeconds?: number } };

test('node leases are renewed every 10 s by live kubelets, not by a killed one', () => {
  const s = new ManualScheduler(Date.UTC(2026, 0, 1, 12));
  const c = createCluster({ scenario: 'demo', seed: 2, scheduler: s });
  const lease = (n: string) => c.storage.get(LEASES, 'kube-node-lease', n) as Lease | undefined;
  assert.equal(lease('kubedeck-worker')?.spec?.holderIdentity, 'kubedeck-worker');
  assert.equal(lease('kubedeck-worker')?.spec?.leaseDurationSeconds, 40);
  assert.equal(lease('kubedeck-worker')?.spec?.renewTime, '2026-01-01T12:00:00.000000Z');
  c.killNode('kubedeck-worker');
  s.advance(25_000);
  assert.equal(lease('kubedeck-worker')?.spec?.renewTime, '2026-01-01T12:00:00.000000Z', 'stale');
  assert.equal(lease('kubedeck-control-plane')?.spec?.renewTime, '2026-01-01T12:00:20.000000Z');
  c.restoreNode('kubedeck-worker');
  s.advance(10_000);
  assert.equal(lease('kubedeck-worker')?.spec?.renewTime, '2026-01-01T12:00:30.000000Z');
  const cm = c.storage.get(LEASES, 'kube-system', 'kube-controller-manager') as Lease | undefined;
  assert.match(cm?.spec?.holderIdentity ?? '', /^kubedeck-control-plane_[0-9a-f-]{36}$/);
  c.stop();
  s.dispose();
});

test(
  'kubectl get leases -A lists node and leader-election leases with HOLDER',
  { timeout: 60_000 },
  async () => {
    const sim = await startSim({ scenario: 'empty' });
    const k = kubectlFor(sim);
    try {
      const r = await k.run(['get', 'leases', '-A']);
      assert.equal(r.code, 0, r.stderr);
      const t = parseTable(r.stdout);
      assert.deepEqual(t.header, ['NAMESPACE', 'NAME', 'HOLDER', 'AGE']);
      const rows = t.rows.map((x) => `${x[0]}/${x[1]}=${x[2]?.split('_')[0]}`).sort();
      assert.deepEqual(rows, [
        'kube-node-lease/kubedeck-control-plane=kubedeck-control-plane',
        'kube-node-lease/kubedeck-worker=kubedeck-worker',
        'kube-system/kube-controller-manager=kubedeck-control-plane',
        'kube-system/kube-scheduler=kubedeck-control-plane',
      ]);
    } finally {
      k.cleanup();
      await sim.close();
    }
  },
);
