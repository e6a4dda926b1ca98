// The HPA controller beyond Resource metrics: ContainerResource is computed for one container; Pods, Object
// and External metrics fail as on a cluster without a metrics adapter, with the controller's reasons and
// messages, and a failing metric stops the HPA only when upstream's rule says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import { DEPLOYMENTS, EVENTS, HORIZONTALPODAUTOSCALERS } from '../../src/sim/resources.js';
import type { KObject } from '../../src/util/k8s.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');

interface HpaStatus {
  desiredReplicas?: number;
  currentMetrics?: Record<string, unknown>[];
  conditions?: { type: string; status: string; reason: string; message: string }[];
}

function run(metrics: unknown[], replicas = 1, forMs = 90_000): { replicas: number; status: HpaStatus; events: { reason?: string; type?: string; message?: string }[] } {
  const s = new ManualScheduler(T0);
  const c = createCluster({ scenario: 'demo', seed: 2, scheduler: s });
  try {
    c.storage.create(DEPLOYMENTS, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'busy', namespace: 'default' },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'busy' } },
        template: {
          metadata: { labels: { app: 'busy' } },
          spec: {
            containers: [
              { name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } },
              { name: 'side', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } },
            ],
          },
        },
      },
    } as KObject);
    c.storage.create(HORIZONTALPODAUTOSCALERS, {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'busy', namespace: 'default' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'busy' }, minReplicas: 1, maxReplicas: 3, metrics },
    } as KObject);
    for (let t = 0; t < forMs; t += 1000) s.advance(1000);
    const d = c.storage.get(DEPLOYMENTS, 'default', 'busy') as KObject & { spec: { replicas: number } };
    const h = c.storage.get(HORIZONTALPODAUTOSCALERS, 'default', 'busy') as KObject & { status: HpaStatus };
    const events = (c.storage.list(EVENTS, 'default').items as (KObject & { reason?: string; type?: string; message?: string; involvedObject?: { kind?: string } })[]).filter(
      (e) => e.involvedObject?.kind === 'HorizontalPodAutoscaler',
    );
    return { replicas: d.spec.replicas, status: h.status, events };
  } finally {
    c.stop();
  }
}

const active = (st: HpaStatus) => st.conditions?.find((x) => x.type === 'ScalingActive');

test('a Pods metric fails as without a custom metrics adapter: ScalingActive False, a Warning event, no scaling', () => {
  const r = run([{ type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '10' } } }]);
  assert.equal(r.replicas, 1);
  assert.deepEqual(active(r.status), {
    ...active(r.status),
    status: 'False',
    reason: 'FailedGetPodsMetric',
    message:
      'the HPA was unable to compute the replica count: unable to get metric http_requests_per_second: unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered',
  });
  assert.ok(r.events.some((e) => e.type === 'Warning' && e.reason === 'FailedGetPodsMetric'), JSON.stringify(r.events));
});

test('Object and External metrics say what they asked for, in the controller\'s words', () => {
  const o = run([{ type: 'Object', object: { metric: { name: 'requests' }, describedObject: { apiVersion: 'v1', kind: 'Service', name: 'web' }, target: { type: 'Value', value: '5' } } }]);
  assert.equal(active(o.status)?.reason, 'FailedGetObjectMetric');
  assert.match(active(o.status)?.message ?? '', /unable to get metric requests: Service on default web\/unable to fetch metrics from custom metrics API: no custom metrics API \(custom\.metrics\.k8s\.io\) registered$/);
  const e = run([{ type: 'External', external: { metric: { name: 'queue_depth', selector: { matchLabels: { queue: 'jobs' } } }, target: { type: 'AverageValue', averageValue: '30' } } }]);
  assert.equal(active(e.status)?.reason, 'FailedGetExternalMetric');
  assert.match(
    active(e.status)?.message ?? '',
    /unable to get external metric default\/queue_depth\/&LabelSelector\{MatchLabels:map\[string\]string\{queue: jobs,\},MatchExpressions:\[\]LabelSelectorRequirement\{\},\}: unable to fetch metrics from external metrics API: /,
  );
});

test('a valid metric that scales up wins over a failing one; ContainerResource counts its container', () => {
  const up = run([
    { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '10' } } },
    { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 1 } } },
  ]);
  assert.equal(up.replicas, 3, JSON.stringify(up.status));
  assert.equal(active(up.status)?.status, 'True');
  assert.equal(active(up.status)?.message, 'the HPA was able to successfully calculate a replica count from cpu container resource utilization (percentage of request)');
  const m = up.status.currentMetrics?.[0] as { type: string; containerResource: { name: string; container: string; current: { averageUtilization: number } } };
  assert.equal(m.type, 'ContainerResource');
  assert.equal(m.containerResource.container, 'app');
  assert.ok(m.containerResource.current.averageUtilization > 1);
  assert.ok(up.events.some((e) => e.reason === 'SuccessfulRescale'));
});

test('a failing metric keeps the HPA from scaling down on the others (upstream rule)', () => {
  const alone = run([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 100000 } } }], 3, 400_000);
  assert.equal(alone.replicas, 1, 'cpu alone scales down after the 5-minute stabilization window');
  const r = run([
    { type: 'External', external: { metric: { name: 'q' } , target: { type: 'Value', value: '1' } } },
    { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 100000 } } },
  ], 3, 400_000);
  assert.equal(r.replicas, 3, 'with the External metric failing it stays');
  assert.equal(active(r.status)?.status, 'False');
  assert.equal(active(r.status)?.reason, 'FailedGetExternalMetric');
  assert.match(active(r.status)?.message ?? '', /external metric default\/q\/nil: /);
});
