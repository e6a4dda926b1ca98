// kubectl's table printers (pkg/printers/internalversion/printers.go), pure functions over raw
// objects. Shared by the simulator's server-side Tables and kubedeck's own rows.
export { podSummary, podSummaryDetail, formatRestarts, podWideCells } from './printers/pod.js';
export type { PodSummary, PodSummaryDetail } from './printers/pod.js';
export { deploymentCells, containerCells, desiredReplicas } from './printers/deployment.js';
export type { DeploymentCells } from './printers/deployment.js';
export { serviceCells, servicePorts, namespacePhase } from './printers/service.js';
export type { ServiceCells } from './printers/service.js';
export { formatLabels, selectorCell } from './printers/labels.js';
