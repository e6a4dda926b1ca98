// The first list against the simulated cluster on a loopback port, in pages: every page lands in the cache
// (and is announced) as it arrives, marked `loading` while more are coming; the mark goes with the last page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseKubeconfig } from '../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../src/kube/kubeconfig.js';
import { Reflector } from '../../src/kube/reflector.js';
import { createTransport } from '../../src/kube/transport.js';
import type { Transport } from '../../src/kube/transport.js';
import { pods } from '../../src/resources/pods.js';
import { NAMESPACES, PODS, startSim } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { waitFor } from '../helpers/wait.js';

const N = 60;
let sim: SimHandle;
let t: Transport;

before(async () => {
  sim = await startSim({ scenario: 'empty', seed: 3 });
  sim.storage.create(NAMESPACES, { metadata: { name: 'load' }, status: { phase: 'Active' } } as never);
  for (let i = 0; i < N; i++) {
    sim.storage.create(PODS, { metadata: { name: `p-${String(i).padStart(3, '0')}`, namespace: 'load' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } as never);
  }
  const load = parseKubeconfig(sim.kubeconfig(), 'sim');
  assert.equal(load.kind, 'loaded');
  t = await createTransport((load as { config: LoadedKubeconfig }).config);
});
after(async () => {
  await t?.close();
  await sim?.close();
});

test('the first list shows its rows page by page, marked loading until the last page', async () => {
  assert.ok(new URL(sim.url).hostname === '127.0.0.1');
  const seen: { size: number; loading: boolean; phase: string }[] = [];
  const r: Reflector<unknown> = new Reflector({
    transport: t,
    path: { group: '', version: 'v1', plural: 'pods', namespace: 'load' },
    project: pods.project,
    onChange: () => seen.push({ size: r.size, loading: r.state.loading === true, phase: r.state.phase }),
    timing: { pageSize: 25 },
  });
  r.start();
  try {
    await waitFor(() => r.synced, { what: 'the list' });
    const pages = seen.filter((s, i) => s.size !== (seen[i - 1]?.size ?? 0));
    assert.deepEqual(
      pages.map((s) => [s.size, s.loading]),
      [
        [25, true],
        [50, true],
        [60, false],
      ],
      'one announcement per page, the first two marked loading',
    );
    assert.ok(pages.every((s) => s.phase === 'connecting'), 'pages arrive before the cache is synced');
    assert.equal(r.state.loading, undefined);
    assert.equal(r.size, N);
  } finally {
    await r.stop();
  }
});
