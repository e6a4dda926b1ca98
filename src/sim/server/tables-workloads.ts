// Server-side Tables for nodes and workloads with kubectl's columns (printers.go, 1.32).

import type {
  ControllerRevision,
  CronJob,
  DaemonSet,
  Job,
  Node,
  ReplicaSet,
  StatefulSet,
} from '../../util/k8s-more.js';
import {
  controllerRevisionCells,
  cronJobCells,
  daemonSetCells,
  jobCells,
  nodeCells,
  replicaSetCells,
  statefulSetCells,
} from '../../util/printers.js';

import { def, I, n, WIDE_POD } from './table-def.js';
import type { TableDef } from './table-types.js';

export const WORKLOAD_TABLES: [string, TableDef][] = [
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
];
