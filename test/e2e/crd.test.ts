// End to end, in tmux against `kubedeck sim`, with kubectl applying CRDs and as the oracle for columns:
// `:crd` → Enter on a CRD → its instances with the CRD's printer columns; a CRD applied while kubedeck
// runs shows up in `:crd` and can be entered at once; `:<plural>` of a kind that appeared after start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tmux } from '../helpers/tmux.js';
import { bin, simForFile } from '../helpers/sim-process.js';

const fx = simForFile();
const { ready, kubectl } = fx;

/** Writes the documents (a JSON stream) to a file and `kubectl apply -f`s it. */
function apply(name: string, docs: object[]): string {
  const file = join(fx.sim.dir, `${name}.yaml`);
  writeFileSync(file, docs.map((d) => JSON.stringify(d)).join('\n'));
  return kubectl('apply', '-f', file);
}

const crd = (plural: string, kind: string, scope: 'Namespaced' | 'Cluster', columns: object[]) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.example.com` },
  spec: {
    group: 'example.com',
    scope,
    names: { plural, singular: kind.toLowerCase(), kind },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        additionalPrinterColumns: columns,
      },
    ],
  },
});

test(':crd → Enter → instances with printer columns; a CRD applied later; :<plural> of a new kind', { skip: !ready && 'tmux or kubectl missing' }, async () => {
  apply('widgets', [
    crd('widgets', 'Widget', 'Namespaced', [
      { name: 'Color', type: 'string', jsonPath: '.spec.color' },
      { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ]),
  ]);
  apply('widget-objs', [
    { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'sprocket', namespace: 'shop' }, spec: { color: 'red', size: 3 } },
    { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'flange', namespace: 'default' }, spec: { color: 'blue', size: 12 } },
  ]);
  // kubectl is the oracle for the header
  const header = kubectl('get', 'widgets', '-A').split('\n')[0] ?? '';
  assert.match(header, /^NAMESPACE\s+NAME\s+COLOR\s+SIZE\s+AGE\s*$/);

  const tm = new Tmux('crd');
  try {
    tm.start(`${process.execPath} ${bin} --kubeconfig ${fx.sim.kubeconfig} -A`, 200, 50);
    await tm.wait(/pods\(all\)\[[1-9]\d*\]/, 20000);

    tm.type(':crd');
    tm.keys('Enter');
    await tm.wait(/customresourcedefinitions\(all\)\[[1-9]\d*\]/);
    let screen = await tm.wait(/widgets\.example\.com/);
    assert.match(screen, /NAME\S*\s+CREATED AT/);
    tm.type('/widgets');
    await tm.wait(/customresourcedefinitions\(all\)\[1\] <\/widgets>/);
    tm.keys('Enter'); // leave the filter prompt
    tm.keys('Enter'); // drill down
    screen = await tm.wait(/widgets\(all\)\[2\]/);
    screen = await tm.wait(/shop\s+sprocket\s+red\s+3\s+\d+[sm]/);
    assert.match(screen, /NAMESPACE\s+NAME\S*\s+COLOR\s+SIZE\s+AGE/);
    assert.match(screen, /default\s+flange\s+blue\s+12/);

    // live: kubectl changes one
    kubectl('-n', 'shop', 'patch', 'widget', 'sprocket', '--type', 'merge', '-p', '{"spec":{"color":"green"}}');
    await tm.wait(/shop\s+sprocket\s+green\s+3/);
    tm.keys('Escape');
    await tm.wait(/customresourcedefinitions\(all\)\[1\]/);
    tm.keys('Escape'); // clear the filter
    await tm.wait(/customresourcedefinitions\(all\)\[\d+\] ─/);

    // a cluster-scoped CRD applied while kubedeck runs: listed by :crd, entered at once
    apply('gizmos', [crd('gizmos', 'Gizmo', 'Cluster', [{ name: 'Phase', type: 'string', jsonPath: '.spec.phase' }])]);
    apply('gizmo-objs', [{ apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name: 'g-one' }, spec: { phase: 'Ready' } }]);
    tm.type('/gizmos');
    await tm.wait(/customresourcedefinitions\(all\)\[1\] <\/gizmos>/);
    tm.keys('Enter');
    tm.keys('Enter');
    screen = await tm.wait(/gizmos\(all\)\[1\]/);
    screen = await tm.wait(/g-one\s+Ready/);
    assert.match(screen, /NAME\S*\s+PHASE/);
    assert.doesNotMatch(screen, /NAMESPACE/);

    // :<plural> of a kind created after start: discovery is asked again
    apply('doodads', [crd('doodads', 'Doodad', 'Namespaced', [])]);
    apply('doodad-objs', [{ apiVersion: 'example.com/v1', kind: 'Doodad', metadata: { name: 'dd-1', namespace: 'default' } }]);
    tm.type(':doodads');
    tm.keys('Enter');
    screen = await tm.wait(/doodads\(all\)\[1\]/);
    screen = await tm.wait(/default\s+dd-1\s+\d+[sm]/);
    assert.match(screen, /NAMESPACE\s+NAME\S*\s+AGE/);

    // an unknown name still says so
    tm.type(':nosuchkind');
    tm.keys('Enter');
    await tm.wait(/unknown command "nosuchkind"/);
  } finally {
    tm.stop();
  }
});
