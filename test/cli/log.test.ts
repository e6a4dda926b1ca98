// --log-file: private (0600, also when the file existed wider), records watch errors as well as transport
// ones, and never a credential of the kubeconfig, even inside error messages that quote headers or URLs.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { addLogSecrets, log, setLogFile } from '../../src/cli/log.js';
import { openConnection } from '../../src/cli/connection.js';
import { kubeconfigSecrets } from '../../src/kube/client-config.js';
import { parseKubeconfig } from '../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../src/kube/kubeconfig.js';
import { resolveResource } from '../../src/resources/registry.js';
import type { ResourceDef } from '../../src/resources/types.js';
import { FakeApiServer, pod } from '../kube/fake-apiserver.js';

const dir = mkdtempSync(join(tmpdir(), 'kubedeck-log-'));
after(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => setLogFile(undefined));

const mode = (p: string): number => statSync(p).mode & 0o777;
const load = (yaml: string): LoadedKubeconfig => (parseKubeconfig(yaml) as { config: LoadedKubeconfig }).config;

async function until(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

void describe('--log-file', () => {
  it('creates the file 0600', () => {
    const p = join(dir, 'new.log');
    assert.equal(setLogFile(p), undefined);
    log('hello');
    assert.equal(mode(p), 0o600);
    assert.match(readFileSync(p, 'utf8'), /Z hello\n$/);
  });

  it('makes an existing world-readable file private, keeping what it held', () => {
    const p = join(dir, 'old.log');
    writeFileSync(p, 'earlier line\n');
    chmodSync(p, 0o644);
    assert.equal(setLogFile(p), undefined);
    assert.equal(mode(p), 0o600);
    log('later');
    assert.match(readFileSync(p, 'utf8'), /^earlier line\n.*later\n$/);
  });

  it('refuses a file it cannot open', () => {
    assert.match(setLogFile(join(dir, 'missing-dir', 'x.log')) ?? '', /--log-file .*ENOENT/);
  });

  it('never writes a token, password or client key of the kubeconfig', () => {
    const p = join(dir, 'secrets.log');
    setLogFile(p);
    const token = 'kd7QxZ2mVnR4pLs9wT';
    const password = 'pa55-w0rd-horse';
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const keyData = Buffer.from(pem).toString('base64');
    const cfg = load(
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: c',
        'clusters: [{name: k, cluster: {server: "https://127.0.0.1:1"}}]',
        `users: [{name: u, user: {token: ${token}, client-key-data: ${keyData}}}, {name: b, user: {username: me, password: ${password}}}]`,
        'contexts: [{name: c, context: {cluster: k, user: u}}]',
      ].join('\n'),
    );
    addLogSecrets(kubeconfigSecrets(cfg));
    const keyLine = pem.split('\n')[1] ?? '';
    log(`transport: GET https://127.0.0.1:1/api/v1/pods?access=${token} headers {"X-Token":"${token}","Authorization":"Bearer ${token}"}`);
    log(`tls: bad key ${keyData}`);
    log(`tls: bad key\n${pem}`);
    log(`tls: line ${keyLine}`);
    log(`basic auth me:${password} refused`);
    const text = readFileSync(p, 'utf8');
    assert.equal(text.match(/^\d{4}-\d\d-\d\dT/gm)?.length, 5, text);
    for (const secret of [token, password, keyData, keyLine, pem.trim()]) assert.ok(!text.includes(secret), `leaked ${secret.slice(0, 12)}… in\n${text}`);
    assert.match(text, /\[redacted\]/);
  });

  it('records watch errors, scrubbed of the token the server echoed', async () => {
    const p = join(dir, 'watch.log');
    setLogFile(p);
    const api = await new FakeApiServer({ token: 'echo-token-Z81kq02mfA' }).listen();
    api.create(pod('a'));
    api.faults.push({ on: 'list', kind: 'status', code: 500, reason: 'InternalError', message: `proxy saw header X-Token: echo-token-Z81kq02mfA and gave up` });
    const pods = resolveResource('pods') as ResourceDef;
    const conn = openConnection({ config: load(api.kubeconfig()), simulated: false, readonly: true, initial: () => ({ resource: pods, namespace: undefined }) });
    if (conn instanceof Error) throw conn;
    try {
      conn.start(() => undefined);
      await until(() => readFileSync(p, 'utf8').includes('watch pods'), 'the watch error in the log');
      const text = readFileSync(p, 'utf8');
      assert.match(text, /watch pods: server error: proxy saw header X-Token: \[redacted\] and gave up/);
      assert.ok(!text.includes('echo-token-Z81kq02mfA'), text);
    } finally {
      await conn.close();
      await api.close();
    }
  });
});
