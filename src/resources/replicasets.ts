// ReplicaSets (apps/v1): kubectl's printReplicaSet cells over a slim record.
import { replicaSetCells } from '../util/printers.js';
import type { KObject } from '../util/k8s.js';
import type { ReplicaSet } from '../util/k8s-more.js';
import { ageCell, cells, podSelector, podsBySelector, slimBase } from './base.js';
import type { Column, ResourceDef, SlimBase, Tone } from './types.js';
import { logsOfPods, scaleCap, served } from './capabilities.js';

export interface ReplicaSetRec extends SlimBase {
  desired: number;
  current: number;
  readyReplicas: number;
  containers: string;
  images: string;
  /** SELECTOR cell ("<none>" when empty). */
  selectorText: string;
  /** The pod selector as a `labelSelector=` string, "" when none. */
  selector: string;
  /** Name of the controlling Deployment, "" when none. */
  owner: string;
}

function projectReplicaSet(obj: KObject): ReplicaSetRec {
  const rs = obj as ReplicaSet;
  const c = replicaSetCells(rs);
  const ref = (rs.metadata.ownerReferences ?? []).find((o) => o.controller === true);
  return {
    ...slimBase(rs),
    desired: c.desired,
    current: c.current,
    readyReplicas: c.ready,
    containers: c.containers,
    images: c.images,
    selectorText: c.selector,
    selector: podSelector(rs.spec?.selector),
    owner: ref?.kind === 'Deployment' ? ref.name : '',
  };
}

/** Terminating → warn; scaled to zero (an old revision) → dim; all ready → ok; else pending. */
export function replicaSetStatus(r: ReplicaSetRec): { text: string; tone: Tone } {
  if (r.deleting) return { text: 'Terminating', tone: 'warn' };
  if (r.desired === 0 && r.current === 0) return { text: 'ScaledDown', tone: 'dim' };
  if (r.readyReplicas >= r.desired && r.current === r.desired) return { text: 'Ready', tone: 'ok' };
  return { text: 'Progressing', tone: 'pending' };
}

/** kubectl's printReplicaSet columns (printReplicationController has the same). */
export const REPLICA_COLUMNS: readonly Column[] = [
    { name: 'NAME' },
    { name: 'DESIRED', align: 'right', optional: 1 },
    { name: 'CURRENT', align: 'right', optional: 2 },
    { name: 'READY', align: 'right' },
    { name: 'AGE', optional: 3 },
    { name: 'CONTAINERS', wide: true },
    { name: 'IMAGES', wide: true },
    { name: 'SELECTOR', wide: true, optional: 1 },
  ];

/** Cells of a ReplicaSet or ReplicationController row. */
export const replicaRow = (r: ReplicaSetRec, now: number): string[] =>
  cells(r.name, r.desired, r.current, r.readyReplicas, ageCell(r, now), r.containers, r.images, r.selectorText);

export const replicasets: ResourceDef<ReplicaSetRec> = {
  kind: 'ReplicaSet',
  plural: 'replicasets',
  singular: 'replicaset',
  group: 'apps',
  version: 'v1',
  namespaced: true,
  aliases: ['rs'],
  columns: REPLICA_COLUMNS,
  project: projectReplicaSet,
  row: replicaRow,
  status: replicaSetStatus,
  drill: (r) => podsBySelector(r.namespace, r.selector),
  xray: { owns: ['pods'] },
  can: [...served, logsOfPods, scaleCap((r) => r.desired)],
};
