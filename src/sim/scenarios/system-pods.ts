// What kind runs on its control-plane node: the static control-plane pods (mirror pods named
// `<component>-<node>`, bound to the node by the kubelet, tolerating every taint), and the node agents
// every kind node runs (kube-proxy and kindnet DaemonSets).

import type { Pod } from '../../util/k8s.js';
import { DAEMONSETS, PODS } from '../resources.js';
import type { SeedObject, SimNode } from './types.js';

const COMPONENTS: [string, string, string][] = [
  ['etcd', 'registry.k8s.io/etcd:3.5.16-0', '100m'],
  ['kube-apiserver', 'registry.k8s.io/kube-apiserver:v1.32.0', '250m'],
  ['kube-controller-manager', 'registry.k8s.io/kube-controller-manager:v1.32.0', '200m'],
  ['kube-scheduler', 'registry.k8s.io/kube-scheduler:v1.32.0', '100m'],
];

export function controlPlanePods(nodes: readonly SimNode[], ageMs: number): SeedObject[] {
  return nodes
    .filter((n) => n.controlPlane)
    .flatMap((n) =>
      COMPONENTS.map(([component, image, cpu]): SeedObject => {
        const pod: Pod = {
          metadata: {
            name: `${component}-${n.name}`,
            namespace: 'kube-system',
            labels: { component, tier: 'control-plane' },
            annotations: {
              'kubernetes.io/config.source': 'file',
              'kubernetes.io/config.mirror': `${component}-${n.name}`.length.toString(16).padStart(32, '0'),
            },
          },
          spec: {
            nodeName: n.name,
            containers: [{ name: component, image, command: [component], resources: { requests: { cpu } } }],
            tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
          },
        };
        (pod.spec as unknown as Record<string, unknown>)['priorityClassName'] = 'system-node-critical';
        (pod.spec as unknown as Record<string, unknown>)['hostNetwork'] = true;
        return { gvr: PODS, object: pod, ageMs };
      }),
    );
}

/** kind's node agents: kube-proxy and the kindnet CNI on every node. */
export function nodeAgents(ageMs: number): SeedObject[] {
  const ds = (name: string, image: string, app: string): SeedObject => ({
    gvr: DAEMONSETS,
    ageMs,
    object: {
      metadata: { name, namespace: 'kube-system', labels: { 'k8s-app': app } },
      spec: {
        selector: { matchLabels: { 'k8s-app': app } },
        template: {
          metadata: { labels: { 'k8s-app': app } },
          spec: {
            serviceAccountName: name,
            containers: [
              {
                name,
                image,
                command: [`/usr/local/bin/${name}`],
                resources: { requests: { cpu: '100m', memory: '50Mi' } },
              },
            ],
            tolerations: [{ operator: 'Exists' }],
          },
        },
      },
    },
  });
  return [
    ds('kube-proxy', 'registry.k8s.io/kube-proxy:v1.32.0', 'kube-proxy'),
    ds('kindnet', 'docker.io/kindest/kindnetd:v20241108-5c6d2daf', 'kindnet'),
  ];
}
