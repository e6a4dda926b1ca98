// After the server closed a follow stream: will this container write more logs? A running or waiting
// container will (waiting covers CrashLoopBackOff between restarts); a terminated one only if its restart
// policy restarts it; a pod that is gone or finished never will.
import { toKubeError } from '../errors.js';
import type { Transport } from '../transport.js';
import type { ContainerStatus, Pod } from '../../util/k8s.js';

const DEFAULT_CONTAINER = 'kubectl.kubernetes.io/default-container';

type PodWithEphemeral = Pod & { status?: { ephemeralContainerStatuses?: ContainerStatus[] } };

/** Decide from a pod object (exported for tests). */
export function containerWillRun(pod: PodWithEphemeral, container: string | undefined): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  const spec = pod.spec;
  const name = container ?? pod.metadata.annotations?.[DEFAULT_CONTAINER] ?? spec?.containers[0]?.name;
  const st = pod.status;
  const all = [...(st?.initContainerStatuses ?? []), ...(st?.containerStatuses ?? []), ...(st?.ephemeralContainerStatuses ?? [])];
  const cs = all.find((c) => c.name === name);
  const terminated = cs?.state?.terminated;
  if (!cs || !terminated) return true;
  const init = spec?.initContainers?.find((c) => c.name === name);
  if (init) return init.restartPolicy === 'Always' || (terminated.exitCode !== 0 && spec?.restartPolicy !== 'Never');
  const policy = spec?.restartPolicy ?? 'Always';
  return policy === 'Always' || (policy === 'OnFailure' && terminated.exitCode !== 0);
}

/**
 * Ask the API. Gone (404) → false; any other failure → true, so that the caller keeps retrying with back-off
 * and reports the failure of the log request itself.
 */
export async function willRun(transport: Pick<Transport, 'request'>, podPath: string, container: string | undefined, signal: AbortSignal): Promise<boolean> {
  try {
    const pod = await transport.request<PodWithEphemeral>(podPath, { signal, timeoutMs: 15_000 });
    return pod ? containerWillRun(pod, container) : true;
  } catch (e) {
    return toKubeError(e).reason !== 'NotFound';
  }
}
