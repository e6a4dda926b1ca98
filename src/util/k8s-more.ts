// More object shapes as they travel as JSON (see k8s.ts for the conventions): the kinds beyond pods,
// deployments, services and namespaces. Only the fields printers, slim records or the simulator need.
import type { Condition, KObject, LabelSelector, ObjectMeta, PodTemplateSpec } from './k8s.js';

interface NodeAddress {
  type: string; // InternalIP, ExternalIP, Hostname, InternalDNS, ExternalDNS
  address: string;
}
interface NodeSystemInfo {
  kubeletVersion?: string;
  osImage?: string;
  kernelVersion?: string;
  containerRuntimeVersion?: string;
  operatingSystem?: string;
  architecture?: string;
}
export interface Node extends KObject {
  spec?: { unschedulable?: boolean; podCIDR?: string; providerID?: string; taints?: { key: string; value?: string; effect: string }[] };
  status?: {
    conditions?: Condition[];
    addresses?: NodeAddress[];
    nodeInfo?: NodeSystemInfo;
    capacity?: Record<string, string>;
    allocatable?: Record<string, string>;
  };
}

export interface ReplicaSet extends KObject {
  spec?: { replicas?: number; selector?: LabelSelector; template?: PodTemplateSpec; minReadySeconds?: number };
  status?: {
    replicas?: number;
    fullyLabeledReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    observedGeneration?: number;
    conditions?: Condition[];
  };
}

export interface StatefulSet extends KObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplateSpec;
    serviceName?: string;
    podManagementPolicy?: string;
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number; maxUnavailable?: number | string } };
  };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    currentReplicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
    observedGeneration?: number;
    conditions?: Condition[];
  };
}

export interface DaemonSet extends KObject {
  spec?: { selector?: LabelSelector; template?: PodTemplateSpec; updateStrategy?: { type?: string } };
  status?: {
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    numberReady?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    numberUnavailable?: number;
    numberMisscheduled?: number;
    observedGeneration?: number;
    conditions?: Condition[];
  };
}

interface JobSpec {
  completions?: number;
  parallelism?: number;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  suspend?: boolean;
  selector?: LabelSelector;
  manualSelector?: boolean;
  template?: PodTemplateSpec;
  ttlSecondsAfterFinished?: number;
}
export interface Job extends KObject {
  spec?: JobSpec;
  status?: {
    active?: number;
    succeeded?: number;
    failed?: number;
    ready?: number;
    startTime?: string;
    completionTime?: string;
    conditions?: Condition[];
  };
}

interface ObjectReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  uid?: string;
  fieldPath?: string;
  resourceVersion?: string;
}

export interface CronJob extends KObject {
  spec?: {
    schedule?: string;
    timeZone?: string;
    suspend?: boolean;
    concurrencyPolicy?: string;
    jobTemplate?: { metadata?: ObjectMeta; spec?: JobSpec };
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
  };
  status?: { active?: ObjectReference[]; lastScheduleTime?: string; lastSuccessfulTime?: string };
}

export interface ConfigMap extends KObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  immutable?: boolean;
}

export interface Secret extends KObject {
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  immutable?: boolean;
}

export interface ServiceAccount extends KObject {
  secrets?: ObjectReference[];
  imagePullSecrets?: { name?: string }[];
  automountServiceAccountToken?: boolean;
}

interface IngressBackend {
  service?: { name: string; port?: { number?: number; name?: string } };
  resource?: { apiGroup?: string; kind: string; name: string };
}
export interface IngressRule {
  host?: string;
  http?: { paths?: { path?: string; pathType?: string; backend?: IngressBackend }[] };
}
export interface Ingress extends KObject {
  spec?: {
    ingressClassName?: string;
    defaultBackend?: IngressBackend;
    rules?: IngressRule[];
    tls?: { hosts?: string[]; secretName?: string }[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

export interface PersistentVolumeClaim extends KObject {
  spec?: {
    accessModes?: string[];
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    volumeName?: string;
    storageClassName?: string;
    volumeMode?: string;
    volumeAttributesClassName?: string;
    selector?: LabelSelector;
  };
  status?: { phase?: string; accessModes?: string[]; capacity?: Record<string, string>; conditions?: Condition[] };
}

export interface PersistentVolume extends KObject {
  spec?: {
    capacity?: Record<string, string>;
    accessModes?: string[];
    persistentVolumeReclaimPolicy?: string;
    storageClassName?: string;
    volumeMode?: string;
    volumeAttributesClassName?: string;
    claimRef?: ObjectReference;
    hostPath?: { path: string; type?: string };
    csi?: { driver: string; volumeHandle: string };
  };
  status?: { phase?: string; reason?: string; message?: string; lastPhaseTransitionTime?: string };
}

export interface StorageClass extends KObject {
  provisioner?: string;
  parameters?: Record<string, string>;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowVolumeExpansion?: boolean;
  mountOptions?: string[];
}

/** core/v1 Event (events.k8s.io/v1 fields appear here under their core/v1 names). */
export interface Event extends KObject {
  involvedObject?: ObjectReference;
  reason?: string;
  message?: string;
  source?: { component?: string; host?: string };
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  count?: number;
  type?: string;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string } | null;
  action?: string;
  related?: ObjectReference;
  reportingComponent?: string;
  reportingInstance?: string;
}

interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: ObjectReference;
}
interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: { name?: string; port: number; protocol?: string; appProtocol?: string }[];
}
export interface Endpoints extends KObject {
  subsets?: EndpointSubset[];
}

interface EndpointSliceEndpoint {
  addresses: string[];
  conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  hostname?: string;
  nodeName?: string;
  zone?: string;
  targetRef?: ObjectReference;
}
export interface EndpointSlice extends KObject {
  addressType?: string;
  endpoints?: EndpointSliceEndpoint[] | null;
  ports?: { name?: string | null; port?: number | null; protocol?: string; appProtocol?: string }[] | null;
}

export interface ControllerRevision extends KObject {
  data?: unknown;
  revision?: number;
}

interface CustomResourceColumnDefinition {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}
interface CustomResourceDefinitionVersion {
  name: string;
  served: boolean;
  storage: boolean;
  additionalPrinterColumns?: CustomResourceColumnDefinition[];
  schema?: unknown;
  subresources?: { status?: object; scale?: object };
}
interface CustomResourceDefinitionNames {
  plural: string;
  singular?: string;
  kind: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}
export interface CustomResourceDefinition extends KObject {
  spec?: {
    group: string;
    names: CustomResourceDefinitionNames;
    scope: 'Namespaced' | 'Cluster';
    versions: CustomResourceDefinitionVersion[];
  };
  status?: { conditions?: Condition[]; acceptedNames?: CustomResourceDefinitionNames; storedVersions?: string[] };
}

/** meta.k8s.io/v1 TableColumnDefinition; priority 1 = wide only. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
}
/** meta.k8s.io/v1 TableRow; `object` is a PartialObjectMetadata unless includeObject=Object. */
export interface TableRow {
  cells: unknown[];
  conditions?: Condition[];
  object?: KObject;
}
/** meta.k8s.io/v1 Table, the answer to `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. */
export interface Table {
  apiVersion?: string;
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions?: TableColumnDefinition[];
  rows?: TableRow[];
}
