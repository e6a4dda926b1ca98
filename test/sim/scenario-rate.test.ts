// How many pod changes per second the simulator can generate (and store) on this machine: 1000 pods in
// 100 Deployments (SIM_RATE_FULL=1; 200 pods by default, to stay light in the suite), half crash-looping and half running to completion every few seconds and restarting,
// on the manual clock advanced as fast as the CPU allows. Prints the rate; asserts a modest floor so it
// stays a smoke test under load. Run alone for a number: node --import tsx --test test/sim/scenario-rate.test.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import { DEPLOYMENTS, NAMESPACES, NODES, PODS } from '../../src/sim/resources.js';

const FULL = process.env['SIM_RATE_FULL'] === '1';
const DEPLOYS = FULL ? 100 : 20;
const MINUTES = FULL ? 10 : 3;

test('sustained pod change rate', () => {
  const s = new ManualScheduler(Date.UTC(2026, 0, 1));
  const c = createCluster({
    scenario: 'empty',
    seed: 1,
    scheduler: s,
    events: process.env['SIM_RATE_EVENTS'] === '1',
  });
  // room for 1000 pods
  for (let i = 2; i < 12; i++)
    c.storage.create(NODES, {
      metadata: { name: `bench-${i}`, labels: { 'kubernetes.io/hostname': `bench-${i}` } },
      spec: {},
      status: {
        allocatable: { cpu: '64', memory: '256Gi', pods: '250' },
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    });
  c.storage.create(NAMESPACES, { metadata: { name: 'bench' } });
  for (let i = 0; i < DEPLOYS; i++)
    c.storage.create(DEPLOYMENTS, {
      metadata: { name: `app-${i}`, namespace: 'bench' },
      spec: {
        replicas: 10,
        selector: { matchLabels: { app: `app-${i}` } },
        template: {
          metadata: {
            labels: { app: `app-${i}` },
            annotations: { 'sim.kubedeck.dev/behavior': i % 2 ? 'crashloop' : 'complete' },
          },
          spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] },
        },
      },
    });
  s.advance(60_000); // bring everything up
  let changes = 0;
  c.storage.subscribe(PODS, () => void changes++);
  const t0 = performance.now();
  s.advance(MINUTES * 60_000);
  const secs = (performance.now() - t0) / 1000;
  const rate = Math.round(changes / secs);
  console.log(
    `# ${changes} pod changes in ${secs.toFixed(2)} s wall (${MINUTES} min simulated, ${DEPLOYS * 10} pods): ${rate} changes/s`,
  );
  assert.ok(rate > 200, `rate ${rate}/s`);
  c.stop();
  s.dispose();
});
