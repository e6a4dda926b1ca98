// Which container and which of its instances a log request reads, with the API server's and the
// kubelet's error messages (registry/core/pod LogLocation, kubelet validateContainerLogStatus).

import type {
  Container,
  ContainerStateRunning,
  ContainerStateTerminated,
  ContainerStatus,
  Pod,
} from '../../util/k8s.js';

const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

export interface Selected {
  container: Container;
  state: ContainerStateRunning | ContainerStateTerminated;
  /** The instance number: restartCount when it started. */
  instance: number;
}

type Ephemeral = { ephemeralContainers?: Container[] };
const allContainers = (pod: Pod): Container[] => [
  ...(pod.spec?.containers ?? []),
  ...(pod.spec?.initContainers ?? []),
  ...((pod.spec as Ephemeral | undefined)?.ephemeralContainers ?? []),
];

/**
 * The container a request names, else the `kubectl.kubernetes.io/default-container` annotation's,
 * else the first (kubectl's rule; the API server itself refuses to guess for a multi-container pod).
 */
export function pickContainer(pod: Pod, name: string | undefined): Container | string {
  const podName = pod.metadata.name ?? '';
  const all = allContainers(pod);
  if (name !== undefined)
    return all.find((c) => c.name === name) ?? `container ${name} is not valid for pod ${podName}`;
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  const chosen = all.find((c) => c.name === annotated) ?? pod.spec?.containers[0];
  return chosen ?? `a container name must be specified for pod ${podName}`;
}

export function statusOf(pod: Pod, name: string): ContainerStatus | undefined {
  const st = pod.status as (Pod['status'] & { ephemeralContainerStatuses?: ContainerStatus[] }) | undefined;
  return [
    ...(st?.containerStatuses ?? []),
    ...(st?.initContainerStatuses ?? []),
    ...(st?.ephemeralContainerStatuses ?? []),
  ].find((s) => s.name === name);
}

/** The instance of `cs` that a current (or previous) log request reads, or the kubelet's error. */
export function pickInstance(
  cs: ContainerStatus,
  pod: string,
  previous: boolean,
): Omit<Selected, 'container'> | string {
  const c = cs.name;
  const restarts = cs.restartCount ?? 0;
  const state = cs.state ?? {};
  const last = cs.lastState?.terminated;
  // the last terminated instance: one before the current, or the current restartCount while the
  // container waits to be restarted (the simulator counts a restart when it happens)
  const lastInstance = state.waiting ? restarts : Math.max(0, restarts - 1);
  if (previous) {
    if (!last) return `previous terminated container "${c}" in pod "${pod}" not found`;
    return { state: last, instance: lastInstance };
  }
  if (state.running) return { state: state.running, instance: restarts };
  if (state.terminated) return { state: state.terminated, instance: restarts };
  if (last) return { state: last, instance: lastInstance };
  const reason = state.waiting?.reason;
  if (reason === 'ErrImagePull')
    return `container "${c}" in pod "${pod}" is waiting to start: image can't be pulled`;
  if (reason === 'ImagePullBackOff')
    return `container "${c}" in pod "${pod}" is waiting to start: trying and failing to pull image`;
  if (reason) return `container "${c}" in pod "${pod}" is waiting to start: ${reason}`;
  return `container "${c}" in pod "${pod}" is waiting to start - no logs yet`;
}

/** Has the instance we follow ended in `pod`? Returns its terminated state, `gone`, or undefined (still runs). */
export function followedEnd(
  pod: Pod | undefined,
  uid: string | undefined,
  name: string,
  instance: number,
  startedAt: string | undefined,
): ContainerStateTerminated | 'gone' | undefined {
  if (!pod || pod.metadata.uid !== uid) return 'gone';
  const cs = statusOf(pod, name);
  if (!cs) return 'gone';
  const r = cs.state?.running;
  if (r && (cs.restartCount ?? 0) === instance && r.startedAt === startedAt) return undefined;
  const t = cs.state?.terminated;
  if (t && t.startedAt === startedAt) return t;
  const last = cs.lastState?.terminated;
  if (last && last.startedAt === startedAt) return last;
  return 'gone';
}
