// `c` and `a` in the logs view need a pod's containers, init and ephemeral ones included, which the
// session's targets (one per container being shown) do not carry: read them from the pod itself, one GET
// per distinct pod, when the key is pressed. Always current, and no change to how targets are built.
import type { Transport } from '../../kube/transport.js';
import { objectPath } from '../../kube/resource-path.js';
import type { Pod } from '../../util/k8s.js';
import { pods as podKind } from '../../resources/pods.js';
import { collectionOf } from '../../resources/registry.js';
import type { LogTarget } from './logs.js';

export interface ContainerRef {
  name: string;
  kind: 'init' | 'main' | 'ephemeral';
}

export interface PodContainers {
  namespace: string;
  pod: string;
  containers: ContainerRef[];
}

type PodSpecMore = NonNullable<Pod['spec']> & { ephemeralContainers?: { name: string }[] };

/** Containers in the order kubectl lists them: init, then main, then ephemeral. */
function containersOf(pod: Pod): ContainerRef[] {
  const spec = (pod.spec ?? {}) as PodSpecMore;
  return [
    ...(spec.initContainers ?? []).map((c) => ({ name: c.name, kind: 'init' as const })),
    ...(spec.containers ?? []).map((c) => ({ name: c.name, kind: 'main' as const })),
    ...(spec.ephemeralContainers ?? []).map((c) => ({ name: c.name, kind: 'ephemeral' as const })),
  ];
}

/** The distinct pods of a session's targets, each with its containers (fetched in parallel). */
export async function fetchPodContainers(t: Pick<Transport, 'request'>, targets: readonly LogTarget[]): Promise<PodContainers[]> {
  const seen = new Map<string, LogTarget>();
  for (const x of targets) seen.set(`${x.namespace}/${x.pod}`, x);
  return Promise.all(
    [...seen.values()].map(async (x) => {
      const pod = await t.request<Pod>(objectPath(collectionOf(podKind, x.namespace), x.pod));
      return { namespace: x.namespace, pod: x.pod, containers: containersOf(pod) };
    }),
  );
}

/** The container names to offer, over all pods (a workload's pods share one template), in first-seen order. */
export function containerChoices(pods: readonly PodContainers[]): ContainerRef[] {
  const out = new Map<string, ContainerRef>();
  for (const p of pods) for (const c of p.containers) if (!out.has(c.name)) out.set(c.name, c);
  return [...out.values()];
}

/** Targets for one container name on every pod that has it. */
export function targetsFor(pods: readonly PodContainers[], container: string): LogTarget[] {
  return pods.filter((p) => p.containers.some((c) => c.name === container)).map((p) => ({ namespace: p.namespace, pod: p.pod, container }));
}

/** Every container of every pod (like `kubectl logs --all-containers`, init and ephemeral ones included). */
export function allTargets(pods: readonly PodContainers[]): LogTarget[] {
  return pods.flatMap((p) => p.containers.map((c) => ({ namespace: p.namespace, pod: p.pod, container: c.name })));
}
