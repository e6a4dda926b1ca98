// A container crash on demand: the running container stops with the given exit code (as if its process
// died), the pod turns NotReady, and the kubelet stages take it from there: a restart (the first at
// once, then CrashLoopBackOff's back-off) with the exit in lastState, or the end of the pod when its
// restartPolicy says so.

import type { Pod } from '../../util/k8s.js';
import { refresh, refs, terminate } from '../kubelet/pod-status.js';
import { PODS } from '../resources.js';
import type { Storage } from '../storage/index.js';

const ts = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Crash `container` (default: the first running one) of a pod; an error message when it cannot. */
export function crashContainer(
  storage: Storage,
  now: number,
  namespace: string,
  pod: string,
  container: string | undefined,
  exitCode: number,
): string | undefined {
  const p = storage.get(PODS, namespace, pod) as Pod | undefined;
  if (!p) return `pod ${namespace}/${pod} not found`;
  let err: string | undefined;
  storage.mutate(PODS, namespace, pod, (d) => {
    const draft = d as Pod;
    const target = refs(draft).main.find(
      (r) => (container === undefined || r.spec.name === container) && r.cs.state?.running,
    );
    if (!target) {
      err = container
        ? `container "${container}" of pod ${namespace}/${pod} is not running`
        : `pod ${namespace}/${pod} has no running container`;
      return false;
    }
    const at = ts(now);
    terminate(target, exitCode, exitCode === 0 ? 'Completed' : 'Error', at);
    refresh(draft, at);
  });
  return err;
}
