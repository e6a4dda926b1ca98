// How many pods the reflector absorbs, and how fast. N defaults to 20,000 to keep `npm test` quick;
// KUBEDECK_SCALE_N=100000 for the real figure. Numbers go to the test diagnostics.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { parseKubeconfig } from '../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../src/kube/kubeconfig.js';
import { Reflector } from '../../src/kube/reflector.js';
import { createTransport } from '../../src/kube/transport.js';
import type { RequestOptions, StreamOptions, Transport } from '../../src/kube/transport.js';
import type { KObject, Pod } from '../../src/util/k8s.js';
import { FakeApiServer } from './fake-apiserver.js';
import { waitFor } from '../helpers/wait.js';

const N = Number(process.env['KUBEDECK_SCALE_N'] ?? 20_000);

function realisticPod(i: number): Pod {
  const ns = `ns-${i % 50}`;
  const name = `web-${(i * 7919).toString(36)}-${i}`;
  const now = '2026-01-01T00:00:00Z';
  return {
    metadata: {
      name,
      namespace: ns,
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      creationTimestamp: now,
      labels: { app: 'web', 'pod-template-hash': '7c5ddbdf54', tier: i % 3 ? 'frontend' : 'backend' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': now },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7c5ddbdf54', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: { requests: { cpu: '100m', memory: '128Mi' } } }],
      nodeName: `node-${i % 100}`,
      restartPolicy: 'Always',
      serviceAccountName: 'default',
    },
    status: {
      phase: 'Running',
      podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      hostIP: `192.168.0.${i % 100}`,
      startTime: now,
      conditions: ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map((type) => ({ type, status: 'True' as const, lastTransitionTime: now })),
      containerStatuses: [{ name: 'web', ready: true, started: true, restartCount: i % 4, image: 'nginx:1.27', imageID: 'docker.io/library/nginx@sha256:abc', containerID: `containerd://${i}`, state: { running: { startedAt: now } } }],
      qosClass: 'Burstable',
    },
  };
}

interface Slim {
  name: string;
  ns: string;
  phase: string;
  ready: string;
  restarts: number;
  node: string;
}
const project = (o: KObject): Slim => {
  const p = o as Pod;
  const cs = p.status?.containerStatuses ?? [];
  return {
    name: p.metadata.name ?? '',
    ns: p.metadata.namespace ?? '',
    phase: p.status?.phase ?? '',
    ready: `${cs.filter((c) => c.ready).length}/${p.spec?.containers.length ?? 0}`,
    restarts: cs.reduce((a, c) => a + c.restartCount, 0),
    node: p.spec?.nodeName ?? '',
  };
};

void describe(`Reflector at scale (${N} pods)`, () => {
  let api: FakeApiServer;
  let t: Transport;
  let r: Reflector<Slim>;
  after(async () => {
    await r?.stop();
    await t?.close();
    await api?.close();
  });

  void it('lists N pods in pages of 500, then absorbs a burst of N/2 watch events', async (ctx) => {
    api = await new FakeApiServer().listen();
    api.seed(Array.from({ length: N }, (_, i) => realisticPod(i)));
    t = await createTransport((parseKubeconfig(api.kubeconfig()) as { config: LoadedKubeconfig }).config);
    let changes = 0;
    r = new Reflector<Slim>({ transport: t, path: { group: '', version: 'v1', plural: 'pods' }, project, onChange: () => changes++ });
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    r.start();
    await waitFor(() => r.synced, { what: 'synced', timeoutMs: 120_000 });
    const listMs = performance.now() - t0;
    assert.equal(r.size, N);
    await waitFor(() => api.watchers.size === 1, { what: 'watching' });

    const burst = Math.floor(N / 2);
    const c0 = changes;
    const t1 = performance.now();
    api.paused = true;
    for (let i = 0; i < burst; i++) api.update({ ...realisticPod(i), status: { ...realisticPod(i).status, phase: 'Failed' } });
    api.paused = false;
    const lastRv = String(api.rv);
    // the paused writes reach the client when it re-watches from its RV: one long replay
    api.endWatches();
    await waitFor(() => r.resourceVersion === lastRv, { what: 'burst absorbed', timeoutMs: 120_000 });
    const burstMs = performance.now() - t1;
    global.gc?.();
    const heapMb = (process.memoryUsage().heapUsed - heap0) / 1e6;
    let failed = 0;
    for (const p of r.items()) if (p.phase === 'Failed') failed++;
    assert.equal(failed, burst);
    ctx.diagnostic(`list ${N} pods: ${listMs.toFixed(0)} ms (${(N / (listMs / 1000)).toFixed(0)}/s, fake server in-process)`);
    ctx.diagnostic(`replay ${burst} MODIFIED events: ${burstMs.toFixed(0)} ms incl. server serialisation; ${changes - c0} onChange calls`);
    ctx.diagnostic(`heap growth ≈ ${heapMb.toFixed(0)} MB (fake server's objects included)`);
  });

  void it('the reflector alone: N ADDED events from memory (no HTTP, no server)', async (ctx) => {
    const lines = Array.from({ length: N }, (_, i) => JSON.stringify({ type: 'ADDED', object: { ...realisticPod(i), metadata: { ...realisticPod(i).metadata, resourceVersion: String(i + 2) } } }));
    const perChunk = 40; // ~64 KB network chunks
    let opened = false;
    const fake = {
      request: <T>(_path: string, _o?: RequestOptions): Promise<T> => Promise.resolve({ metadata: { resourceVersion: '1' }, items: [] } as T),
      streamBatches: async function* (_path: string, o?: StreamOptions): AsyncIterable<string[]> {
        if (opened) return void (await new Promise((res) => o?.signal?.addEventListener('abort', res)));
        opened = true;
        o?.onOpen?.();
        for (let i = 0; i < lines.length; i += perChunk) yield lines.slice(i, i + perChunk);
        await new Promise((res) => o?.signal?.addEventListener('abort', res));
      },
    };
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let changes = 0;
    const ref = new Reflector<Slim>({ transport: fake, path: { group: '', version: 'v1', plural: 'pods' }, project, onChange: () => changes++ });
    const t0 = performance.now();
    ref.start();
    await waitFor(() => ref.size === N, { what: 'all applied', timeoutMs: 120_000 });
    const ms = performance.now() - t0;
    global.gc?.();
    const heapMb = (process.memoryUsage().heapUsed - heap0) / 1e6;
    await ref.stop();
    assert.ok(changes <= Math.ceil(N / perChunk) + 4, `${changes} onChange calls for ${Math.ceil(N / perChunk)} chunks`);
    ctx.diagnostic(`reflector alone: ${N} events in ${ms.toFixed(0)} ms (${(N / (ms / 1000)).toFixed(0)}/s), ${changes} onChange calls`);
    if (global.gc) ctx.diagnostic(`cache of ${N} slim rows ≈ ${heapMb.toFixed(1)} MB heap`);
  });
});
