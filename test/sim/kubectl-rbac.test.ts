// kubectl as the oracle for who may do what: auth whoami / can-i, RBAC objects that decide, impersonation,
// ServiceAccounts, and the policy kinds (drain with PodDisruptionBudgets, quotas, limit ranges, …).
import { waitFor } from '../helpers/wait.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSim } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { PODS } from '../../src/sim/resources.js';
import { api, kubectlFor, parseTable } from './helpers.js';
import type { Kubectl } from './helpers.js';

let sim: SimHandle;
let k: Kubectl;

async function ok(args: string[]): Promise<string> {
  const r = await k.run(args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}
async function fails(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await k.run(args);
  assert.notEqual(r.code, 0, `kubectl ${args.join(' ')} should fail: ${r.stdout}`);
  return { ...r, stderr: r.stderr.trim() };
}
function file(name: string, text: string): string {
  const p = join(k.kubeconfigPath, '..', name);
  writeFileSync(p, text);
  return p;
}

before(async () => {
  sim = await startSim({ scenario: 'empty' });
  k = kubectlFor(sim);
  // (kubectl create namespace|role|rolebinding send protobuf, which this simulator does not read yet: YAML)
  await ok(['apply', '-f', file('ns.yaml', ['team-a', 'team-b'].map(nsYaml).join('---\n'))]);
  await ok(['apply', '-f', file('pods.yaml', podsYaml())]);
});
after(async () => {
  await sim.close();
  k.cleanup();
});

const nsYaml = (name: string): string => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;

function roleBinding(name: string, ns: string, roleKind: string, role: string, subject: string): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ${name}, namespace: ${ns}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${roleKind}, name: ${role}}
subjects: [${subject}]
`;
}

function podsYaml(): string {
  return ['default', 'team-a', 'team-b']
    .map(
      (ns) => `apiVersion: v1
kind: Pod
metadata: {name: p1, namespace: ${ns}, labels: {app: p1}}
spec:
  containers: [{name: c, image: nginx:1.27}]
