// kubectl's table printers (pkg/printers/internalversion/printers.go), pure functions over raw
// objects. Shared by the simulator's server-side Tables and kubedeck's own rows. NAME and AGE are
// left to the caller (ageOf), except where kubectl changes them (StorageClass's "(default)").
export { podSummary, podSummaryDetail, formatRestarts, podWideCells } from './printers/pod.js';
export type { PodSummary, PodSummaryDetail } from './printers/pod.js';
export { deploymentCells, containerCells, desiredReplicas } from './printers/deployment.js';
export type { DeploymentCells } from './printers/deployment.js';
export { serviceCells, servicePorts, namespacePhase } from './printers/service.js';
export type { ServiceCells } from './printers/service.js';
export { formatLabels, selectorCell, formatSelectorCell } from './printers/labels.js';
export { nodeCells, nodeRoles, nodeReadiness } from './printers/node.js';
export type { NodeCells } from './printers/node.js';
export { replicaSetCells, statefulSetCells, daemonSetCells } from './printers/workloads.js';
export type { ReplicaSetCells, StatefulSetCells, DaemonSetCells } from './printers/workloads.js';
export { jobCells, jobStatus, jobCompletions, jobDuration, cronJobCells } from './printers/batch.js';
export type { JobCells, JobStatus, CronJobCells } from './printers/batch.js';
export { configMapCells, secretCells, serviceAccountCells } from './printers/config.js';
export { ingressCells, ingressHosts, endpointsCell, endpointSliceCells } from './printers/network.js';
export type { IngressCells, EndpointSliceCells } from './printers/network.js';
export { accessModes, pvcCells, pvCells, storageClassCells, isDefaultStorageClass } from './printers/storage.js';
export type { PvcCells, PvCells, StorageClassCells } from './printers/storage.js';
export { eventCells, eventObject, eventLastSeenAt } from './printers/event.js';
export type { EventCells } from './printers/event.js';
export { controllerRevisionCells, groupKindName, createdAtCell } from './printers/meta.js';
