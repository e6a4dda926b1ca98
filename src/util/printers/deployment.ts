// kubectl's printDeployment, over the raw object.
import type { Container, Deployment } from '../k8s.js';
import { selectorCell } from './labels.js';

export interface DeploymentCells {
  ready: string;
  upToDate: number;
  available: number;
  containers: string;
  images: string;
  selector: string;
}

/** layoutContainerCells: names and images joined by ",". */
export function containerCells(containers: readonly Container[] | undefined): { containers: string; images: string } {
  const list = containers ?? [];
  return { containers: list.map((c) => c.name).join(','), images: list.map((c) => c.image ?? '').join(',') };
}

/** Desired replicas: spec.replicas, which the API server defaults to 1. */
export function desiredReplicas(d: Deployment): number {
  return d.spec?.replicas ?? 1;
}

/** READY "ready/desired", UP-TO-DATE, AVAILABLE and the wide CONTAINERS, IMAGES, SELECTOR cells. */
export function deploymentCells(d: Deployment): DeploymentCells {
  const status = d.status;
  return {
    ready: `${status?.readyReplicas ?? 0}/${desiredReplicas(d)}`,
    upToDate: status?.updatedReplicas ?? 0,
    available: status?.availableReplicas ?? 0,
    ...containerCells(d.spec?.template?.spec?.containers),
    selector: selectorCell(d.spec?.selector),
  };
}