`,
    )
    .join('---\n');
}

test('kubectl auth whoami: the admin, the viewer, and an impersonated ServiceAccount', async () => {
  assert.equal(
    await ok(['auth', 'whoami']),
    'ATTRIBUTE   VALUE\nUsername    sim-admin\nGroups      [system:authenticated]\n',
  );
  assert.match(await ok(['--context', 'kubedeck-sim-viewer', 'auth', 'whoami']), /Username {4}sim-viewer\n/);
  assert.equal(
    await ok(['auth', 'whoami', '--as', 'system:serviceaccount:team-a:default']),
    'ATTRIBUTE   VALUE\nUsername    system:serviceaccount:team-a:default\n' +
      'Groups      [system:serviceaccounts system:serviceaccounts:team-a system:authenticated]\n',
  );
});

test('kubectl auth can-i: view lets sim-viewer read but not delete, exec or read secrets', async () => {
  assert.equal(await ok(['auth', 'can-i', 'delete', 'pods']), 'yes\n');
  const no = await fails(['auth', 'can-i', 'delete', 'pods', '--as', 'sim-viewer']);
  assert.equal(no.code, 1);
  assert.equal(no.stdout, 'no\n');
  assert.equal(await ok(['auth', 'can-i', 'list', 'pods', '--as', 'sim-viewer', '-A']), 'yes\n');
  assert.equal(
    await ok(['auth', 'can-i', 'get', 'pods', '--subresource=log', '--as', 'sim-viewer']),
    'yes\n',
  );
  assert.equal((await fails(['auth', 'can-i', 'create', 'pods/exec', '--as', 'sim-viewer'])).stdout, 'no\n');
  assert.equal((await fails(['auth', 'can-i', 'get', 'secrets', '--as', 'sim-viewer'])).stdout, 'no\n');
  assert.equal(await ok(['auth', 'can-i', 'get', '/api', '--as', 'sim-viewer']), 'yes\n');
  const list = await ok(['auth', 'can-i', '--list', '--as', 'sim-viewer']);
  assert.match(list, /^pods\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
  assert.match(list, /selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]/);
  assert.doesNotMatch(list, /^secrets /m);
});

test('kubectl --as sim-viewer delete pod is refused with the real message, and the pod stays', async () => {
  const r = await fails(['--as', 'sim-viewer', 'delete', 'pod', 'p1']);
  assert.equal(
    r.stderr,
    'Error from server (Forbidden): pods "p1" is forbidden: User "sim-viewer" cannot delete resource "pods" in API group "" in the namespace "default"',
  );
  assert.ok(sim.storage.get(PODS, 'default', 'p1'));
  const sec = await fails(['--context', 'kubedeck-sim-viewer', 'get', 'secrets', '-n', 'team-a']);
  assert.equal(
    sec.stderr,
    'Error from server (Forbidden): secrets is forbidden: User "sim-viewer" cannot list resource "secrets" in API group "" in the namespace "team-a"',
  );
  // the viewer may not impersonate anyone
  const imp = await fails(['--context', 'kubedeck-sim-viewer', '--as', 'sim-admin', 'delete', 'pod', 'p1']);
  assert.equal(
    imp.stderr,
    'Error from server (Forbidden): users "sim-admin" is forbidden: User "sim-viewer" cannot impersonate resource "users" in API group "" at the cluster scope',
  );
  assert.ok(sim.storage.get(PODS, 'default', 'p1'));
});

test('a RoleBinding to edit lets sim-viewer write in that namespace only; deleting it takes it back', async () => {
  const yaml = roleBinding(
    'viewer-edit',
    'team-a',
    'ClusterRole',
    'edit',
    '{kind: User, apiGroup: rbac.authorization.k8s.io, name: sim-viewer}',
  );
  assert.equal(
    await ok(['apply', '-f', file('rb.yaml', yaml)]),
    'rolebinding.rbac.authorization.k8s.io/viewer-edit created\n',
  );
  const rb = parseTable(await ok(['get', 'rolebinding', '-n', 'team-a', '-o', 'wide']));
  assert.deepEqual(rb.header, ['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS']);
  assert.deepEqual(
    [rb.rows[0]?.[0], rb.rows[0]?.[1], rb.rows[0]?.[3]],
    ['viewer-edit', 'ClusterRole/edit', 'sim-viewer'],
  );
  assert.equal(await ok(['auth', 'can-i', 'delete', 'pods', '-n', 'team-a', '--as', 'sim-viewer']), 'yes\n');
  assert.equal(
    await ok(['--context', 'kubedeck-sim-viewer', 'delete', 'pod', 'p1', '-n', 'team-a', '--wait=false']),
    'pod "p1" deleted\n',
  );
  const other = await fails(['--context', 'kubedeck-sim-viewer', 'delete', 'pod', 'p1', '-n', 'team-b']);
  assert.match(other.stderr, /cannot delete resource "pods" in API group "" in the namespace "team-b"/);
  assert.ok(sim.storage.get(PODS, 'team-b', 'p1'));
  // edit may impersonate the namespace's ServiceAccounts, and only those
  const v = ['--context', 'kubedeck-sim-viewer'];
  assert.match(
    await ok([...v, '--as', 'system:serviceaccount:team-a:default', 'auth', 'whoami']),
    /Username\s+system:serviceaccount:team-a:default/,
  );
  assert.equal(
    (await fails([...v, '--as', 'system:serviceaccount:team-b:default', 'get', 'pods', '-n', 'team-b']))
      .stderr,
    'Error from server (Forbidden): serviceaccounts "default" is forbidden: User "sim-viewer" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "team-b"',
  );
  await ok(['delete', 'rolebinding', 'viewer-edit', '-n', 'team-a']);
  assert.equal(
    (await fails(['auth', 'can-i', 'delete', 'pods', '-n', 'team-a', '--as', 'sim-viewer'])).stdout,
    'no\n',
  );
});

test('a Role with resourceNames and a subresource rule; a binding to a missing role says so', async () => {
  const role = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: logs-of-p1, namespace: team-b}
rules: [{apiGroups: [""], resources: [pods/log], resourceNames: [p1], verbs: [get]}]
`;
  await ok(['apply', '-f', file('role.yaml', role)]);
  const sub = '{kind: ServiceAccount, name: default, namespace: team-b}';
  await ok(['apply', '-f', file('rb2.yaml', roleBinding('sa-logs', 'team-b', 'Role', 'logs-of-p1', sub))]);
  const sa = ['--as', 'system:serviceaccount:team-b:default', '-n', 'team-b'];
  assert.equal(await ok(['auth', 'can-i', 'get', 'pods/p1', '--subresource=log', ...sa]), 'yes\n');
  assert.equal((await fails(['auth', 'can-i', 'get', 'pods/p2', '--subresource=log', ...sa])).stdout, 'no\n');
  assert.equal((await fails(['auth', 'can-i', 'get', 'pods/p1', ...sa])).stdout, 'no\n');
  const user = '{kind: User, apiGroup: rbac.authorization.k8s.io, name: sim-viewer}';
  await ok(['apply', '-f', file('rb3.yaml', roleBinding('dangling', 'team-b', 'Role', 'nope', user))]);
  const r = await fails(['--as', 'sim-viewer', 'delete', 'configmap', 'x', '-n', 'team-b']);
  assert.match(
    r.stderr,
    /in the namespace "team-b": RBAC: role\.rbac\.authorization\.k8s\.io "nope" not found$/,
  );
});

