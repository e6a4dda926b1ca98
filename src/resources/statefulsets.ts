// StatefulSets (apps/v1): kubectl's printStatefulSet cells over a slim record.
import { statefulSetCells } from '../util/printers.js';
import type { KObject } from '../util/k8s.js';
import type { StatefulSet } from '../util/k8s-more.js';
import { ageCell, cells, podSelector, podsBySelector, slimBase } from './base.js';
import type { ResourceDef, SlimBase, Tone } from './types.js';
import { CONTROLLER_REVISIONS, logsOfPods, restartCap, rollbackCap, scaleCap, served } from './capabilities.js';

export interface StatefulSetRec extends SlimBase {
  desired: number;
  readyReplicas: number;
  updated: number;
  /** READY cell, "ready/desired". */
  ready: string;
  containers: string;
  images: string;
  /** The pod selector as a `labelSelector=` string, "" when none. */
  selector: string;
  /** status.updateRevision differs from currentRevision: a rolling update is under way. */
  rolling: boolean;
}

function projectStatefulSet(obj: KObject): StatefulSetRec {
  const s = obj as StatefulSet;
  const c = statefulSetCells(s);
  const st = s.status;
  return {
    ...slimBase(s),
    desired: s.spec?.replicas ?? 1,
    readyReplicas: st?.readyReplicas ?? 0,
    updated: st?.updatedReplicas ?? 0,
    ready: c.ready,
    containers: c.containers,
    images: c.images,
    selector: podSelector(s.spec?.selector),
    rolling: Boolean(st?.updateRevision && st.currentRevision && st.updateRevision !== st.currentRevision),
  };
}

/** Terminating → warn; scaled to zero → dim; all ready and no update in flight → ok; else pending. */
function statefulSetStatus(r: StatefulSetRec): { text: string; tone: Tone } {
  if (r.deleting) return { text: 'Terminating', tone: 'warn' };
  if (r.desired === 0 && r.readyReplicas === 0) return { text: 'ScaledDown', tone: 'dim' };
  if (r.readyReplicas >= r.desired && !r.rolling) return { text: 'Ready', tone: 'ok' };
  return { text: r.rolling ? 'RollingUpdate' : 'Progressing', tone: 'pending' };
}

export const statefulsets: ResourceDef<StatefulSetRec> = {
  kind: 'StatefulSet',
  plural: 'statefulsets',
  singular: 'statefulset',
  group: 'apps',
  version: 'v1',
  namespaced: true,
  aliases: ['sts'],
  columns: [
    { name: 'NAME' },
    { name: 'READY' },
    { name: 'AGE', optional: 1 },
    { name: 'CONTAINERS', wide: true },
    { name: 'IMAGES', wide: true },
  ],
  project: projectStatefulSet,
  row: (r, now) => cells(r.name, r.ready, ageCell(r, now), r.containers, r.images),
  status: statefulSetStatus,
  drill: (r) => podsBySelector(r.namespace, r.selector),
  xray: { owns: ['pods'], operand: true },
  can: [...served, logsOfPods, scaleCap((r) => r.desired), rollbackCap(CONTROLLER_REVISIONS), restartCap()],
};
