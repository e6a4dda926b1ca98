// Exec credential plugins as shell scripts: a failing one is reported as kubectl reports it (exit code and
// stderr), a hung one is timed out and its processes ended (on time-out, on close and when kubedeck exits,
// nothing left with PPID 1), the UI is told which plugin it waits for, a good one's token is sent.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { KubeError } from '../../src/kube/errors.js';
import { parseKubeconfig } from '../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../src/kube/kubeconfig.js';
import { createTransport } from '../../src/kube/transport.js';
import type { TransportOptions } from '../../src/kube/transport.js';
import { FakeApiServer, pod } from './fake-apiserver.js';

const dir = mkdtempSync(join(tmpdir(), 'kubedeck-plugins-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}

function kubeconfig(api: FakeApiServer, command: string, args: string[] = [], extra: Record<string, unknown> = {}): LoadedKubeconfig {
  const exec = { apiVersion: 'client.authentication.k8s.io/v1', command, args, interactiveMode: 'Never', ...extra };
  return (parseKubeconfig(api.kubeconfig().replace(/user: \{.*\}$/m, `user: ${JSON.stringify({ exec })}`)) as { config: LoadedKubeconfig }).config;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A plugin that records its own and its `sleep`'s pid, then hangs. */
function hanging(name: string): { path: string; pids: () => number[] } {
  const pidFile = join(dir, `${name}.pids`);
  const path = script(name, `sleep 1000 & echo "$$ $!" > ${pidFile}\nwait`);
  return { path, pids: () => (existsSync(pidFile) ? readFileSync(pidFile, 'utf8').trim().split(' ').map(Number) : []) };
}

async function withTransport(api: FakeApiServer, cfg: LoadedKubeconfig, opts: TransportOptions, fn: (t: Awaited<ReturnType<typeof createTransport>>) => Promise<void>): Promise<void> {
  const t = await createTransport(cfg, undefined, opts);
  try {
    await fn(t);
  } finally {
    await t.close();
  }
}

void describe('exec credential plugin processes', () => {
  it('reports a failing plugin with its exit code and stderr, as kubectl does', async () => {
    const api = await new FakeApiServer().listen();
    try {
      const fail = script('fail.sh', 'echo "error: SSO session expired, run aws sso login" >&2\nexit 3');
      await withTransport(api, kubeconfig(api, fail), {}, async (t) => {
        const e = await t.request('/api/v1/pods').catch((x: unknown) => x);
        assert.ok(e instanceof KubeError);
        assert.equal(e.message, `unauthorized: getting credentials: exec: executable ${fail} failed with exit code 3: error: SSO session expired, run aws sso login`);
      });
      await withTransport(api, kubeconfig(api, 'false'), {}, async (t) => {
        const e = await t.request('/api/v1/pods').catch((x: unknown) => x);
        assert.ok(e instanceof KubeError);
        assert.equal(e.message, 'unauthorized: getting credentials: exec: executable false failed with exit code 1');
      });
      await withTransport(api, kubeconfig(api, join(dir, 'no-such-plugin'), [], { installHint: 'install it with: brew install no-such-plugin' }), {}, async (t) => {
        const e = await t.request('/api/v1/pods').catch((x: unknown) => x);
        assert.ok(e instanceof KubeError && /exec: executable .*no-such-plugin not found\. install it with: brew install no-such-plugin$/.test(e.message), String(e));
      });
    } finally {
      await api.close();
    }
  });

  it('sends the token of a plugin printing a valid ExecCredential', async () => {
    const api = await new FakeApiServer({ token: 'shell-plugin-token-123456' }).listen();
    api.create(pod('a'));
    try {
      const infoFile = join(dir, 'exec-info.json');
      const good = script(
        'good.sh',
        `printf '%s' "$KUBERNETES_EXEC_INFO" > ${infoFile}\nprintf '%s' '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"shell-plugin-token-123456"}}'`,
      );
      await withTransport(api, kubeconfig(api, good, [], { provideClusterInfo: true }), {}, async (t) => {
        const r = await t.request<{ items: unknown[] }>('/api/v1/pods');
        assert.equal(r.items.length, 1);
        assert.equal(api.requests.at(-1)?.auth, 'Bearer shell-plugin-token-123456');
      });
      // as client-go: KUBERNETES_EXEC_INFO, not interactive, the cluster when provideClusterInfo asks for it
      assert.deepEqual(JSON.parse(readFileSync(infoFile, 'utf8')), {
        apiVersion: 'client.authentication.k8s.io/v1',
        kind: 'ExecCredential',
        spec: { interactive: false, cluster: { server: api.url, 'insecure-skip-tls-verify': true } },
      });
    } finally {
      await api.close();
    }
  });

  it('times a hung plugin out, ends it and its children, and says which plugin it waited for', async () => {
    const api = await new FakeApiServer().listen();
    const plugin = hanging('aws-iam-authenticator');
    const waits: (string | undefined)[] = [];
    try {
      await withTransport(api, kubeconfig(api, plugin.path), { execTimeoutMs: 1500, onCredentialWait: (p) => waits.push(p) }, async (t) => {
        const e = await t.request('/api/v1/pods').catch((x: unknown) => x);
        assert.ok(e instanceof KubeError);
        assert.match(e.message, /^unauthorized: getting credentials: exec: executable .*aws-iam-authenticator did not finish within 2s \(stopped it\)$/);
        assert.deepEqual(waits, ['aws-iam-authenticator', undefined]);
        const pids = plugin.pids();
        assert.equal(pids.length, 2);
        await until(() => pids.every((p) => !alive(p)), 'the plugin and its sleep to end');
      });
    } finally {
      await api.close();
    }
  });

  it('ends a running plugin when the transport closes', async () => {
    const api = await new FakeApiServer().listen();
    const plugin = hanging('slow-login');
    try {
      const t = await createTransport(kubeconfig(api, plugin.path));
      const pending = t.request('/api/v1/pods').catch((x: unknown) => x);
      await until(() => plugin.pids().length === 2, 'the plugin to start');
      await t.close();
      assert.ok((await pending) instanceof KubeError);
      const pids = plugin.pids();
      await until(() => pids.every((p) => !alive(p)), 'the plugin and its sleep to end');
    } finally {
      await api.close();
    }
  });

  it('leaves no plugin process behind when kubedeck exits while waiting', async () => {
    const api = await new FakeApiServer().listen();
    const plugin = hanging('exit-plugin');
    const cfgFile = join(dir, 'exit-kubeconfig.yaml');
    const exec = { apiVersion: 'client.authentication.k8s.io/v1', command: plugin.path };
    writeFileSync(cfgFile, api.kubeconfig().replace(/user: \{.*\}$/m, `user: ${JSON.stringify({ exec })}`));
    const main = join(dir, 'exit-main.mts');
    const src = (f: string): string => JSON.stringify(resolve('src/kube', f));
    writeFileSync(
      main,
      `import { readFileSync, existsSync } from 'node:fs';
import { parseKubeconfig } from ${src('kubeconfig.ts')};
import { createTransport } from ${src('transport.ts')};
const cfg = parseKubeconfig(readFileSync(${JSON.stringify(cfgFile)}, 'utf8')).config;
const t = await createTransport(cfg);
void t.request('/api/v1/pods').catch(() => undefined);
const timer = setInterval(() => { if (existsSync(${JSON.stringify(join(dir, 'exit-plugin.pids'))})) process.exit(0); }, 20);
`,
    );
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', main], { stdio: 'inherit' });
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      assert.equal(code, 0);
      const pids = plugin.pids();
      assert.equal(pids.length, 2);
      await until(() => pids.every((p) => !alive(p)), 'the orphaned plugin to be gone');
    } finally {
      await api.close();
    }
  });
});
