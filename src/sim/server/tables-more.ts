// Server-side Tables for the kinds beyond pods, deployments, services and namespaces, with kubectl's
// columns (pkg/printers/internalversion/printers.go, 1.32). Cells come from util/printers.

import { ageOf } from '../../util/age.js';
import type { KObject } from '../../util/k8s.js';
import type {
  ConfigMap,
  ControllerRevision,
  CronJob,
  DaemonSet,
  EndpointSlice,
  Endpoints,
  Event,
  Ingress,
  Job,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  ReplicaSet,
  Secret,
  ServiceAccount,
  StatefulSet,
  StorageClass,
} from '../../util/k8s-more.js';
import {
  configMapCells,
  controllerRevisionCells,
  createdAtCell,
  cronJobCells,
  daemonSetCells,
  endpointSliceCells,
  endpointsCell,
  eventCells,
  ingressCells,
  jobCells,
  nodeCells,
  pvCells,
  pvcCells,
  replicaSetCells,
  secretCells,
  serviceAccountCells,
  statefulSetCells,
  storageClassCells,
} from '../../util/printers.js';
import type { Cell, ColumnDefinition, TableDef } from './tables.js';

type ColSpec = [name: string, priority?: number, type?: ColumnDefinition['type'], format?: string];

const NAME_DESC =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically.';

function def<T extends KObject>(
  cols: ColSpec[],
  cells: (o: T, now: number, age: string) => Cell[],
): TableDef {
  return {
    columns: cols.map(([name, priority = 0, type = 'string', format = '']) => ({
      name,
      type,
      format: format || (name === 'Name' ? 'name' : ''),
      description: name === 'Name' ? NAME_DESC : name,
      priority,
    })),
    cells: (o, now) => cells(o as T, now, ageOf(o.metadata.creationTimestamp, now)),
  };
}

const n = (o: KObject): string => o.metadata.name ?? '';
const I: ColumnDefinition['type'] = 'integer';
const WIDE_POD: ColSpec[] = [
  ['Containers', 1],
  ['Images', 1],
  ['Selector', 1],
];

