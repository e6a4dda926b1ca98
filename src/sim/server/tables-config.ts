// Server-side Tables for config, network, storage, events and CRDs with kubectl's columns (printers.go, 1.32).

import type { KObject } from '../../util/k8s.js';
import type {
  ConfigMap,
  EndpointSlice,
  Endpoints,
  Event,
  Ingress,
  PersistentVolume,
  PersistentVolumeClaim,
  Secret,
  ServiceAccount,
  StorageClass,
} from '../../util/k8s-more.js';
import {
  configMapCells,
  createdAtCell,
  endpointSliceCells,
  endpointsCell,
  eventCells,
  ingressCells,
  pvCells,
  pvcCells,
  secretCells,
  serviceAccountCells,
  storageClassCells,
} from '../../util/printers.js';

import { def, I, n } from './table-def.js';
import type { TableDef } from './table-types.js';

export const CONFIG_TABLES: [string, TableDef][] = [
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
    'coordination.k8s.io/v1/leases',
    def<KObject & { spec?: { holderIdentity?: string } }>([['Name'], ['Holder'], ['Age']], (o, _now, age) => [
      n(o),
      o.spec?.holderIdentity ?? '',
      age,
    ]),
  ],
  [
    'apiextensions.k8s.io/v1/customresourcedefinitions',
    def<KObject>([['Name'], ['Created At', 0, 'date']], (o) => [n(o), createdAtCell(o)]),
  ],
];
