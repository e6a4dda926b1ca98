// A Secret created by `kubectl apply` (data and stringData) carries its values again in the
// last-applied-configuration annotation: the YAML view of the object as the server returns it masks both.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startSim } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { parseKubeconfig } from '../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../src/kube/kubeconfig.js';
import { createTransport } from '../../src/kube/transport.js';
import type { KObject } from '../../src/util/k8s.js';
import { LAST_APPLIED, yamlLines } from '../../src/util/yaml-view.js';
import { kubectlFor } from '../sim/helpers.js';
import type { Kubectl } from '../sim/helpers.js';

let sim: SimHandle;
let k: Kubectl;
const dir = mkdtempSync(join(tmpdir(), 'kubedeck-secret-'));

before(async () => {
  sim = await startSim({ scenario: 'empty' });
  k = kubectlFor(sim);
});
after(async () => {
  k.cleanup();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

test('kubectl apply of a Secret: values masked in data and in last-applied-configuration', async () => {
  const b64 = Buffer.from('applied-password-42').toString('base64');
  const file = join(dir, 'secret.yaml');
  writeFileSync(
    file,
    ['apiVersion: v1', 'kind: Secret', 'metadata: {name: db, namespace: default}', 'type: Opaque', `data: {password: ${b64}}`, 'stringData: {api-key: plain-api-key-77}'].join('\n'),
  );
  const r = await k.run(['apply', '-f', file]);
  assert.equal(r.code, 0, r.stderr);
  const t = await createTransport((parseKubeconfig(sim.kubeconfig()) as { config: LoadedKubeconfig }).config);
  try {
    const obj = await t.request<KObject>('/api/v1/namespaces/default/secrets/db');
    const ann = obj.metadata.annotations?.[LAST_APPLIED] ?? '';
    assert.ok(ann.includes(b64) && ann.includes('plain-api-key-77'), 'kubectl wrote the values into the annotation');
    const lines = yamlLines(obj, { showManagedFields: false, revealSecrets: false });
    const text = lines.join('\n');
    for (const v of [b64, 'applied-password-42', 'plain-api-key-77', Buffer.from('plain-api-key-77').toString('base64')]) assert.ok(!text.includes(v), `${v} shown:\n${text}`);
    assert.ok(text.includes(LAST_APPLIED));
  } finally {
    await t.close();
  }
});
