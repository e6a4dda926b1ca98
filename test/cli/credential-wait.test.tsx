// While an exec credential plugin runs, the title says which one kubedeck waits for (not a bare
// `connecting…`), wired as the cli wires it (openConnection → transport → sources → App); closing the
// connection ends the plugin.
import '../helpers/force-color.js';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { App } from '../../src/ui/App.js';
import { createKeymap } from '../../src/keys/commands.js';
import { monochromeTheme } from '../../src/ui/theme/theme.js';
import { resolveResource } from '../../src/resources/registry.js';
import type { ResourceDef } from '../../src/resources/types.js';
import { openConnection } from '../../src/cli/connection.js';
import { parseKubeconfig } from '../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../src/kube/kubeconfig.js';
import { renderSized, waitFrame } from '../helpers/ink.js';
import { FakeApiServer } from '../kube/fake-apiserver.js';
import { CredentialWait, credentialAwareSource } from '../../src/store/sources/credential-wait.js';
import type { Source, SourceState } from '../../src/store/sources/source.js';

const dir = mkdtempSync(join(tmpdir(), 'kubedeck-wait-'));

/** The plugin's shell pid and its child's, once the plugin has written both. */
function pidsWritten(file: string): number[] | undefined {
  if (!existsSync(file)) return undefined;
  const pids = readFileSync(file, 'utf8').trim().split(' ').map(Number);
  return pids.length === 2 && pids.every((p) => p > 0) ? pids : undefined;
}
after(() => rmSync(dir, { recursive: true, force: true }));

test('the title names the credential plugin it waits for; closing ends the plugin', async () => {
  const api = await new FakeApiServer().listen();
  const pidFile = join(dir, 'pids');
  const plugin = join(dir, 'aws-iam-authenticator');
  writeFileSync(plugin, `#!/bin/sh\nsleep 1000 & echo "$$ $!" > ${pidFile}\nwait\n`);
  chmodSync(plugin, 0o755);
  const exec = { apiVersion: 'client.authentication.k8s.io/v1', command: plugin };
  const config = (parseKubeconfig(api.kubeconfig().replace(/user: \{.*\}$/m, `user: ${JSON.stringify({ exec })}`)) as { config: LoadedKubeconfig }).config;
  const pods = resolveResource('pods') as ResourceDef;
  const conn = openConnection({ config, simulated: false, readonly: true, initial: () => ({ resource: pods, namespace: undefined }) });
  if (conn instanceof Error) throw conn;
  conn.start(() => undefined);
  const r = renderSized(<App store={conn.store} info={conn.info} keymap={createKeymap()} theme={monochromeTheme} services={conn.services} />, 140, 20);
  try {
    const frame = await waitFrame(r, (s) => s.includes('waiting for credentials from aws-iam-authenticator…'), 15_000);
    assert.match(frame, /pods\(all\)\[0\] waiting for credentials from aws-iam-authenticator…/);
    // the title comes as kubedeck starts the plugin; its shell writes the two pids once it runs, which on a
    // loaded machine can be later (CI once closed the connection first): wait for them before closing
    const until = Date.now() + 10_000;
    while (pidsWritten(pidFile) === undefined && Date.now() < until) await new Promise((res) => setTimeout(res, 20));
  } finally {
    r.unmount();
    await conn.close();
    await api.close();
  }
  const pids = pidsWritten(pidFile);
  assert.ok(pids, 'the plugin ran and wrote its pids');
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const end = Date.now() + 10_000;
  while (pids.some(alive) && Date.now() < end) await new Promise((res) => setTimeout(res, 20));
  assert.deepEqual(pids.filter(alive), [], 'the plugin and its children ended with the connection');
});

test('a source waiting on a plugin says so, also after an earlier failure, and is told when the wait ends', () => {
  const wait = new CredentialWait();
  let phase: SourceState['phase'] = 'unauthorized';
  const inner: Source = {
    get state(): SourceState {
      return { phase, message: 'unauthorized: getting credentials: exec: executable x failed with exit code 1', since: 0, attempt: 1 };
    },
    version: 0,
    size: 0,
    items: () => [][Symbol.iterator](),
    start: () => undefined,
    stop: () => undefined,
  };
  let changes = 0;
  const src = credentialAwareSource(inner, wait, () => changes++);
  src.start();
  assert.equal(src.state.phase, 'unauthorized');
  wait.set('kubelogin');
  assert.equal(changes, 1);
  assert.deepEqual([src.state.phase, src.state.message], ['connecting', 'waiting for credentials from kubelogin…']);
  phase = 'reconnecting';
  assert.equal(src.state.phase, 'reconnecting');
  phase = 'synced';
  assert.equal(src.state.message?.startsWith('waiting'), false);
  wait.set(undefined);
  assert.equal(changes, 2);
  src.stop();
  wait.set('kubelogin');
  assert.equal(changes, 2, 'a stopped source is not told');
});