test('ServiceAccounts: default in every namespace, recreated when deleted; kubectl create token authenticates', async () => {
  await ok(['apply', '-f', file('fresh.yaml', nsYaml('fresh'))]);
  const sas = await waitFor(async () => {
    const t = parseTable(await ok(['get', 'sa', '-A']));
    const dflt = t.rows.filter((r) => r[1] === 'default').map((r) => r[0]);
    return ['default', 'fresh', 'kube-node-lease', 'kube-public', 'kube-system', 'team-a', 'team-b'].every(
      (n) => dflt.includes(n),
    )
      ? t
      : undefined;
  }, { what: 'default ServiceAccounts' });
  assert.deepEqual(sas.header, ['NAMESPACE', 'NAME', 'SECRETS', 'AGE']);
  assert.ok(sas.rows.some((r) => r[0] === 'kube-system' && r[1] === 'kube-proxy'));
  await ok(['delete', 'sa', 'default', '-n', 'fresh']);
  await waitFor(async () => (await k.run(['get', 'sa', 'default', '-n', 'fresh'])).code === 0, { what: 'default SA back' });
  const token = (await ok(['create', 'token', 'default', '-n', 'team-b'])).trim();
  const who = await api(sim, '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
    token,
    method: 'POST',
    body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }),
    headers: { 'Content-Type': 'application/json' },
  });
  assert.equal(who.status, 201);
  assert.equal(
    who.json<{ status: { userInfo: { username: string } } }>().status.userInfo.username,
    'system:serviceaccount:team-b:default',
  );
});

test('escalation prevention: an admin of one namespace may bind what it holds there, not cluster-admin', async () => {
  const viewer = '{kind: User, apiGroup: rbac.authorization.k8s.io, name: sim-viewer}';
  await ok([
    'apply',
    '-f',
    file('adm.yaml', roleBinding('viewer-admin', 'team-a', 'ClusterRole', 'admin', viewer)),
  ]);
  const v = ['--context', 'kubedeck-sim-viewer'];
  const someone = '{kind: User, apiGroup: rbac.authorization.k8s.io, name: someone}';
  assert.equal(
    await ok([
      ...v,
      'apply',
      '-f',
      file('ok.yaml', roleBinding('someone-edit', 'team-a', 'ClusterRole', 'edit', someone)),
    ]),
    'rolebinding.rbac.authorization.k8s.io/someone-edit created\n',
  );
  const r = await fails([
    ...v,
    'apply',
    '-f',
    file('bad.yaml', roleBinding('someone-root', 'team-a', 'ClusterRole', 'cluster-admin', someone)),
  ]);
  assert.equal(
    r.stderr,
    'Error from server (Forbidden): error when creating "' +
      join(k.kubeconfigPath, '..', 'bad.yaml') +
      '": rolebindings.rbac.authorization.k8s.io "someone-root" is forbidden: user "sim-viewer" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
      '{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}',
  );
  const nodesRole = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: sneaky, namespace: team-a}
rules: [{apiGroups: [""], resources: [secrets, nodes], verbs: [get]}]
`;
  const r2 = await fails([...v, 'apply', '-f', file('sneaky.yaml', nodesRole)]);
  assert.match(
    r2.stderr,
    /roles\.rbac\.authorization\.k8s\.io "sneaky" is forbidden: .*not currently held:\n\{APIGroups:\[""\], Resources:\["nodes"\], Verbs:\["get"\]\}$/,
  );
  assert.equal(
    await ok([...v, 'apply', '-f', file('fine.yaml', nodesRole.replace(', nodes', ''))]),
    'role.rbac.authorization.k8s.io/sneaky created\n',
  );
  await ok(['delete', 'rolebinding', 'viewer-admin', 'someone-edit', '-n', 'team-a']);
});
