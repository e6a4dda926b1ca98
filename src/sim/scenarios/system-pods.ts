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

/** hex digits from a name, stable: the runtime's container and image ids of a static pod. */
const hexOf = (s: string, len: number): string => {
  let h = 2166136261;
  let out = '';
  while (out.length < len) {
    for (const c of s + out.length) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, len);
};

/**
 * A static pod the kubelet started when the node came up `ageMs` ago and that has run since: Running and
 * Ready from the first frame, as on a cluster that has been up for days (host network: the node's IP).
 */
function runningSince(n: SimNode, component: string, image: string, ago: (ms: number) => string, ageMs: number): Record<string, unknown> {
  const started = ago(Math.max(0, ageMs - 5_000));
  const cond = (type: string, at: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: at });
  return {
    phase: 'Running',
    hostIP: n.hostIP,
    hostIPs: [{ ip: n.hostIP }],
    podIP: n.hostIP,
    podIPs: [{ ip: n.hostIP }],
    startTime: ago(ageMs),
    qosClass: 'Burstable',
    conditions: [
      cond('PodReadyToStartContainers', started),
      cond('Initialized', ago(ageMs)),
      cond('Ready', ago(Math.max(0, ageMs - 10_000))),
      cond('ContainersReady', ago(Math.max(0, ageMs - 10_000))),
      cond('PodScheduled', ago(ageMs)),
    ],
    containerStatuses: [
      {
        name: component,
        image,
        imageID: `${image.split(':')[0] ?? image}@sha256:${hexOf(image, 64)}`,
        containerID: `containerd://${hexOf(`${component}-${n.name}`, 64)}`,
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: started } },
      },
    ],
  };
}

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
        return { gvr: PODS, object: pod, ageMs, status: (ago) => runningSince(n, component, image, ago, ageMs) };
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
