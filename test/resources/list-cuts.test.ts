// The list split (src/kube/reflector-items.ts) empties a pod's never-projected parts before the parse:
// spec.tolerations/affinity/topologySpreadConstraints, and each container's mounts, probes, args, command,
// lifecycle and securityContext. That is only right if nothing that projects a listed object reads them:
// every kind of the registry listed as plain JSON, and the cache `:xray` opens for it (xrayCacheDef: a pod's
// volumes, env and envFrom are its references, so they are not cut). Checked on every object the `large`
// scenario makes (realistic pods with managedFields, env, mounts, probes, tolerations; their workloads,
// nodes, events, revisions …) and on pod-shaped objects with every part filled in: each record equals the
// one from JSON.parse of the uncut text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ListSplitter } from '../../src/kube/reflector-items.js';
import { resources } from '../../src/resources/registry.js';
import type { ResourceDef } from '../../src/resources/types.js';
import { createCluster } from '../../src/sim/cluster.js';
import { findResource } from '../../src/sim/resources.js';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { xrayCacheDef } from '../../src/store/xray/plan.js';
import { PODS } from '../../src/sim/resources.js';
import type { KObject, Pod } from '../../src/util/k8s.js';

/** The list's objects as the split hands them over (the cut on), parsed. */
function splitList(items: unknown[], chunk: number): unknown[] {
  const text = JSON.stringify({ kind: 'List', metadata: { resourceVersion: '1' }, items });
  const out: unknown[] = [];
  const s = new ListSplitter((t) => out.push(JSON.parse(t)));
  for (let at = 0; at < text.length; at += chunk) s.push(text.slice(at, at + chunk));
  s.end();
  return out;
}

/** A record, or the projection's error: both must be the same. Functions (none expected) compare by name. */
function outcome(def: ResourceDef, obj: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(def.project(obj as KObject), (_k, v: unknown) => (typeof v === 'function' ? `fn ${v.name}` : v))) as unknown;
  } catch (e) {
    return { threw: e instanceof Error ? e.message : String(e) };
  }
}

/** The kinds listed as plain JSON (a generic kind is listed as a server-side Table, never split). */
const kinds = resources.filter((r) => r.generic !== true);
/** What projects a listed object: each kind's def, and the def of its xray cache (its references, rows, owners). */
const listed: ResourceDef[] = kinds.flatMap((r) => [r, { ...xrayCacheDef(r), plural: `${r.plural} (xray)` }]);

function large(): { byPlural: Map<string, unknown[]>; stop: () => void } {
  const s = new ManualScheduler(Date.UTC(2026, 0, 1, 12));
  const c = createCluster({ scenario: 'large', size: { pods: 300, nodes: 6 }, scheduler: s });
  const running = (): number => (c.storage.list(PODS).items as Pod[]).filter((p) => p.status?.phase === 'Running').length;
  for (let i = 0; i < 60 && running() < 300; i++) s.advance(5_000);
  assert.equal(running(), 300);
  const byPlural = new Map<string, unknown[]>();
  for (const r of kinds) {
    const plural = r.watchPlural ?? r.plural;
    const info = findResource(r.group, r.version, plural);
    if (!info) continue; // contexts, port-forwards, helm: not a collection of the API
    byPlural.set(plural, c.storage.list({ group: r.group, version: r.version, resource: plural }).items);
  }
  return {
    byPlural,
    stop: () => {
      c.stop();
      s.dispose();
    },
  };
}

test('every listed kind projects the large scenario’s objects the same with and without the cut', () => {
  const { byPlural, stop } = large();
  try {
    const pods = byPlural.get('pods') ?? [];
    assert.equal(pods.length, 300);
    const text = JSON.stringify(pods);
    const cutText = JSON.stringify(splitList(pods, text.length));
    assert.ok(cutText.length < text.length * 0.75, `the cut leaves ${cutText.length} of ${text.length} bytes (managedFields and the pod parts)`);
    let compared = 0;
    for (const def of listed) {
      const objs = byPlural.get(def.watchPlural ?? def.plural.replace(' (xray)', ''));
      if (!objs) continue;
      for (const chunk of [4093, 1 << 20]) {
        const cut = splitList(objs, chunk);
        assert.equal(cut.length, objs.length);
        for (let i = 0; i < objs.length; i++) {
          assert.deepEqual(outcome(def, cut[i]), outcome(def, objs[i]), `${def.plural} #${i} (chunks of ${chunk})`);
          compared++;
        }
      }
    }
    assert.ok(compared > 1000, `${compared} records compared`);
  } finally {
    stop();
  }
});

test('no listed kind reads a left-out part: pod-shaped objects with every part filled in project the same for every kind', () => {
  const probe = { httpGet: { path: '/p', port: 80 }, initialDelaySeconds: 3 };
  const container = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    name,
    image: `${name}:1`,
    command: ['/bin/x'],
    args: ['--a'],
    ports: [{ containerPort: 80 }],
    env: [{ name: 'E', value: 'v' }, { name: 'F', valueFrom: { secretKeyRef: { name: `${name}-s`, key: 'k' } } }],
    envFrom: [{ secretRef: { name: 's' } }],
    resources: { requests: { cpu: '100m', memory: '64Mi' } },
    volumeMounts: [{ name: 'v', mountPath: '/v' }],
    volumeDevices: [{ name: 'd', devicePath: '/dev/d' }],
    livenessProbe: probe,
    readinessProbe: probe,
    startupProbe: probe,
    lifecycle: { preStop: { exec: { command: ['x'] } } },
    securityContext: { privileged: true },
    ...extra,
  });
  const spec = {
    volumes: [{ name: 'v', configMap: { name: 'cm' } }, { name: 'p', persistentVolumeClaim: { claimName: 'data' } }, { name: 's', secret: { secretName: 'sec' } }],
    imagePullSecrets: [{ name: 'pull' }],
    initContainers: [container('init'), container('side', { restartPolicy: 'Always' })],
    containers: [container('main'), container('second')],
    affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1 }] } },
    tolerations: [{ operator: 'Exists' }],
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' }],
    nodeName: 'n1',
    serviceAccountName: 'sa',
    // the fields other kinds read from their own spec, so that their projections get past them
    replicas: 2,
    selector: { matchLabels: { app: 'x' } },
    template: { metadata: { labels: { app: 'x' } }, spec: { containers: [container('t')] } },
    schedule: '*/5 * * * *',
    type: 'ClusterIP',
    ports: [{ port: 80 }],
    capacity: { storage: '1Gi' },
  };
  const objs = [
    { metadata: { name: 'a', namespace: 'n', uid: 'u', resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z', labels: { app: 'x' } }, spec },
    {
      metadata: { name: 'b', namespace: 'n', uid: 'v', resourceVersion: '2', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec,
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'main', ready: true, restartCount: 0, state: { running: {} } }] },
    },
  ];
  const cut = splitList(objs, 1 << 20);
  assert.notDeepEqual(cut, objs, 'the parts are left out');
  for (const def of listed) {
    for (let i = 0; i < objs.length; i++) assert.deepEqual(outcome(def, cut[i]), outcome(def, objs[i]), `${def.plural} #${i}`);
  }
});
