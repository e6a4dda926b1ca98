// kubectl's table printers (pkg/printers/internalversion/printers.go), pure functions over raw
// objects. Shared by the simulator's server-side Tables and kubedeck's own rows. NAME and AGE are
// left to the caller (ageOf), except where kubectl changes them (StorageClass's "(default)").
export { podSummary, podSummaryDetail, formatRestarts, podWideCells } from './printers/pod.js';
export { deploymentCells, containerCells, desiredReplicas } from './printers/deployment.js';
export { serviceCells, namespacePhase } from './printers/service.js';
export { formatLabels, selectorCell } from './printers/labels.js';
export { nodeCells, nodeReadiness } from './printers/node.js';
export { replicaSetCells, statefulSetCells, daemonSetCells } from './printers/workloads.js';
export { jobCells, jobStatus, jobCompletions, cronJobCells } from './printers/batch.js';
export type { JobStatus } from './printers/batch.js';
export { configMapCells, secretCells, serviceAccountCells } from './printers/config.js';
export { ingressCells, ingressHosts, endpointsCell, endpointSliceCells } from './printers/network.js';
export { accessModes, pvcCells, pvCells, storageClassCells, isDefaultStorageClass } from './printers/storage.js';
export type { PvcCells, PvCells } from './printers/storage.js';
export { eventCells } from './printers/event.js';
export { controllerRevisionCells, createdAtCell } from './printers/meta.js';
