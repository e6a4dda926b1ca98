// 80x24 is first-class and 60x12 works: every view of the demo scenario (its real names: cronjob pods,
// control-plane static pods, ReplicaSet hashes), wired as the cli wires it, at both sizes. At 80x24 no name
// of up to 30 characters is cut on any page, and at both sizes a name is cut only once every optional column
// has given way (the 46-character kube-controller-manager-kubedeck-control-plane beside a CrashLoopBackOff
// cannot fit in 80 columns); STATUS is as wide as its widest value on screen; the header keeps the view's own
// keys and the namespace keys.
import '../helpers/force-color.js';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { App } from '../../src/ui/App.js';
import { createKeymap } from '../../src/keys/commands.js';
import { monochromeTheme } from '../../src/ui/theme/theme.js';
import { resolveResource, resources } from '../../src/resources/registry.js';
import type { ResourceDef } from '../../src/resources/types.js';
import { openConnection } from '../../src/cli/connection.js';
import type { Connection } from '../../src/cli/connection.js';
import { parseKubeconfig } from '../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../src/kube/kubeconfig.js';
import { startSim } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { KEY, press, renderSized, waitFrame } from '../helpers/ink.js';
import type { Rendered } from '../helpers/ink.js';

const pods = resolveResource('pods') as ResourceDef;
let sim: SimHandle;
let config: LoadedKubeconfig;

before(async () => {
  sim = await startSim({ scenario: 'demo', seed: 1 });
  const load = parseKubeconfig(sim.kubeconfig(), 'sim');
  assert.equal(load.kind, 'loaded');
  config = (load as { config: LoadedKubeconfig }).config;
});
after(async () => {
  await sim?.close();
});

function mount(columns: number, rows: number): { conn: Connection; r: Rendered } {
  const conn = openConnection({ config, simulated: true, readonly: false, initial: () => ({ resource: pods, namespace: undefined }) });
  if (conn instanceof Error) throw conn;
  conn.start(() => undefined);
  const r = renderSized(<App store={conn.store} info={conn.info} keymap={createKeymap()} theme={monochromeTheme} services={conn.services} />, columns, rows);
  return { conn, r };
}

const type = (r: Rendered, text: string) => press(r, ...text.split(''));

/** The table's lines: its header (the line after the title rule) and the rows under it, up to the footer. */
function table(frame: string): { header: string; rows: string[] } {
  const lines = frame.split('\n');
  const at = lines.findIndex((l) => /^\s*(NAMESPACE|NAME|LAST SEEN)\b/.test(l));
  const rows = lines.slice(at + 1, lines.length - 1).filter((l) => l.trim() !== '' && !l.startsWith(' (no '));
  return { header: lines[at] ?? '', rows };
}

/** The NAME cells of the rows on screen, read at the column where the header says NAME starts. */
function nameCells(frame: string): string[] {
  const { header, rows } = table(frame);
  const m = /(^|\s)(NAME[\^v↑↓]?)(\s|$)/.exec(header);
  if (!m) return [];
  const start = (m.index ?? 0) + m[1]!.length;
  return rows.map((l) => l.slice(start).split(/\s/)[0] ?? '');
}

const views = resources.filter((r) => !['containers', 'portforwards'].includes(r.plural));

async function visit(r: Rendered, conn: Connection, plural: string): Promise<string> {
  await type(r, `:${plural}`);
  await press(r, KEY.enter);
  // wait for the view and its rows (some kinds are empty in the demo)
  return waitFrame(r, (s) => new RegExp(`${plural}\\((all|[a-z-]+)\\)\\[\\d+\\]`).test(s) && conn.store.getSnapshot().view.resource.plural === plural, 10_000);
}

for (const [columns, rows] of [
  [80, 24],
  [60, 12],
] as const) {
  test(`every view at ${columns}x${rows}: names cut only once every optional column is gone${columns === 80 ? ', names up to 30 characters whole on every page' : ''}, STATUS no wider than its widest value`, async () => {
    const { conn, r } = mount(columns, rows);
    try {
      // the demo's pods are up (cronjob, control-plane and ReplicaSet pods)
      await waitFrame(r, () => conn.store.getSnapshot().rows.length >= 30, 20_000);
      for (const def of views) {
        let frame = await visit(r, conn, def.plural);
        const names = new Set(conn.store.getSnapshot().rows.map((x) => x.name));
        for (let page = 0; page < 6; page++) {
          for (const line of frame.split('\n')) assert.ok(line.length <= columns, `${def.plural}: a line wider than ${columns}`);
          const cells = nameCells(frame);
          const { header } = table(frame);
          const optionalShown = def.columns.filter((c) => c.optional !== undefined && !c.wide && new RegExp(`(^|\\s)${c.name.replace(/[()]/g, '\\$&')}([\\^v↑↓])?(\\s|$)`).test(header));
          for (const cell of cells) {
            if (names.has(cell)) continue;
            // at 80 columns a name of up to 30 characters (all but the control plane's static pods) always fits
            const full = [...names].find((n) => n.startsWith(cell.slice(0, -1)));
            assert.ok(columns === 60 || (full?.length ?? 0) > 30, `${def.plural} at ${columns}x${rows}: name cut: ${JSON.stringify(cell)}\n${frame}`);
            assert.deepEqual(optionalShown.map((c) => c.name), [], `${def.plural}: a name is cut (${cell}) while an optional column shows\n${frame}`);
          }
          const status = /(^|\s)(STATUS)(\s|$)/.exec(header);
          if (status && def.columns.some((c) => c.name === 'STATUS')) {
            const start = (status.index ?? 0) + status[1]!.length;
            const next = header.slice(start + 6).search(/\S/);
            if (next >= 0) {
              const width = 6 + next - 2; // the cell, then a gap of two or three spaces
              const widest = Math.max(6, ...table(frame).rows.map((l) => l.slice(start).split(/\s{2}/)[0]!.trimEnd().length));
              assert.ok(width <= widest + 1, `${def.plural}: STATUS is ${width} wide, its widest value ${widest}\n${frame}`);
            }
          }
          if (conn.store.getSnapshot().rows.length <= rows - 8) break;
          await press(r, KEY.pgdn);
          frame = await waitFrame(r, () => true);
        }
      }
    } finally {
      r.unmount();
      await conn.close();
    }
  });
}

test('80x24: the header keeps the view\'s own keys (r restart, e edit on deployments) and the namespace keys', async () => {
  const { conn, r } = mount(80, 24);
  try {
    await waitFrame(r, (s) => s.includes('pods(all)['), 20_000);
    await type(r, ':deploy shop');
    await press(r, KEY.enter);
    await waitFrame(r, (s) => s.includes('deployments(shop)['), 10_000);
    await type(r, ':deploy -A');
    await press(r, KEY.enter);
    const frame = await waitFrame(r, (s) => s.includes('deployments(all)['), 10_000);
    const header = frame.split('\n').slice(0, 6).join('\n');
    for (const hint of ['<d> Describe', '<y> YAML', '<e> Edit', '<ctrl-d> Delete', '<l> Logs', '<s> Scale', '<u> Rollback', '<r> Restart', '<:> Command', '</> Filter', '<?> Help', '<0> all', '<1> shop']) {
      assert.ok(header.includes(hint), `${hint} in the header:\n${header}`);
    }
  } finally {
    r.unmount();
    await conn.close();
  }
});
