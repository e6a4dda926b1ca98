// Metrics lists read as they arrive (src/kube/metrics.ts): the same usage whatever the chunks, a transport
// without streaming reads the list whole, and a list cut short fails instead of giving part of the usage.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fetchNodeMetrics, fetchPodMetrics } from '../../src/kube/metrics.js';
import type { Transport } from '../../src/kube/transport.js';

const podMetrics = (n: number): string =>
  JSON.stringify({
    kind: 'PodMetricsList',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: {},
    items: Array.from({ length: n }, (_, i) => ({
      metadata: { name: `pod-${i}-é`, namespace: `ns-${i % 3}`, labels: { app: `a${i % 5}` } },
      timestamp: '2026-12-04T10:00:00Z',
      window: '30s',
      containers: [
        { name: 'main', usage: { cpu: `${1000 * (i + 1)}n`, memory: `${i + 1}Ki` } },
        { name: 'side', usage: { cpu: '2m', memory: '1Mi' } },
      ],
    })),
  });

/** A transport serving `body` for any GET: streamed in chunks of the given sizes (cycled), or whole. */
function transport(body: string, sizes: number[] | undefined, calls: string[] = []): Transport {
  const t: Partial<Transport> = {
    request: <T>(path: string): Promise<T> => {
      calls.push(`request ${path}`);
      return Promise.resolve(JSON.parse(body) as T);
    },
  };
  if (sizes) {
    t.streamText = async function* (path: string): AsyncIterable<string> {
      calls.push(`stream ${path}`);
      for (let at = 0, k = 0; at < body.length; k++) {
        const n = sizes[k % sizes.length] ?? 1;
        yield body.slice(at, at + n);
        at += n;
        await Promise.resolve();
      }
    };
  }
  return t as Transport;
}

test('PodMetrics read chunk by chunk sum to the same usage as the list parsed whole', async () => {
  const body = podMetrics(300);
  const whole = await fetchPodMetrics(transport(body, undefined));
  assert.ok(whole);
  assert.equal(whole.size, 300);
  assert.deepEqual(whole.get('ns-1/pod-1-é'), { cpuMilli: 3, memBytes: 2048 + 1048576 });
  for (const sizes of [[1], [7, 3, 101], [4096], [body.length]]) {
    const calls: string[] = [];
    const streamed = await fetchPodMetrics(transport(body, sizes, calls), { namespace: 'ns-1' });
    assert.deepEqual(calls, ['stream /apis/metrics.k8s.io/v1beta1/namespaces/ns-1/pods']);
    assert.deepEqual(streamed, whole, `chunks of ${sizes.join(',')}`);
  }
});

test('NodeMetrics streamed; an empty list is an empty map; a list cut short rejects', async () => {
  const nodes = JSON.stringify({
    kind: 'NodeMetricsList',
    metadata: {},
    items: [
      { metadata: { name: 'n1' }, usage: { cpu: '1500m', memory: '2Gi' } },
      { metadata: { name: 'n2' }, usage: { cpu: '250m', memory: '512Mi' } },
    ],
  });
  const m = await fetchNodeMetrics(transport(nodes, [5]));
  assert.deepEqual([...(m ?? [])], [
    ['n1', { cpuMilli: 1500, memBytes: 2 * 2 ** 30 }],
    ['n2', { cpuMilli: 250, memBytes: 512 * 2 ** 20 }],
  ]);
  assert.equal((await fetchPodMetrics(transport('{"kind":"PodMetricsList","metadata":{},"items":[]}', [3])))?.size, 0);
  const body = podMetrics(20);
  await assert.rejects(fetchPodMetrics(transport(body.slice(0, body.length / 2), [64])), /invalid JSON|ended inside/);
});
