// The RBAC of `kubedeck sim` as a user meets it: the built binary, its generated kubeconfig, kubectl.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bin, startSimProcess } from '../helpers/sim-process.js';

const built = existsSync(join(bin, '..', '..', 'dist', 'cli.js'));
let sim: Awaited<ReturnType<typeof startSimProcess>> | undefined;

function kubectl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!sim) throw new Error('sim not started');
  const dir = sim.dir;
  return new Promise((resolve) =>
    execFile(
      'kubectl',
      ['--kubeconfig', sim?.kubeconfig ?? '', '--cache-dir', join(dir, 'cache'), ...args],
      { timeout: 30_000, env: { ...process.env, HOME: dir, KUBECONFIG: '' } },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    ),
  );
}

before(async () => {
  assert.ok(built, 'dist/cli.js missing: npm test builds it first (pretest)');
  sim = await startSimProcess(['--scenario', 'demo']);
});
after(async () => {
  await sim?.stop();
  if (sim) rmSync(sim.dir, { recursive: true, force: true });
});

test('kubedeck sim: whoami, can-i, and --as sim-viewer cannot delete (the pod stays)', async () => {
  assert.match((await kubectl(['auth', 'whoami'])).stdout, /Username\s+sim-admin/);
  const can = await kubectl(['auth', 'can-i', 'delete', 'pods', '--as', 'sim-viewer', '-n', 'shop']);
  assert.deepEqual([can.code, can.stdout], [1, 'no\n']);
  const pod = (await kubectl(['get', 'pods', '-n', 'shop', '-o', 'jsonpath={.items[0].metadata.name}']))
    .stdout;
  assert.ok(pod);
  const del = await kubectl(['--as', 'sim-viewer', 'delete', 'pod', pod, '-n', 'shop']);
  assert.equal(del.code, 1);
  assert.equal(
    del.stderr.trim(),
    `Error from server (Forbidden): pods "${pod}" is forbidden: User "sim-viewer" cannot delete resource "pods" in API group "" in the namespace "shop"`,
  );
  assert.equal((await kubectl(['get', 'pod', pod, '-n', 'shop', '-o', 'name'])).stdout, `pod/${pod}\n`);
  const sa = await kubectl(['get', 'sa', '-A', '--field-selector', 'metadata.name=default', '-o', 'name']);
  assert.ok(sa.stdout.split('\n').filter(Boolean).length >= 10, sa.stdout);
  const all = await kubectl(['get', 'pdb,hpa,netpol,ingressclass,quota,limits,pc,rc', '-A']);
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stdout, /ingressclass\.networking\.k8s\.io\/nginx\s+k8s\.io\/ingress-nginx/);
  assert.match(all.stdout, /priorityclass\.scheduling\.k8s\.io\/system-cluster-critical/);
});
