// Node objects as kind creates them: kubernetes.io/hostname and os/arch labels, the control-plane role
// label and taint, pod CIDR, InternalIP/Hostname addresses, capacity = allocatable, the four kubelet
// conditions (Ready True) and nodeInfo of a kind node image.

import type { KObject } from '../../util/k8s.js';
import { podCidr } from '../ipam.js';
import { NODES } from '../resources.js';
import type { Rng } from '../rng.js';
import type { SeedObject, SimNode } from './types.js';

const KUBELET_VERSION = 'v1.32.0';

export function nodeObject(n: SimNode, createdAt: string, rng: Rng): KObject {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
    ...(n.controlPlane
      ? {
          'node-role.kubernetes.io/control-plane': '',
          'node.kubernetes.io/exclude-from-external-load-balancers': '',
        }
      : {}),
    ...n.labels,
  };
  const taints = [
    ...(n.controlPlane ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] : []),
    ...(n.taints ?? []),
  ];
  const resources = {
    cpu: n.cpu ?? '4',
    'ephemeral-storage': '102626232Ki',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: n.memory ?? '8Gi',
    pods: String(n.pods ?? 110),
  };
  const cond = (type: string, status: string, reason: string, message: string): Record<string, string> => ({
    type,
    status,
    lastHeartbeatTime: createdAt,
    lastTransitionTime: createdAt,
    reason,
    message,
  });
  const hex = (k: number): string => rng.chars(k, '0123456789abcdef');
  const cidr = podCidr(n.index);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels,
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: cidr,
      podCIDRs: [cidr],
      providerID: `kind://docker/kubedeck/${n.name}`,
      ...(taints.length ? { taints } : {}),
    },
    status: {
      addresses: [
        { type: 'InternalIP', address: n.hostIP },
        { type: 'Hostname', address: n.name },
      ],
      allocatable: resources,
      capacity: resources,
      conditions: [
        cond(
          'MemoryPressure',
          'False',
          'KubeletHasSufficientMemory',
          'kubelet has sufficient memory available',
        ),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
        containerRuntimeVersion: 'containerd://1.7.24',
        kernelVersion: '6.8.0-48-generic',
        kubeProxyVersion: KUBELET_VERSION,
        kubeletVersion: KUBELET_VERSION,
        machineID: hex(32),
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        systemUUID: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
      },
    },
  };
}

/** Seed objects for a scenario's nodes, all as old as the cluster. */
export function nodeSeeds(nodes: readonly SimNode[], ageMs: number, now: number, rng: Rng): SeedObject[] {
  const created = new Date(now - ageMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return nodes.map((n) => ({ gvr: NODES, object: nodeObject(n, created, rng.fork(n.name)), ageMs }));
}
