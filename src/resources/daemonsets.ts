// DaemonSets (apps/v1): kubectl's printDaemonSet cells over a slim record.
import { daemonSetCells } from '../util/printers.js';
import type { KObject } from '../util/k8s.js';
import type { DaemonSet } from '../util/k8s-more.js';
import { ageCell, cells, podSelector, podsBySelector, slimBase } from './base.js';
import type { ResourceDef, SlimBase, Tone } from './types.js';
import { CONTROLLER_REVISIONS, logsOfPods, restartCap, rollbackCap, served } from './capabilities.js';

export interface DaemonSetRec extends SlimBase {
  desired: number;
  current: number;
  readyCount: number;
  upToDate: number;
  available: number;
  nodeSelector: string;
  containers: string;
  images: string;
  /** SELECTOR cell ("<none>" when empty). */
  selectorText: string;
  /** The pod selector as a `labelSelector=` string, "" when none. */
  selector: string;
}

function projectDaemonSet(obj: KObject): DaemonSetRec {
  const ds = obj as DaemonSet;
  const c = daemonSetCells(ds);
  return {
    ...slimBase(ds),
    desired: c.desired,
    current: c.current,
    readyCount: c.ready,
    upToDate: c.upToDate,
    available: c.available,
    nodeSelector: c.nodeSelector,
    containers: c.containers,
    images: c.images,
    selectorText: c.selector,
    selector: podSelector(ds.spec?.selector),
  };
}

/** Terminating → warn; no node to run on → dim; every pod ready, updated, available → ok; else pending. */
function daemonSetStatus(r: DaemonSetRec): { text: string; tone: Tone } {
  if (r.deleting) return { text: 'Terminating', tone: 'warn' };
  if (r.desired === 0) return { text: 'NoNodes', tone: 'dim' };
  if (r.readyCount >= r.desired && r.upToDate >= r.desired && r.available >= r.desired) return { text: 'Ready', tone: 'ok' };
  return { text: 'Progressing', tone: 'pending' };
}

export const daemonsets: ResourceDef<DaemonSetRec> = {
  kind: 'DaemonSet',
  plural: 'daemonsets',
  singular: 'daemonset',
  group: 'apps',
  version: 'v1',
  namespaced: true,
  aliases: ['ds'],
  columns: [
    { name: 'NAME' },
    { name: 'DESIRED', align: 'right', optional: 3 },
    { name: 'CURRENT', align: 'right', optional: 4 },
    { name: 'READY', align: 'right' },
    { name: 'UP-TO-DATE', align: 'right', optional: 2 },
    { name: 'AVAILABLE', align: 'right' },
    { name: 'NODE SELECTOR', optional: 1 },
    { name: 'AGE', optional: 5 },
    { name: 'CONTAINERS', wide: true },
    { name: 'IMAGES', wide: true },
    { name: 'SELECTOR', wide: true, optional: 1 },
  ],
  project: projectDaemonSet,
  row: (r, now) =>
    cells(r.name, r.desired, r.current, r.readyCount, r.upToDate, r.available, r.nodeSelector, ageCell(r, now), r.containers, r.images, r.selectorText),
  status: daemonSetStatus,
  drill: (r) => podsBySelector(r.namespace, r.selector),
  xray: { owns: ['pods'], operand: true },
  can: [...served, logsOfPods, rollbackCap(CONTROLLER_REVISIONS), restartCap()],
};
