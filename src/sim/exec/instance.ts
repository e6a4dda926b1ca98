// Watch one running instance of a container: tells when it ends (the pod deleted or replaced, the
// container restarted or terminated), so exec and attach sessions end with it as they do on a kubelet.

import type { Pod } from '../../util/k8s.js';
import { statusOf } from '../logs/select.js';
import { PODS } from '../resources.js';
import type { StreamDeps } from './deps.js';

/** Calls `onEnd` once with the instance's exit code (137 when it was killed or vanished); returns unsubscribe. */
export function watchInstance(
  storage: StreamDeps['storage'],
  pod: Pod,
  container: string,
  onEnd: (exitCode: number) => void,
): () => void {
  const startedAt = statusOf(pod, container)?.state?.running?.startedAt;
  let done = false;
  const unsubscribe = storage.subscribe(PODS, (ev) => {
    const o = ev.object as Pod;
    if (done || o.metadata.uid !== pod.metadata.uid) return;
    const cs = ev.type === 'DELETED' ? undefined : statusOf(o, container);
    if (cs?.state?.running?.startedAt === startedAt) return;
    const term = cs?.state?.terminated ?? cs?.lastState?.terminated;
    done = true;
    unsubscribe();
    onEnd(term && term.startedAt === startedAt ? term.exitCode : 137);
  });
  return () => {
    done = true;
    unsubscribe();
  };
}
