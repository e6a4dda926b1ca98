// kubectl as the oracle for container logs served by the simulator (pods/log).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSim } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { kubectlFor } from './helpers.js';
import type { Kubectl } from './helpers.js';
import { waitFor } from '../helpers/wait.js';

let sim: SimHandle;
let k: Kubectl;
before(async () => {
  sim = await startSim({ scenario: 'demo', seed: 3 });
  k = kubectlFor(sim);
});
after(async () => {
  await sim.close();
  k.cleanup();
});

async function podOf(ns: string, prefix: string, ready = (s: string) => / Running /.test(s)): Promise<string> {
  return waitFor(async () => {
    const r = await k.run(['get', 'pods', '-n', ns, '--no-headers']);
    const line = r.stdout.split('\n').find((l) => l.startsWith(prefix) && ready(l));
    return line?.split(/\s+/)[0];
  }, { what: `a ${prefix} pod in ${ns}`, timeoutMs: 30000, intervalMs: 250 });
}

test('kubectl logs: tail, timestamps, unknown container and pod', async () => {
  const pod = await podOf('shop', 'frontend-');
  const lines = await waitFor(async () => {
    const r = await k.run(['logs', '-n', 'shop', pod, '--tail=2']);
    const out = r.stdout.trim().split('\n').filter(Boolean);
    return r.code === 0 && out.length === 2 ? out : undefined;
  }, { what: 'two log lines', timeoutMs: 20000, intervalMs: 250 });
  assert.equal(lines.length, 2);
  const ts = await k.run(['logs', '-n', 'shop', pod, '--tail=1', '--timestamps']);
  assert.match(ts.stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /);
  const bad = await k.run(['logs', '-n', 'shop', pod, '-c', 'nope']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /container nope is not valid for pod/);
  const missing = await k.run(['logs', '-n', 'shop', 'no-such-pod']);
  assert.match(missing.stderr, /pods "no-such-pod" not found/);
});

test('kubectl logs --previous on a crash-looping pod shows how it died', async () => {
  const pod = await podOf('payments', 'fraud-detector-', (l) => /CrashLoopBackOff|Error|Running/.test(l) && !/\s0\s+\d+s$/.test(l));
  const prev = await waitFor(async () => {
    const r = await k.run(['logs', '-n', 'payments', pod, '--previous']);
    return r.code === 0 && r.stdout.trim() ? r.stdout : undefined;
  }, { what: 'previous logs of the crash-looping pod', timeoutMs: 40000, intervalMs: 500 });
  assert.match(prev, /Exception|Error|panic|Traceback/);
});

test('kubectl logs -f streams new lines as they are written', async () => {
  const pod = await podOf('shop', 'frontend-');
  const p = k.start(['logs', '-n', 'shop', pod, '-f', '--tail=0']);
  let out = '';
  p.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  try {
    await waitFor(() => out.split('\n').filter(Boolean).length >= 2, { what: 'two streamed lines', timeoutMs: 20000, intervalMs: 100 });
  } finally {
    p.kill();
  }
});
