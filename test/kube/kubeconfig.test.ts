import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { clientNodeOptions } from '../../src/kube/client-config.js';
import { KubeError } from '../../src/kube/errors.js';
import { contextInfo, loadKubeconfig, parseKubeconfig } from '../../src/kube/kubeconfig.js';
import type { KubeconfigLoad, LoadedKubeconfig } from '../../src/kube/kubeconfig.js';

const dir = mkdtempSync(join(tmpdir(), 'kubedeck-kc-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

function loaded(r: KubeconfigLoad): LoadedKubeconfig {
  assert.equal(r.kind, 'loaded', r.kind === 'broken' ? r.error.message : r.kind);
  return (r as { config: LoadedKubeconfig }).config;
}

const A = file(
  'a.yaml',
  `apiVersion: v1
kind: Config
current-context: ctx-a
clusters:
- name: shared
  cluster: {server: "https://a.example:6443", certificate-authority: certs/ca.crt}
- name: only-a
  cluster: {server: "https://only-a:6443"}
users:
- name: u
  user: {token: from-a, client-key: keys/k.pem}
contexts:
- name: ctx-a
  context: {cluster: shared, user: u, namespace: team-a}
- name: dup
  context: {cluster: only-a, user: u}
`,
);
const B = file(
  'b.yaml',
  `current-context: ctx-b
clusters:
- name: shared
  cluster: {server: "https://b.example:6443"}
users:
- name: u
  user: {token: from-b}
- name: exec-user
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: ./bin/get-token, args: [x]}
contexts:
- name: ctx-b
  context: {cluster: shared, user: exec-user}
- name: dup
  context: {cluster: shared, user: exec-user, namespace: from-b}
`,
);
const NO_CURRENT = file('c.yaml', `clusters: []\ncontexts:\n- name: ctx-c\n  context: {cluster: only-a}\n`);

void describe('loadKubeconfig with kubectl rules', () => {
  void it('merges KUBECONFIG: first current-context wins, first name wins, missing files skipped', () => {
    const missing = join(dir, 'nope.yaml');
    const cfg = loaded(loadKubeconfig({ env: { KUBECONFIG: [missing, A, '', B].join(':') }, home: dir }));
    assert.deepEqual(cfg.files, [A, B]);
    assert.deepEqual(cfg.skipped, [missing]);
    assert.equal(cfg.currentContext, 'ctx-a');
    assert.equal(cfg.clusters.get('shared')?.server, 'https://a.example:6443');
    assert.equal(cfg.users.get('u')?.raw['token'], 'from-a');
    assert.deepEqual(
      cfg.contexts.map((c) => [c.name, c.cluster, c.namespace]),
      [
        ['ctx-a', 'shared', 'team-a'],
        ['dup', 'only-a', undefined],
        ['ctx-b', 'shared', undefined],
      ],
    );
  });

  void it('takes current-context from the first file that sets it', () => {
    const cfg = loaded(loadKubeconfig({ env: { KUBECONFIG: `${NO_CURRENT}:${B}:${A}` } }));
    assert.equal(cfg.currentContext, 'ctx-b');
    assert.equal(cfg.clusters.get('shared')?.server, 'https://b.example:6443');
  });

  void it('resolves relative paths against the defining file, exec commands only when they hold a slash', () => {
    const cfg = loaded(loadKubeconfig({ env: { KUBECONFIG: `${A}:${B}` } }));
    assert.equal(cfg.clusters.get('shared')?.raw['certificate-authority'], join(dir, 'certs/ca.crt'));
    assert.equal(cfg.users.get('u')?.raw['client-key'], join(dir, 'keys/k.pem'));
    const exec = cfg.users.get('exec-user')?.raw['exec'] as { command: string };
    assert.equal(exec.command, join(dir, 'bin/get-token'));
  });

  void it('--kubeconfig beats KUBECONFIG and must exist', () => {
    const cfg = loaded(loadKubeconfig({ explicitPath: B, env: { KUBECONFIG: A } }));
    assert.equal(cfg.currentContext, 'ctx-b');
    const r = loadKubeconfig({ explicitPath: join(dir, 'missing.yaml'), env: { KUBECONFIG: A } });
    assert.equal(r.kind, 'broken');
    assert.match((r as { error: KubeError }).error.message, /^config: kubeconfig .*missing\.yaml: file does not exist$/);
  });

  void it('falls back to ~/.kube/config, and says "none" when nothing exists', () => {
    const home = join(dir, 'home');
    const none = loadKubeconfig({ env: {}, home });
    assert.deepEqual(none, { kind: 'none', searched: [join(home, '.kube', 'config')] });
    const allMissing = loadKubeconfig({ env: { KUBECONFIG: join(dir, 'x1') + ':' + join(dir, 'x2') }, home });
    assert.equal(allMissing.kind, 'none');
    mkdirSync(join(home, '.kube'), { recursive: true });
    writeFileSync(join(home, '.kube', 'config'), `current-context: h\ncontexts: [{name: h, context: {cluster: c}}]\n`);
    assert.equal(loaded(loadKubeconfig({ env: {}, home })).currentContext, 'h');
  });

  void it('reports broken YAML with the file name and line', () => {
    const bad = file('bad.yaml', 'clusters:\n- name: x\n  cluster:\n    server: a\n   bad: indent\n');
    const r = loadKubeconfig({ env: { KUBECONFIG: `${A}:${bad}` } });
    assert.equal(r.kind, 'broken');
    const msg = (r as { error: KubeError }).error.message;
    assert.ok(msg.startsWith(`config: kubeconfig ${bad}: line 5: YAML error:`), msg);
    assert.ok(!msg.includes('\n'));
  });

  void it('rejects a document of the wrong shape, accepts an empty file', () => {
    const notMap = file('list.yaml', '- a\n- b\n');
    assert.match(JSON.stringify(loadKubeconfig({ explicitPath: notMap })), /expected a mapping/);
    const badList = file('badlist.yaml', 'contexts: {a: 1}\n');
    assert.match(JSON.stringify(loadKubeconfig({ explicitPath: badList })), /"contexts\\" must be a list/);
    const empty = file('empty.yaml', '# nothing here\n');
    const cfg = loaded(loadKubeconfig({ explicitPath: empty }));
    assert.equal(cfg.contexts.length, 0);
  });

  void it('parses an in-memory kubeconfig', () => {
    const cfg = loaded(parseKubeconfig('current-context: s\nclusters: [{name: s, cluster: {server: "https://127.0.0.1:1"}}]\ncontexts: [{name: s, context: {cluster: s}}]\n', 'sim'));
    assert.deepEqual(cfg.files, ['sim']);
    assert.deepEqual(contextInfo(cfg), { context: 's', cluster: 's', server: 'https://127.0.0.1:1', user: '', namespace: 'default', namespaceExplicit: false });
  });
});

void describe('contextInfo', () => {
  const cfg = loaded(loadKubeconfig({ env: { KUBECONFIG: `${A}:${B}:${NO_CURRENT}` } }));
  void it('resolves the current context', () => {
    assert.deepEqual(contextInfo(cfg), { context: 'ctx-a', cluster: 'shared', server: 'https://a.example:6443', user: 'u', namespace: 'team-a', namespaceExplicit: true });
  });
  void it('explains missing contexts, clusters and users', () => {
    const missing = contextInfo(cfg, 'nope');
    assert.ok(missing instanceof KubeError);
    assert.match(missing.message, /^config: context "nope" not found in kubeconfig \(available: ctx-a, dup, ctx-b, ctx-c\)$/);
    const noCluster = loaded(parseKubeconfig('contexts: [{name: x, context: {cluster: gone, user: u}}]'));
    assert.match((contextInfo(noCluster, 'x') as KubeError).message, /cluster "gone", which is not defined/);
    const noCurrent = loaded(parseKubeconfig('contexts: [{name: x, context: {cluster: gone}}]'));
    assert.match((contextInfo(noCurrent) as KubeError).message, /current-context is not set; choose one with --context \(available: x\)/);
  });
  void it('an empty kubeconfig says it has no contexts, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubedeck-empty-'));
    try {
      for (const text of ['', 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n']) {
        const file = join(dir, 'config');
        writeFileSync(file, text);
        const e = contextInfo(loaded(loadKubeconfig({ explicitPath: file })));
        assert.ok(e instanceof KubeError);
        assert.equal(e.message, `config: no contexts in ${file}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

void describe('clientNodeOptions', () => {
  void it('maps a context to client-node Cluster/User/Context like client-node does', () => {
    const cfg = loaded(loadKubeconfig({ env: { KUBECONFIG: `${A}:${B}` } }));
    const o = clientNodeOptions(cfg, 'ctx-b');
    assert.ok(!(o instanceof KubeError));
    assert.deepEqual(o.clusters, [{ name: 'shared', server: 'https://a.example:6443', skipTLSVerify: false, caFile: join(dir, 'certs/ca.crt') }]);
    assert.equal(o.users[0]?.name, 'exec-user');
    assert.deepEqual(o.contexts, [{ name: 'ctx-b', cluster: 'shared', user: 'exec-user' }]);
    assert.equal(o.namespace, 'default');
  });
  void it('reads token-file and gives anonymous contexts a user so TLS options still apply', () => {
    const tok = file('token', 'secret-from-file\n');
    const cfg = loaded(parseKubeconfig(`current-context: a\nclusters: [{name: c, cluster: {server: "https://x/", insecure-skip-tls-verify: true}}]\nusers: [{name: t, user: {token-file: ${tok}}}]\ncontexts: [{name: a, context: {cluster: c}}, {name: b, context: {cluster: c, user: t}}]\n`));
    const a = clientNodeOptions(cfg, 'a');
    assert.ok(!(a instanceof KubeError));
    assert.equal(a.server, 'https://x');
    assert.equal(a.users[0]?.name, a.contexts[0]?.user);
    const b = clientNodeOptions(cfg, 'b');
    assert.ok(!(b instanceof KubeError));
    assert.equal(b.users[0]?.token, 'secret-from-file');
  });
});
