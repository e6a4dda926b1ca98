// StorageClasses (storage.k8s.io/v1): kubectl's printStorageClass cells over a slim record.
import { isDefaultStorageClass, storageClassCells } from '../util/printers.js';
import type { KObject } from '../util/k8s.js';
import type { StorageClass } from '../util/k8s-more.js';
import { ageCell, cells, plainStatus, slimBase } from './base.js';
import type { ResourceDef, SlimBase, Tone } from './types.js';
import { served } from './capabilities.js';

export interface StorageClassRec extends SlimBase {
  /** NAME cell, with " (default)" for the default class. */
  nameCell: string;
  isDefault: boolean;
  provisioner: string;
  reclaimPolicy: string;
  volumeBindingMode: string;
  allowVolumeExpansion: boolean;
}

function projectStorageClass(obj: KObject): StorageClassRec {
  const sc = obj as StorageClass;
  const c = storageClassCells(sc);
  return {
    ...slimBase(sc),
    nameCell: c.name,
    isDefault: isDefaultStorageClass(sc.metadata),
    provisioner: c.provisioner,
    reclaimPolicy: c.reclaimPolicy,
    volumeBindingMode: c.volumeBindingMode,
    allowVolumeExpansion: c.allowVolumeExpansion,
  };
}

/** Terminating → warn; the default class → "Default", ok; others "Active", ok. */
function storageClassStatus(r: StorageClassRec): { text: string; tone: Tone } {
  return !r.deleting && r.isDefault ? { text: 'Default', tone: 'ok' } : plainStatus(r);
}

export const storageclasses: ResourceDef<StorageClassRec> = {
  kind: 'StorageClass',
  plural: 'storageclasses',
  singular: 'storageclass',
  group: 'storage.k8s.io',
  version: 'v1',
  namespaced: false,
  aliases: ['sc'],
  columns: [
    { name: 'NAME' },
    { name: 'PROVISIONER' },
    { name: 'RECLAIMPOLICY', optional: 3 },
    { name: 'VOLUMEBINDINGMODE', optional: 2 },
    { name: 'ALLOWVOLUMEEXPANSION', optional: 1 },
    { name: 'AGE' },
  ],
  project: projectStorageClass,
  row: (r, now) =>
    cells(r.nameCell, r.provisioner, r.reclaimPolicy, r.volumeBindingMode, String(r.allowVolumeExpansion), ageCell(r, now)),
  status: storageClassStatus,
  can: served,
};
