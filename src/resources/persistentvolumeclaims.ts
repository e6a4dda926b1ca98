// PersistentVolumeClaims: kubectl's printPersistentVolumeClaim cells over a slim record.
import { pvcCells } from '../util/printers.js';
import type { PvcCells } from '../util/printers.js';
import type { KObject } from '../util/k8s.js';
import type { PersistentVolumeClaim } from '../util/k8s-more.js';
import { ageCell, cells, slimBase } from './base.js';
import type { ResourceDef, SlimBase, Tone } from './types.js';
import { served } from './capabilities.js';

export type PvcRec = SlimBase & PvcCells;

/** Bound → ok; Pending → pending; Lost → error; Terminating → warn; anything else → pending. */
function pvcStatus(r: PvcRec): { text: string; tone: Tone } {
  const tone: Tone =
    r.status === 'Bound' ? 'ok' : r.status === 'Lost' ? 'error' : r.status === 'Terminating' ? 'warn' : 'pending';
  return { text: r.status || 'Pending', tone };
}

export const persistentvolumeclaims: ResourceDef<PvcRec> = {
  kind: 'PersistentVolumeClaim',
  plural: 'persistentvolumeclaims',
  singular: 'persistentvolumeclaim',
  group: '',
  version: 'v1',
  namespaced: true,
  aliases: ['pvc'],
  columns: [
    { name: 'NAME' },
    { name: 'STATUS' },
    { name: 'VOLUME', optional: 2 },
    { name: 'CAPACITY' },
    { name: 'ACCESS MODES', optional: 3 },
    { name: 'STORAGECLASS', optional: 4 },
    { name: 'VOLUMEATTRIBUTESCLASS', optional: 1 },
    { name: 'AGE', optional: 5 },
    { name: 'VOLUMEMODE', wide: true, optional: 1 },
  ],
  project: (obj: KObject): PvcRec => ({ ...slimBase(obj), ...pvcCells(obj as PersistentVolumeClaim) }),
  row: (r, now) =>
    cells(r.name, r.status, r.volume, r.capacity, r.accessModes, r.storageClass, r.volumeAttributesClass, ageCell(r, now), r.volumeMode),
  status: pvcStatus,
  can: served,
  xray: {
    refs: { kinds: ['persistentvolumes'], of: (obj) => ((obj as PersistentVolumeClaim).spec?.volumeName ? [{ resource: 'persistentvolumes', name: (obj as PersistentVolumeClaim).spec?.volumeName ?? '' }] : []) },
    operand: true,
  },
};
