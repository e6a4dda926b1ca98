// StatefulSet and DaemonSet rollout history and undo against the simulated cluster (HTTPS on loopback, its
// controllers), with kubectl as the oracle at every step: two image changes give three revisions newest
// first with the current one marked; undo to revision 1 restores the image, the controller rolls the pods
// back and renumbers the old revision; kubectl's `rollout history` (list and --revision=N) reads the same
// numbers and images, and its `rollout undo` skips or rolls back exactly where ours does.
import { CR_REVISIONS } from '../../helpers/declared.js';
import { waitFor } from '../../helpers/wait.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rolloutHistory, rolloutUndo } from '../../../src/kube/actions/revisions.js';
import { templateDiff } from '../../../src/kube/actions/template.js';
import type { ActionContext, ActionTarget, RevisionInfo } from '../../../src/kube/actions/types.js';
import type { Transport } from '../../../src/kube/transport.js';
import { parseKubeconfig } from '../../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../../src/kube/kubeconfig.js';
import { createTransport } from '../../../src/kube/transport.js';
import { DAEMONSETS, PODS, STATEFULSETS, startSim } from '../../../src/sim/index.js';
import type { SimHandle } from '../../../src/sim/index.js';
import type { KObject, Pod, PodTemplateSpec } from '../../../src/util/k8s.js';
import { kubectlFor } from '../../sim/helpers.js';
import type { Kubectl } from '../../sim/helpers.js';


interface Case {
  plural: 'statefulsets' | 'daemonsets';
  /** kubectl's resource/name and kubedeck's displayName. */
  ref: string;
  display: string;
  create: (sim: SimHandle) => void;
  /** How many pods a settled rollout has. */
  want: (sim: SimHandle) => number;
  /** The workload's controller has settled: every revision label on its pods is the newest. */
  settled: (sim: SimHandle) => boolean;
}

const IMAGES = ['nginx:1.25', 'nginx:1.26', 'nginx:1.27'];
const template = (app: string, image: string): PodTemplateSpec => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: 'main', image }] },
});

const dsStatus = (sim: SimHandle): Record<string, number> | undefined =>
  (sim.storage.get(DAEMONSETS, 'default', 'agent') as { status?: Record<string, number> } | undefined)?.status;

const CASES: Case[] = [
  {
    plural: 'statefulsets',
    ref: 'statefulset/web',
    display: 'statefulset.apps/web',
    create: (sim) =>
      sim.storage.create(STATEFULSETS, {
        metadata: { name: 'web', namespace: 'default' },
        spec: { replicas: 2, serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: template('web', IMAGES[0] ?? '') },
      } as KObject),
    want: () => 2,
    settled: (sim) => {
      const st = (sim.storage.get(STATEFULSETS, 'default', 'web') as { status?: Record<string, unknown> } | undefined)?.status;
      return st?.['currentRevision'] === st?.['updateRevision'] && st?.['updatedReplicas'] === 2 && st?.['readyReplicas'] === 2;
    },
  },
  {
    plural: 'daemonsets',
    ref: 'daemonset/agent',
    display: 'daemonset.apps/agent',
    create: (sim) =>
      sim.storage.create(DAEMONSETS, {
        metadata: { name: 'agent', namespace: 'default' },
        spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent', IMAGES[0] ?? '') },
      } as KObject),
    // one pod per node the template tolerates (the control-plane node's taint keeps it off)
    want: (sim) => dsStatus(sim)?.['desiredNumberScheduled'] ?? -1,
    settled: (sim) => {
      const st = dsStatus(sim);
      const n = st?.['desiredNumberScheduled'] ?? 0;
      return n > 0 && st?.['updatedNumberScheduled'] === n && st['numberReady'] === n && st['currentNumberScheduled'] === n;
    },
  },
];

const appOf = (c: Case): string => c.ref.split('/')[1] ?? '';

