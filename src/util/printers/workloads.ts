// kubectl's printReplicaSet, printStatefulSet and printDaemonSet, over the raw objects.
import type { DaemonSet, ReplicaSet, StatefulSet } from '../k8s-more.js';
import { containerCells } from './deployment.js';
import { formatLabels, formatSelectorCell } from './labels.js';

export interface ReplicaSetCells {
  desired: number;
  current: number;
  ready: number;
  containers: string;
  images: string;
  /** metav1.FormatLabelSelector: "<none>" when empty. */
  selector: string;
}

/** DESIRED (spec.replicas, defaulted to 1 by the server), CURRENT, READY and the wide cells. */
export function replicaSetCells(rs: ReplicaSet): ReplicaSetCells {
  return {
    desired: rs.spec?.replicas ?? 1,
    current: rs.status?.replicas ?? 0,
    ready: rs.status?.readyReplicas ?? 0,
    ...containerCells(rs.spec?.template?.spec?.containers),
    selector: formatSelectorCell(rs.spec?.selector),
  };
}

export interface StatefulSetCells {
  /** READY "ready/desired". */
  ready: string;
  containers: string;
  images: string;
}

/** READY and the wide CONTAINERS, IMAGES (printStatefulSet has no SELECTOR column). */
export function statefulSetCells(sts: StatefulSet): StatefulSetCells {
  return {
    ready: `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 1}`,
    ...containerCells(sts.spec?.template?.spec?.containers),
  };
}

export interface DaemonSetCells {
  desired: number;
  current: number;
  ready: number;
  upToDate: number;
  available: number;
  /** NODE SELECTOR: the template's nodeSelector as labels, "<none>" when empty. */
  nodeSelector: string;
  containers: string;
  images: string;
  /** metav1.FormatLabelSelector: "<none>" when empty. */
  selector: string;
}

/** DESIRED, CURRENT, READY, UP-TO-DATE, AVAILABLE, NODE SELECTOR and the wide cells. */
export function daemonSetCells(ds: DaemonSet): DaemonSetCells {
  const s = ds.status;
  return {
    desired: s?.desiredNumberScheduled ?? 0,
    current: s?.currentNumberScheduled ?? 0,
    ready: s?.numberReady ?? 0,
    upToDate: s?.updatedNumberScheduled ?? 0,
    available: s?.numberAvailable ?? 0,
    nodeSelector: formatLabels(ds.spec?.template?.spec?.nodeSelector),
    ...containerCells(ds.spec?.template?.spec?.containers),
    selector: formatSelectorCell(ds.spec?.selector),
  };
}