export const MORE_TABLES: [string, TableDef][] = [
  [
    'v1/nodes',
    def<Node>(
      [
        ['Name'],
        ['Status'],
        ['Roles'],
        ['Age'],
        ['Version'],
        ['Internal-IP', 1],
        ['External-IP', 1],
        ['OS-Image', 1],
        ['Kernel-Version', 1],
        ['Container-Runtime', 1],
      ],
      (o, _now, age) => {
        const c = nodeCells(o);
        return [
          n(o),
          c.status,
          c.roles,
          age,
          c.version,
          c.internalIP,
          c.externalIP,
          c.osImage,
          c.kernelVersion,
          c.containerRuntime,
        ];
      },
    ),
  ],
  [
    'apps/v1/replicasets',
    def<ReplicaSet>(
      [['Name'], ['Desired', 0, I], ['Current', 0, I], ['Ready', 0, I], ['Age'], ...WIDE_POD],
      (o, _now, age) => {
        const c = replicaSetCells(o);
        return [n(o), c.desired, c.current, c.ready, age, c.containers, c.images, c.selector];
      },
    ),
  ],
  [
    'apps/v1/statefulsets',
    def<StatefulSet>([['Name'], ['Ready'], ['Age'], ['Containers', 1], ['Images', 1]], (o, _now, age) => {
      const c = statefulSetCells(o);
      return [n(o), c.ready, age, c.containers, c.images];
    }),
  ],
  [
    'apps/v1/daemonsets',
    def<DaemonSet>(
      [
        ['Name'],
        ['Desired', 0, I],
        ['Current', 0, I],
        ['Ready', 0, I],
        ['Up-to-date', 0, I],
        ['Available', 0, I],
        ['Node Selector'],
        ['Age'],
        ...WIDE_POD,
      ],
      (o, _now, age) => {
        const c = daemonSetCells(o);
        return [
          n(o),
          c.desired,
          c.current,
          c.ready,
          c.upToDate,
          c.available,
          c.nodeSelector,
          age,
          c.containers,
          c.images,
          c.selector,
        ];
      },
    ),
  ],
  [
    'apps/v1/controllerrevisions',
    def<ControllerRevision>([['Name'], ['Controller'], ['Revision', 0, I], ['Age']], (o, _now, age) => {
      const c = controllerRevisionCells(o);
      return [n(o), c.controller, c.revision, age];
    }),
  ],
  [
    'batch/v1/jobs',
    def<Job>([['Name'], ['Status'], ['Completions'], ['Duration'], ['Age'], ...WIDE_POD], (o, now, age) => {
      const c = jobCells(o, now);
      return [n(o), c.status, c.completions, c.duration, age, c.containers, c.images, c.selector];
    }),
  ],
  [
    'batch/v1/cronjobs',
    def<CronJob>(
      [
        ['Name'],
        ['Schedule'],
        ['Timezone'],
        ['Suspend'],
        ['Active', 0, I],
        ['Last Schedule'],
        ['Age'],
        ...WIDE_POD,
      ],
      (o, now, age) => {
        const c = cronJobCells(o, now);
        return [
          n(o),
          c.schedule,
          c.timeZone,
          c.suspend,
          c.active,
          c.lastSchedule,
          age,
          c.containers,
          c.images,
          c.selector,
        ];
      },
    ),
  ],
  [
    'v1/configmaps',
    def<ConfigMap>([['Name'], ['Data', 0, I], ['Age']], (o, _now, age) => [
      n(o),
      configMapCells(o).data,
      age,
    ]),
  ],
  [
    'v1/secrets',
    def<Secret>([['Name'], ['Type'], ['Data', 0, I], ['Age']], (o, _now, age) => {
      const c = secretCells(o);
      return [n(o), c.type, c.data, age];
    }),
  ],
  [
    'v1/serviceaccounts',
    def<ServiceAccount>([['Name'], ['Secrets', 0, I], ['Age']], (o, _now, age) => [
      n(o),
      serviceAccountCells(o).secrets,
      age,
    ]),
  ],
  [
    'v1/endpoints',
    def<Endpoints>([['Name'], ['Endpoints'], ['Age']], (o, _now, age) => [n(o), endpointsCell(o), age]),
  ],
  [
    'discovery.k8s.io/v1/endpointslices',
    def<EndpointSlice>([['Name'], ['AddressType'], ['Ports'], ['Endpoints'], ['Age']], (o, _now, age) => {
      const c = endpointSliceCells(o);
      return [n(o), c.addressType, c.ports, c.endpoints, age];
    }),
  ],
  [
    'networking.k8s.io/v1/ingresses',
    def<Ingress>([['Name'], ['Class'], ['Hosts'], ['Address'], ['Ports'], ['Age']], (o, _now, age) => {
      const c = ingressCells(o);
      return [n(o), c.className, c.hosts, c.address, c.ports, age];
    }),
  ],
  [
    'v1/persistentvolumeclaims',
    def<PersistentVolumeClaim>(
      [
        ['Name'],
        ['Status'],
        ['Volume'],
        ['Capacity'],
        ['Access Modes'],
        ['StorageClass'],
        ['VolumeAttributesClass'],
        ['Age'],
        ['VolumeMode', 1],
      ],
      (o, _now, age) => {
        const c = pvcCells(o);
        return [
          n(o),
          c.status,
          c.volume,
          c.capacity,
          c.accessModes,
          c.storageClass,
          c.volumeAttributesClass,
          age,
          c.volumeMode,
        ];
      },
    ),
  ],
  [
    'v1/persistentvolumes',
    def<PersistentVolume>(
      [
        ['Name'],
        ['Capacity'],
        ['Access Modes'],
        ['Reclaim Policy'],
        ['Status'],
        ['Claim'],
        ['StorageClass'],
        ['VolumeAttributesClass'],
        ['Reason'],
        ['Age'],
        ['VolumeMode', 1],
      ],
      (o, _now, age) => {
        const c = pvCells(o);
        return [
          n(o),
          c.capacity,
          c.accessModes,
          c.reclaimPolicy,
          c.status,
          c.claim,
          c.storageClass,
          c.volumeAttributesClass,
          c.reason,
          age,
          c.volumeMode,
        ];
      },
    ),
  ],
  [
    'storage.k8s.io/v1/storageclasses',
    def<StorageClass>(
      [
        ['Name'],
        ['Provisioner'],
        ['ReclaimPolicy'],
        ['VolumeBindingMode'],
        ['AllowVolumeExpansion', 0, 'boolean'],
        ['Age'],
      ],
      (o, _now, age) => {
        const c = storageClassCells(o);
        return [c.name, c.provisioner, c.reclaimPolicy, c.volumeBindingMode, c.allowVolumeExpansion, age];
      },
    ),
  ],
  [
    'v1/events',
    def<Event>(
      [
        ['Last Seen'],
        ['Type'],
        ['Reason'],
        ['Object'],
        ['Subobject', 1],
        ['Source', 1],
        ['Message'],
        ['First Seen', 1],
        ['Count', 1],
        ['Name', 1],
      ],
      (o, now) => {
        const c = eventCells(o, now);
        return [
          c.lastSeen,
          c.type,
          c.reason,
          c.object,
          c.subobject,
          c.source,
          c.message,
          c.firstSeen,
          String(c.count),
          n(o),
        ];
      },
    ),
  ],
  [
    'apiextensions.k8s.io/v1/customresourcedefinitions',
    def<KObject>([['Name'], ['Created At', 0, 'date']], (o) => [n(o), createdAtCell(o)]),
  ],
];
