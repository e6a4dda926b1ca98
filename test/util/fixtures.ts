// Builders for pod fixtures shaped as the API server sends them.
import type { ContainerState, ContainerStatus, Pod, PodStatus } from '../../src/util/k8s.js';

export const NOW = Date.parse('2026-01-01T12:00:00Z');
export const ago = (ms: number): string => new Date(NOW - ms).toISOString();

export const running = (): ContainerState => ({ running: { startedAt: ago(3_600_000) } });
export const waiting = (reason?: string): ContainerState => ({ waiting: reason ? { reason } : {} });
export const terminated = (exitCode: number, reason?: string, signal?: number): ContainerState => ({
  terminated: { exitCode, ...(reason ? { reason } : {}), ...(signal ? { signal } : {}) },
});

export function cs(name: string, state: ContainerState, extra: Partial<ContainerStatus> = {}): ContainerStatus {
  return { name, ready: false, restartCount: 0, state, ...extra };
}

export interface PodOpts {
  containers?: string[];
  init?: { name: string; sidecar?: boolean }[];
  status?: PodStatus;
  deleting?: boolean;
}

export function pod(opts: PodOpts = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-0',
      namespace: 'default',
      uid: 'uid-1',
      resourceVersion: '7',
      creationTimestamp: ago(5 * 60_000),
      ...(opts.deleting ? { deletionTimestamp: ago(1000) } : {}),
    },
    spec: {
      containers: (opts.containers ?? ['app']).map((name) => ({ name, image: `${name}:1` })),
      ...(opts.init
        ? { initContainers: opts.init.map((c) => ({ name: c.name, ...(c.sidecar ? { restartPolicy: 'Always' } : {}) })) }
        : {}),
    },
    status: opts.status ?? { phase: 'Pending' },
  };
}
