// A fresh cluster: the four system namespaces and the `kubernetes` Service, nothing else.

import { NAMESPACES, SERVICES } from '../resources.js';
import type { Scenario, SeedObject } from './types.js';

const DAY = 86_400_000;

const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

export function systemObjects(ageMs: number): SeedObject[] {
  return [
    ...SYSTEM_NAMESPACES.map((name) => ({ gvr: NAMESPACES, object: { metadata: { name } }, ageMs })),
    {
      gvr: SERVICES,
      ageMs,
      object: {
        metadata: {
          name: 'kubernetes',
          namespace: 'default',
          labels: { component: 'apiserver', provider: 'kubernetes' },
        },
        spec: {
          type: 'ClusterIP',
          clusterIP: '10.96.0.1',
          ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
        },
      },
    },
  ];
}

export const emptyScenario: Scenario = {
  name: 'empty',
  description: 'a fresh cluster: default, kube-system, kube-public, kube-node-lease',
  nodes: [
    { name: 'kubedeck-control-plane', index: 0, hostIP: '172.18.0.2', controlPlane: true },
    { name: 'kubedeck-worker', index: 1, hostIP: '172.18.0.3' },
  ],
  objects: () => systemObjects(5 * 60_000 + DAY * 0),
};
