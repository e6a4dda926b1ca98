// Server-side Tables (meta.k8s.io/v1 Table), what `kubectl get` prints: columns and cells per kind as the
// API server's printers produce them. Cells come from util/printers, shared with kubedeck's own rows.

import { ageOf } from '../../util/age.js';
import type { Deployment, KObject, Namespace, Pod, Service } from '../../util/k8s.js';
import {
  deploymentCells,
  formatRestarts,
  namespacePhase,
  podSummary,
  podWideCells,
  serviceCells,
} from '../../util/printers.js';
import { gvrId } from '../storage/types.js';
import type { ResourceInfo } from '../resources.js';
import { customTable } from './custom-table.js';
import { CONFIG_TABLES } from './tables-config.js';
import { WORKLOAD_TABLES } from './tables-workloads.js';
import { POLICY_TABLES } from './tables-policy.js';

export type { ColumnDefinition, IncludeObject, TableDef } from './table-types.js';
import type { ColumnDefinition, IncludeObject, TableDef } from './table-types.js';

const col = (
  name: string,
  description: string,
  priority = 0,
  type: ColumnDefinition['type'] = 'string',
  format = '',
): ColumnDefinition => ({
  name,
  type,
  format,
  description,
  priority,
});

const NAME = col(
  'Name',
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  0,
  'string',
  'name',
);
const AGE = col(
  'Age',
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
);

const age = (o: KObject, now: number): string => ageOf(o.metadata.creationTimestamp, now);

const podTable: TableDef = {
  columns: [
    NAME,
    col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'The aggregate status of the containers in this pod.'),
    col(
      'Restarts',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    AGE,
    col(
      'IP',
      'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
      1,
    ),
    col(
      'Node',
      'NodeName is a request to schedule this pod onto a specific node. If it is non-empty, the scheduler simply schedules this pod onto that node, assuming that it fits resource requirements.',
      1,
    ),
    col(
      'Nominated Node',
      'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.',
      1,
    ),
    col('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
  ],
  cells(o, now) {
    const pod = o as Pod;
    const s = podSummary(pod);
    const w = podWideCells(pod);
    const name = o.metadata.name ?? '';
    return [
      name,
      s.ready,
      s.status,
      formatRestarts(s.restarts, s.lastRestartAt, now),
      age(o, now),
      w.ip,
      w.node,
      w.nominatedNode,
      w.readinessGates,
    ];
  },
};

const deploymentTable: TableDef = {
  columns: [
    NAME,
    col('Ready', 'Number of the pod with ready state'),
    col(
      'Up-to-date',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
      0,
      'integer',
    ),
    col(
      'Available',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
      0,
      'integer',
    ),
    AGE,
    col('Containers', 'Names of each container in the template.', 1),
    col('Images', 'Images referenced by each container in the template.', 1),
    col(
      'Selector',
      'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.',
      1,
    ),
  ],
  cells(o, now) {
    const c = deploymentCells(o as Deployment);
    return [
      o.metadata.name ?? '',
      c.ready,
      c.upToDate,
      c.available,
      age(o, now),
      c.containers,
      c.images,
      c.selector,
    ];
  },
};

const serviceTable: TableDef = {
  columns: [
    NAME,
    col(
      'Type',
      'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.',
    ),
    col('Cluster-IP', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    col(
      'External-IP',
      'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
    ),
    col('Port(s)', 'The list of ports that are exposed by this service.'),
    AGE,
    col(
      'Selector',
      'Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify.',
      1,
    ),
  ],
  cells(o, now) {
    const c = serviceCells(o as Service);
    return [o.metadata.name ?? '', c.type, c.clusterIP, c.externalIP, c.ports, age(o, now), c.selector];
  },
};

const namespaceTable: TableDef = {
  columns: [NAME, col('Status', 'The status of the namespace'), AGE],
  cells(o, now) {
    return [o.metadata.name ?? '', namespacePhase(o as Namespace), age(o, now)];
  },
};

/** Any other kind: what the API server's default table convertor prints. */
const defaultTable: TableDef = {
  columns: [NAME, AGE],
  cells: (o, now) => [o.metadata.name ?? '', age(o, now)],
};

const TABLES = new Map<string, TableDef>([
  ['v1/pods', podTable],
  ['apps/v1/deployments', deploymentTable],
  ['v1/services', serviceTable],
  ['v1/namespaces', namespaceTable],
  ...WORKLOAD_TABLES,
  ...CONFIG_TABLES,
  ...POLICY_TABLES,
]);

const customTables = new WeakMap<ResourceInfo, TableDef>();

export function tableFor(info: ResourceInfo): TableDef {
  if (info.custom) {
    let t = customTables.get(info);
    if (!t) customTables.set(info, (t = customTable(info.printerColumns ?? [], NAME, AGE, age)));
    return t;
  }
  return TABLES.get(gvrId(info.gvr)) ?? defaultTable;
}

/**
 * One row as JSON. `objectJson` is the object's shared serialisation (reused for includeObject=Object);
 * `tableApiVersion` is meta.k8s.io/v1 or v1beta1, whichever the client asked for.
 */
export function rowJson(
  def: TableDef,
  obj: KObject,
  objectJson: string,
  include: IncludeObject,
  now: number,
  tableApiVersion: string,
): string {
  const cells = JSON.stringify(def.cells(obj, now));
  if (include === 'None') return `{"cells":${cells}}`;
  if (include === 'Object') return `{"cells":${cells},"object":${objectJson}}`;
  const partial = { kind: 'PartialObjectMetadata', apiVersion: tableApiVersion, metadata: obj.metadata };
  return `{"cells":${cells},"object":${JSON.stringify(partial)}}`;
}

/** A whole Table document from pre-rendered rows. `columns` undefined = omit columnDefinitions. */
export function tableJson(
  tableApiVersion: string,
  metadata: Record<string, unknown>,
  columns: ColumnDefinition[] | undefined,
  rows: readonly string[],
): string {
  const [head, tail] = tableJsonEnds(tableApiVersion, metadata, columns);
  return `${head}${rows.join(',')}${tail}`;
}

/** A Table's JSON before and after its rows (the rows go between, comma-separated). */
export function tableJsonEnds(
  tableApiVersion: string,
  metadata: Record<string, unknown>,
  columns: ColumnDefinition[] | undefined,
): [string, string] {
  const cols = columns ? `"columnDefinitions":${JSON.stringify(columns)},` : '';
  return [`{"kind":"Table","apiVersion":"${tableApiVersion}","metadata":${JSON.stringify(metadata)},${cols}"rows":[`, ']}'];
}
