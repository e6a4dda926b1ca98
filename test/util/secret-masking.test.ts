// A Secret's values are masked in every view until `x`: its data and stringData, and every copy of them
// in kubectl's last-applied-configuration annotation (kubectl apply writes one on every Secret it creates).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KObject } from '../../src/util/k8s.js';
import { describeLines } from '../../src/util/describe.js';
import { LAST_APPLIED, maskLastApplied, yamlLines } from '../../src/util/yaml-view.js';
import { describeSecret } from '../../src/util/describe.js';

const PASSWORD = 's3cr3t-hunter2';
const B64 = Buffer.from(PASSWORD).toString('base64');
const PLAIN = 'plain-string-data-value';

function secret(annotation: string): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db', namespace: 'default', annotations: { [LAST_APPLIED]: annotation, team: 'infra' } },
    type: 'Opaque',
    data: { password: B64 },
  } as KObject;
}

const applied = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'default', annotations: {} },
  type: 'Opaque',
  data: { password: B64 },
  stringData: { extra: PLAIN },
});

const leaks = (lines: string[]): string[] => lines.filter((l) => l.includes(B64) || l.includes(PASSWORD) || l.includes(PLAIN));

void describe('Secret values', () => {
  it('are masked in the YAML view, in data and in the last-applied-configuration annotation', () => {
    const lines = yamlLines(secret(applied), { showManagedFields: false, revealSecrets: false });
    assert.deepEqual(leaks(lines), []);
    const ann = lines.find((l) => l.includes(LAST_APPLIED));
    assert.ok(ann, 'the annotation is still shown');
    // the rest of the annotation stays readable; the values are masked there too
    const json = JSON.parse(ann.slice(ann.indexOf(':') + 1).trim().replace(/^'|'$/g, '')) as Record<string, Record<string, string>>;
    assert.deepEqual(json['data'], { password: '••••••••' });
    assert.deepEqual(json['stringData'], { extra: '••••••••' });
    assert.equal(json['metadata']?.['name'], 'db');
    assert.ok(lines.some((l) => l.includes('team: infra')));
  });

  it('mask an annotation that does not parse as a whole', () => {
    const broken = `{"data":{"password":"${B64}"`;
    assert.equal(maskLastApplied(broken), '••••••••');
    assert.equal(maskLastApplied(`"${B64}"`), '••••••••');
    const lines = yamlLines(secret(broken), { showManagedFields: false, revealSecrets: false });
    assert.deepEqual(leaks(lines), []);
  });

  it('are shown once revealed with x', () => {
    const lines = yamlLines(secret(applied), { showManagedFields: false, revealSecrets: true });
    assert.ok(lines.some((l) => l.includes(`password: ${PASSWORD}`)));
  });

  it('never appear in describe, with or without the kind describer', () => {
    for (const body of [describeSecret, undefined]) {
      const lines = describeLines(secret(applied), [], Date.now(), body);
      assert.deepEqual(leaks(lines), []);
      assert.ok(lines.some((l) => /password:\s+14 bytes/.test(l)));
    }
  });

  it('leave other kinds alone', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: { [LAST_APPLIED]: applied } }, data: { k: PLAIN } } as KObject;
    const lines = yamlLines(cm, { showManagedFields: false, revealSecrets: false });
    assert.ok(lines.some((l) => l.includes(PLAIN)));
  });
});
