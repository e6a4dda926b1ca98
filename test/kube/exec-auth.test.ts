// An exec credential plugin (as EKS, GKE and OIDC logins use), run through client-node by the transport:
// its token is sent, concurrent first requests run it once, and after a 401 it runs again.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { KubeError } from '../../src/kube/errors.js';
import { parseKubeconfig } from '../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../src/kube/kubeconfig.js';
import { createTransport } from '../../src/kube/transport.js';
import { FakeApiServer, pod } from './fake-apiserver.js';

const dir = mkdtempSync(join(tmpdir(), 'kubedeck-exec-'));
const plugin = join(dir, 'plugin.mjs');
const tokenFile = join(dir, 'token');
const runs = join(dir, 'runs');
writeFileSync(
  plugin,
  `import { appendFileSync, readFileSync } from 'node:fs';
appendFileSync(${JSON.stringify(runs)}, 'x');
const token = readFileSync(${JSON.stringify(tokenFile)}, 'utf8').trim();
if (token === 'fail') { process.stderr.write('login required: run \`cloud auth login\`'); process.exit(1); }
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token } }));
`,
);
const runCount = (): number => {
  try {
    return readFileSync(runs, 'utf8').length;
  } catch {
    return 0;
  }
};

after(() => rmSync(dir, { recursive: true, force: true }));

void describe('exec credential plugins', () => {
  it('sends the plugin token, runs the plugin once for concurrent requests, re-runs it after a 401', async () => {
    const api = await new FakeApiServer({ token: 'exec-token-one-123456' }).listen();
    api.create(pod('a'));
    writeFileSync(tokenFile, 'exec-token-one-123456');
    const exec = { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin], interactiveMode: 'Never' };
    const yaml = api.kubeconfig().replace(/user: \{.*\}$/m, `user: ${JSON.stringify({ exec })}`);
    const loaded = (parseKubeconfig(yaml) as { config: LoadedKubeconfig }).config;
    const t = await createTransport(loaded);
    try {
      const results = await Promise.all(Array.from({ length: 5 }, () => t.request<{ items: unknown[] }>('/api/v1/pods')));
      assert.ok(results.every((r) => r.items.length === 1));
      assert.equal(runCount(), 1, 'one plugin run for five concurrent requests');
      assert.equal(api.requests.at(-1)?.auth, 'Bearer exec-token-one-123456');

      // the server rotates what it accepts; the cached token now gets 401 once, then the plugin runs again
      api.token = 'exec-token-two-654321';
      writeFileSync(tokenFile, 'exec-token-two-654321');
      const e = await t.request('/api/v1/pods').catch((x: unknown) => x);
      assert.ok(e instanceof KubeError && e.reason === 'Unauthorized');
      const again = await t.request<{ items: unknown[] }>('/api/v1/pods');
      assert.equal(again.items.length, 1);
      assert.equal(runCount(), 2);
    } finally {
      await t.close();
      await api.close();
    }
  });

  it('turns a failing plugin into one unauthorized error carrying its message', async () => {
    const api = await new FakeApiServer().listen();
    writeFileSync(tokenFile, 'fail');
    const exec = { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin] };
    const yaml = api.kubeconfig().replace(/user: \{.*\}$/m, `user: ${JSON.stringify({ exec })}`);
    const t = await createTransport((parseKubeconfig(yaml) as { config: LoadedKubeconfig }).config);
    try {
      const e = await t.request('/api/v1/pods').catch((x: unknown) => x);
      assert.ok(e instanceof KubeError);
      assert.equal(e.message, `unauthorized: getting credentials: exec: executable ${process.execPath} failed with exit code 1: login required: run \`cloud auth login\``);
    } finally {
      await t.close();
      await api.close();
    }
  });
});
