// End to end: `e` hands the terminal to $EDITOR; a refused edit is shown and kept for a retry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tmux } from '../helpers/tmux.js';
import { bin, startSimProcess } from '../helpers/sim-process.js';

const ready = Tmux.available() && spawnSync('kubectl', ['version', '--client']).status === 0;
let sim: Awaited<ReturnType<typeof startSimProcess>>;
before(async () => {
  sim = await startSimProcess();
});
after(async () => {
  await sim?.stop();
});

test('e: a refused edit is reported and reopened with the error; the fixed edit applies', { skip: !ready && 'tmux or kubectl missing' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-edit-e2e-'));
  const editor = join(dir, 'editor.sh');
  // 1st run: rename the object (the server side refuses it); 2nd run: record what it was given, then
  // restore the name and set 4 replicas.
  writeFileSync(
    editor,
    `#!/bin/sh
if [ ! -f "${dir}/ran" ]; then touch "${dir}/ran"; sed -i 's/^  name: redis$/  name: redis-renamed/' "$1"; exit 0; fi
cp "$1" "${dir}/second.yaml"
sed -i -e 's/^  name: redis-renamed$/  name: redis/' -e 's/^  replicas: [0-9]*/  replicas: 4/' "$1"
`,
  );
  chmodSync(editor, 0o755);
  const tm = new Tmux('edit');
  try {
    tm.start(`env EDITOR=${editor} ${process.execPath} ${bin} --kubeconfig ${sim.kubeconfig} -c deploy -n shop`, 150, 40);
    await tm.wait(/deployments\(shop\)\[[1-9]\d*\]/);
    tm.type('/redis');
    tm.keys('Enter');
    await tm.wait(/deployments\(shop\)\[1\] <\/redis>/);
    tm.type('e');
    await tm.wait(/the name cannot be changed/);
    tm.type('e');
    await tm.wait(/deployment\.apps\/redis edited/);
    const second = readFileSync(join(dir, 'second.yaml'), 'utf8');
    assert.match(second, /^# The edit was refused/m);
    assert.match(second, /name: redis-renamed/, 'the kept edit is what the user had written');
    const cache = mkdtempSync(join(tmpdir(), 'kubectl-cache-'));
    const replicas = execFileSync('kubectl', ['--kubeconfig', sim.kubeconfig, '--cache-dir', cache, '-n', 'shop', 'get', 'deploy', 'redis', '-o', 'jsonpath={.spec.replicas}'], { encoding: 'utf8' });
    assert.equal(replicas, '4');
    assert.ok(existsSync(join(dir, 'ran')));
    tm.keys('C-c');
    assert.match(await tm.wait(/\[exited \d+\]/), /\[exited 0\]/);
  } finally {
    tm.stop();
  }
});
