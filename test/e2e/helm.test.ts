// End to end, in tmux against `kubedeck sim`, kubectl as the oracle: `:helm` shows the demo release, a
// rollback from its history returns the workload to the old image and leaves the records as helm leaves
// them (readable with helm's own encoding); read-only mode refuses rollback and uninstall.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { Tmux } from '../helpers/tmux.js';
import { bin, simForFile } from '../helpers/sim-process.js';
import { waitFor } from '../helpers/wait.js';

const fx = simForFile('default');
const { ready, kubectl } = fx;

const image = () => kubectl('get', 'deploy', 'podinfo', '-o', 'jsonpath={.spec.template.spec.containers[0].image}');

/** The records as helm reads them: a Secret's data.release is base64 of helm's base64(gzip(json)). */
function records(): { name: string; status: string; release: { version: number; info: { status: string; description: string } } }[] {
  const list = JSON.parse(kubectl('get', 'secrets', '-l', 'owner=helm,name=podinfo', '-o', 'json')) as { items: { type: string; metadata: { name: string; labels: Record<string, string> }; data: { release: string } }[] };
  return list.items
    .map((s) => {
      assert.equal(s.type, 'helm.sh/release.v1');
      const payload = Buffer.from(s.data.release, 'base64').toString();
      const json = gunzipSync(Buffer.from(payload, 'base64')).toString();
      return { name: s.metadata.name, status: s.metadata.labels['status'] ?? '', release: JSON.parse(json) as { version: number; info: { status: string; description: string } } };
    })
    .sort((a, b) => a.release.version - b.release.version);
}

test(':helm rollback from the history returns podinfo to the old image and writes revision 4 as helm would', { skip: !ready && 'tmux or kubectl missing' }, async () => {
  const tm = new Tmux('helm');
  try {
    assert.equal(image(), 'ghcr.io/stefanprodan/podinfo:6.7.1');
    tm.start(`${process.execPath} ${bin} --kubeconfig ${fx.sim.kubeconfig} -c helm -n default`, 160, 50);
    await tm.wait(/helm\(default\)\[1\]/);
    await tm.wait(/podinfo\s+default\s+3\s+.*failed\s+podinfo-6\.8\.0\s+6\.8\.0/);
    tm.type('u');
    await tm.wait(/\*2\s+.*deployed\s+podinfo-6\.7\.1/);
    tm.type('j');
    await tm.wait(/Values: revision 2 → 1/);
    tm.keys('Enter');
    await tm.wait(/Roll release default\/podinfo back to revision 1 \(podinfo-6\.7\.0\)\?/);
    tm.type('y');
    await tm.wait(/Rollback was a success! Happy Helming!/);
    await tm.wait(/podinfo\s+default\s+4\s+.*deployed\s+podinfo-6\.7\.0\s+6\.7\.0/);

    assert.equal(image(), 'ghcr.io/stefanprodan/podinfo:6.7.0');
    kubectl('rollout', 'status', 'deploy/podinfo', '--timeout=90s');
    await waitFor(() => /^ghcr\.io\/stefanprodan\/podinfo:6\.7\.0$/.test(kubectl('get', 'pods', '-l', 'app.kubernetes.io/instance=podinfo', '-o', 'jsonpath={.items[*].spec.containers[0].image}').trim()), { what: 'one pod on 6.7.0' });
    assert.equal(spawnSync('kubectl', ['--kubeconfig', fx.sim.kubeconfig, '-n', 'default', 'get', 'configmap', 'podinfo-ui']).status, 1, 'revision 1 has no ConfigMap: deleted');
    const recs = records();
    assert.deepEqual(recs.map((r) => [r.name, r.status, r.release.info.status]), [
      ['sh.helm.release.v1.podinfo.v1', 'superseded', 'superseded'],
      ['sh.helm.release.v1.podinfo.v2', 'superseded', 'superseded'],
      ['sh.helm.release.v1.podinfo.v3', 'failed', 'failed'],
      ['sh.helm.release.v1.podinfo.v4', 'deployed', 'deployed'],
    ]);
    assert.equal(recs[3]?.release.info.description, 'Rollback to 1');

    // Enter lists the release's objects with their status; the ConfigMap is gone from it
    tm.keys('Enter');
    await tm.wait(/helmresources\(default\)\[2\]/);
    await tm.wait(/podinfo\s+Deployment\s+Available/);
    tm.keys('C-c');
    assert.match(await tm.wait(/\[exited \d+\]/), /\[exited 0\]/);
  } finally {
    tm.stop();
  }
});

test('--readonly: :helm refuses rollback and uninstall; the records are unchanged', { skip: !ready && 'tmux or kubectl missing' }, async () => {
  const tm = new Tmux('helm-ro');
  try {
    const before = kubectl('get', 'secrets', '-l', 'owner=helm', '-o', 'jsonpath={.items[*].metadata.resourceVersion}');
    tm.start(`${process.execPath} ${bin} --kubeconfig ${fx.sim.kubeconfig} -c helm -n default --readonly`, 160, 40);
    await tm.wait(/podinfo\s+default\s+\d+/);
    tm.keys('C-d');
    await tm.wait(/read-only mode: uninstall is disabled/);
    tm.type('u');
    await tm.wait(/DESCRIPTION/);
    tm.type('j');
    tm.keys('Enter');
    await tm.wait(/read-only mode: rollback is disabled/);
    tm.type('y');
    tm.keys('C-c');
    await tm.wait(/\[exited 0\]/);
    assert.equal(kubectl('get', 'secrets', '-l', 'owner=helm', '-o', 'jsonpath={.items[*].metadata.resourceVersion}'), before);
  } finally {
    tm.stop();
  }
});
