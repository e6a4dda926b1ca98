// The demo cluster: a few teams' namespaces with Deployments and Services, one crash-looping pod, a
// LoadBalancer and a NodePort, on three nodes; demo-troubles.ts adds the failure cases and Jobs.

import type { Container, Deployment, Service } from '../../util/k8s.js';
import { DEPLOYMENTS, NAMESPACES, SERVICES } from '../resources.js';
import { BEHAVIOR_ANNOTATION } from '../stages/pod.js';
import { systemObjects } from './empty.js';
import type { Scenario, SeedObject, SimNode } from './types.js';
import { controlPlanePods, nodeAgents } from './system-pods.js';
import { troubledActions, troubledObjects } from './demo-troubles.js';
import { configObjects } from './demo-config.js';
import { crdObjects } from './demo-crds.js';
import { helmObjects } from './demo-helm.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface AppSpec {
  ns: string;
  name: string;
  replicas: number;
  image: string;
  port?: number;
  crashloop?: boolean;
  extraContainer?: Container;
  labels?: Record<string, string>;
  ageMs: number;
}

function deployment(a: AppSpec): SeedObject {
  const labels = { app: a.name, ...a.labels };
  const containers: Container[] = [
    {
      name: a.name,
      image: a.image,
      ...(a.port ? { ports: [{ containerPort: a.port, protocol: 'TCP' }] } : {}),
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
    },
  ];
  if (a.extraContainer) containers.push(a.extraContainer);
  const d: Deployment = {
    metadata: {
      name: a.name,
      namespace: a.ns,
      labels,
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      replicas: a.replicas,
      selector: { matchLabels: { app: a.name } },
      template: {
        metadata: { labels, ...(a.crashloop ? { annotations: { [BEHAVIOR_ANNOTATION]: 'crashloop' } } : {}) },
        spec: { containers },
      },
    },
  };
  return { gvr: DEPLOYMENTS, object: d, ageMs: a.ageMs };
}

function service(
  ns: string,
  name: string,
  ports: { port: number; target?: number; name?: string; protocol?: string }[],
  ageMs: number,
  extra: Partial<NonNullable<Service['spec']>> = {},
): SeedObject {
  const s: Service = {
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: {
      type: 'ClusterIP',
      selector: { app: name },
      ports: ports.map((p) => ({
        ...(p.name ? { name: p.name } : {}),
        port: p.port,
        protocol: p.protocol ?? 'TCP',
        targetPort: p.target ?? p.port,
      })),
      ...extra,
    },
  };
  return { gvr: SERVICES, object: s, ageMs };
}

const APPS: AppSpec[] = [
  {
    ns: 'kube-system',
    name: 'coredns',
    replicas: 2,
    image: 'registry.k8s.io/coredns/coredns:v1.11.3',
    port: 53,
    labels: { 'k8s-app': 'kube-dns' },
    ageMs: 12 * DAY,
  },
  {
    ns: 'kube-system',
    name: 'metrics-server',
    replicas: 1,
    image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2',
    port: 10250,
    ageMs: 12 * DAY,
  },
  { ns: 'default', name: 'hello', replicas: 1, image: 'nginxdemos/hello:0.4', port: 80, ageMs: 3 * HOUR },
  { ns: 'shop', name: 'frontend', replicas: 3, image: 'nginx:1.27', port: 80, ageMs: 6 * DAY },
  { ns: 'shop', name: 'cart', replicas: 2, image: 'ghcr.io/kubedeck/cart:1.4.2', port: 8080, ageMs: 6 * DAY },
  {
    ns: 'shop',
    name: 'catalog',
    replicas: 2,
    image: 'ghcr.io/kubedeck/catalog:2.0.1',
    port: 8080,
    ageMs: 5 * DAY,
  },
  { ns: 'shop', name: 'redis', replicas: 1, image: 'redis:7.4', port: 6379, ageMs: 6 * DAY },
  {
    ns: 'payments',
    name: 'payments-api',
    replicas: 2,
    image: 'ghcr.io/kubedeck/payments-api:3.1.0',
    port: 8443,
    extraContainer: {
      name: 'envoy',
      image: 'envoyproxy/envoy:v1.31.2',
      ports: [{ containerPort: 9901, protocol: 'TCP' }],
    },
    ageMs: 2 * DAY,
  },
  {
    ns: 'payments',
    name: 'fraud-detector',
    replicas: 1,
    image: 'ghcr.io/kubedeck/fraud-detector:0.9.0',
    port: 9000,
    crashloop: true,
    ageMs: 40 * 60_000,
  },
  {
    ns: 'monitoring',
    name: 'prometheus',
    replicas: 1,
    image: 'quay.io/prometheus/prometheus:v2.54.1',
    port: 9090,
    ageMs: 9 * DAY,
  },
  {
    ns: 'monitoring',
    name: 'grafana',
    replicas: 1,
    image: 'grafana/grafana:11.2.0',
    port: 3000,
    ageMs: 9 * DAY,
  },
];

const DEMO_NODES: SimNode[] = [
  { name: 'kubedeck-control-plane', index: 0, hostIP: '172.18.0.2', controlPlane: true },
  { name: 'kubedeck-worker', index: 1, hostIP: '172.18.0.3' },
  { name: 'kubedeck-worker2', index: 2, hostIP: '172.18.0.4' },
];

export const demoScenario: Scenario = {
  name: 'demo',
  description:
    'teams shop, payments, monitoring, staging, data and batch: healthy, crash-looping, image-failing, pending, OOM-killed, terminating and completed workloads, Jobs',
  nodes: DEMO_NODES,
  actions: troubledActions,
  objects: () => [
    ...systemObjects(14 * DAY),
    ...controlPlanePods(DEMO_NODES, 14 * DAY),
    ...nodeAgents(14 * DAY),
    ...['shop', 'payments', 'monitoring'].map((name) => ({
      gvr: NAMESPACES,
      object: { metadata: { name, labels: { team: name } } },
      ageMs: 10 * DAY,
    })),
    ...APPS.map(deployment),
    ...troubledObjects(),
    ...configObjects(),
    ...crdObjects(),
    ...helmObjects(),
    service(
      'kube-system',
      'kube-dns',
      [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53 },
        { name: 'metrics', port: 9153 },
      ],
      14 * DAY,
      {
        clusterIP: '10.96.0.10',
        selector: { 'k8s-app': 'kube-dns' },
      },
    ),
    service('default', 'hello', [{ port: 80 }], 3 * HOUR),
    service(
      'shop',
      'frontend',
      [
        { name: 'http', port: 80 },
        { name: 'https', port: 443, target: 80 },
      ],
      6 * DAY,
      { type: 'LoadBalancer' },
    ),
    service('shop', 'cart', [{ port: 8080 }], 6 * DAY),
    service('shop', 'catalog', [{ port: 8080 }], 5 * DAY),
    service('shop', 'redis', [{ port: 6379 }], 6 * DAY),
    service('payments', 'payments-api', [{ name: 'https', port: 443, target: 8443 }], 2 * DAY),
    service('monitoring', 'prometheus', [{ port: 9090 }], 9 * DAY),
    service('monitoring', 'grafana', [{ port: 3000 }], 9 * DAY, { type: 'NodePort' }),
  ],
};