void describe('StatefulSet and DaemonSet rollback through ControllerRevisions, kubectl as the oracle', { timeout: 300_000 }, () => {
  let sim: SimHandle;
  let t: Transport;
  let ctx: ActionContext;
  let k: Kubectl;
  before(async () => {
    sim = await startSim({ scenario: 'empty', seed: 21 });
    const load = parseKubeconfig(sim.kubeconfig(), 'sim');
    if (load.kind !== 'loaded') throw new Error('sim kubeconfig did not load');
    t = await createTransport((load as { config: LoadedKubeconfig }).config, 'kubedeck-sim');
    ctx = { transport: t };
    k = kubectlFor(sim);
  });
  after(async () => {
    await t?.close();
    await sim?.close();
    k?.cleanup();
  });

  const kubectl = async (args: string[]): Promise<string> => {
    const r = await k.run(args);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  /** kubectl rollout history: the REVISION column, oldest first, and each revision's image (--revision=N). */
  const kubectlHistory = async (c: Case): Promise<[number, string][]> => {
    const list = (await kubectl(['rollout', 'history', c.ref]))
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[0] ?? '')
      .filter((x) => /^\d+$/.test(x))
      .map(Number);
    const out: [number, string][] = [];
    for (const n of list) out.push([n, /Image:\s+(\S+)/.exec(await kubectl(['rollout', 'history', c.ref, `--revision=${n}`]))?.[1] ?? '']);
    return out;
  };
  const ours = async (c: Case, target: ActionTarget): Promise<RevisionInfo[]> => {
    const h = await rolloutHistory(ctx, target, CR_REVISIONS);
    assert.ok(h.ok, h.message);
    return h.value;
  };
  /** Our history as kubectl orders it (oldest first) with each revision's image. */
  const asKubectl = (revs: RevisionInfo[]): [number, string][] => [...revs].reverse().map((r) => [r.revision, r.template.spec.containers[0]?.image ?? '']);
  const livePods = (c: Case): Pod[] =>
    (sim.storage.list(PODS, 'default').items as Pod[]).filter((p) => p.metadata.labels?.['app'] === appOf(c) && !p.metadata.deletionTimestamp);
  const rolledOutTo = (c: Case, image: string): Promise<true> =>
    waitFor(() => {
        const pods = livePods(c);
        return pods.length === c.want(sim) && pods.every((p) => p.spec?.containers[0]?.image === image) && c.settled(sim);
      }, { what: `${c.ref} rolled out on ${image}`, timeoutMs: 90_000 });

  for (const c of CASES) {
    void it(`${c.plural}: three revisions, undo to 1, pods back on the old image; kubectl agrees`, async () => {
      const target: ActionTarget = { group: 'apps', version: 'v1', plural: c.plural, namespace: 'default', name: appOf(c) };
      c.create(sim);
      await rolledOutTo(c, IMAGES[0] ?? '');
      for (const image of IMAGES.slice(1)) {
        await kubectl(['set', 'image', c.ref, `main=${image}`]);
        await rolledOutTo(c, image);
      }
      // three revisions, newest first, the newest current, each with its own template
      const h1 = await ours(c, target);
      assert.deepEqual(h1.map((r) => [r.revision, r.current, r.template.spec.containers[0]?.image]), [
        [3, true, 'nginx:1.27'],
        [2, false, 'nginx:1.26'],
        [1, false, 'nginx:1.25'],
      ]);
      assert.ok(h1.every((r) => r.source.startsWith(`${appOf(c)}-`) && r.created !== ''));
      assert.deepEqual(await kubectlHistory(c), asKubectl(h1));
      const diff = templateDiff(h1[0]?.template, h1[2]?.template);
      assert.deepEqual(diff.filter((l) => !l.startsWith('  ')), ['-     - image: nginx:1.27', '+     - image: nginx:1.25']);

      // kubectl's errors for a revision that does not exist, and ours
      const missing = await rolloutUndo(ctx, target, CR_REVISIONS, 9);
      assert.ok(!missing.ok && missing.error.detail === 'unable to find specified revision 9 in history', missing.message);
      const km = await k.run(['rollout', 'undo', c.ref, '--to-revision=9']);
      assert.match(km.stderr, /unable to find specified revision 9 in history/);
      // the current revision: both skip
      const same = await rolloutUndo(ctx, target, CR_REVISIONS, 3);
      assert.deepEqual(same, { ok: true, message: 'skipped rollback (current template already matches revision 3)', value: { revision: 3, skipped: true } });
      assert.match(await kubectl(['rollout', 'undo', c.ref, '--to-revision=3']), /skipped rollback \(current template already matches revision 3\)/);

      // undo to revision 1: the image is back at once, the pods follow, revision 1 becomes 4
      const u = await rolloutUndo(ctx, target, CR_REVISIONS, 1);
      assert.deepEqual(u, { ok: true, message: `${c.display} rolled back to revision 1`, value: { revision: 1, skipped: false } });
      const spec = (sim.storage.get(c.plural === 'statefulsets' ? STATEFULSETS : DAEMONSETS, 'default', appOf(c)) as { spec: { template: { spec: Pod['spec'] } } }).spec;
      assert.equal(spec.template.spec?.containers[0]?.image, 'nginx:1.25');
      await rolledOutTo(c, 'nginx:1.25');
      const h2 = await waitFor(async () => {
        const h = await ours(c, target);
        return h[0]?.revision === 4 && h;
      }, { what: 'revision 1 renumbered to 4' });
      assert.deepEqual(h2.map((r) => [r.revision, r.current, r.template.spec.containers[0]?.image]), [
        [4, true, 'nginx:1.25'],
        [3, false, 'nginx:1.27'],
        [2, false, 'nginx:1.26'],
      ]);
      assert.equal(h2[0]?.source, h1[2]?.source, 'the old ControllerRevision is reused, not copied');
      assert.deepEqual(await kubectlHistory(c), asKubectl(h2));

      // kubectl rolls back to revision 3 (the previous one); we read what it did
      assert.match(await kubectl(['rollout', 'undo', c.ref]), new RegExp(`^${c.display.replace('.', '\\.')} rolled back`));
      await rolledOutTo(c, 'nginx:1.27');
      const h3 = await waitFor(async () => {
        const h = await ours(c, target);
        return h[0]?.revision === 5 && h;
      }, { what: 'revision 3 renumbered to 5' });
      assert.deepEqual(h3.map((r) => [r.revision, r.current, r.source]), [
        [5, true, h1[0]?.source],
        [4, false, h1[2]?.source],
        [2, false, h1[1]?.source],
      ]);
      assert.deepEqual(await kubectlHistory(c), asKubectl(h3));
      // and our undo with no revision picks the same one kubectl's would (the second-highest: 4)
      const prev = await rolloutUndo(ctx, target, CR_REVISIONS);
      assert.ok(prev.ok && prev.value.revision === 4 && !prev.value.skipped, prev.message);
      await rolledOutTo(c, 'nginx:1.25');
    });
  }
});
