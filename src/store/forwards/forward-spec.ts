// A running forward's spec, and how a controlled pod's replacement is found (shared by the plan and the forwarder).
import type { Pod } from '../../util/k8s.js';

export interface ForwardSpec {
  namespace: string;
  pod: string;
  container: string;
  /** The container port. */
  port: number;
  localPort: number;
  /** Pods that may replace `pod` (its controller's or the Service's selector). */
  selector?: string;
  /** What it was started on, for the list: `svc/web` or `pod/web-1`. */
  via: string;
}

/** Labels a controller stamps per pod or per revision: not part of "the same workload". */
const PER_POD_LABELS = new Set(['pod-template-hash', 'controller-revision-hash', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index', 'batch.kubernetes.io/job-completion-index']);

/** The selector that finds a controlled pod's siblings (and so its replacement); none for a bare pod. */
export function replacementSelector(pod: Pod): string | undefined {
  if (!pod.metadata.ownerReferences?.some((o) => o.controller)) return undefined;
  const pairs = Object.entries(pod.metadata.labels ?? {}).filter(([k]) => !PER_POD_LABELS.has(k));
  return pairs.length ? pairs.map(([k, v]) => `${k}=${v}`).join(',') : undefined;
}

