// kubectl's printPersistentVolumeClaim, printPersistentVolume and printStorageClass, over the raw
// objects. Quantities are printed as the object carries them (the server already canonicalizes).
import type { ObjectMeta } from '../k8s.js';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../k8s-more.js';

const BETA_CLASS = 'volume.beta.kubernetes.io/storage-class';
const DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
const BETA_DEFAULT_CLASS = 'storageclass.beta.kubernetes.io/is-default-class';
const MODES: readonly [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** GetAccessModesAsString: "RWO,ROX,RWX,RWOP" in that fixed order, duplicates dropped. */
export function accessModes(modes: readonly string[] | undefined): string {
  const set = new Set(modes ?? []);
  return MODES.filter(([full]) => set.has(full))
    .map(([, short]) => short)
    .join(',');
}

/** The beta storage-class annotation wins over spec.storageClassName; "" when neither. */
function storageClassOf(meta: ObjectMeta, specClass: string | undefined): string {
  const ann = meta.annotations?.[BETA_CLASS];
  return ann !== undefined ? ann : (specClass ?? '');
}

export interface PvcCells {
  /** STATUS: status.phase, or "Terminating" once deleted. */
  status: string;
  volume: string;
  /** CAPACITY: status.capacity.storage once bound to a volume, else "". */
  capacity: string;
  /** ACCESS MODES: from status once bound to a volume, else "". */
  accessModes: string;
  storageClass: string;
  /** VOLUMEATTRIBUTESCLASS: "<unset>" when absent (an explicit "" prints as ""). */
  volumeAttributesClass: string;
  /** VOLUMEMODE (wide): "<unset>" when absent. */
  volumeMode: string;
}

export function pvcCells(pvc: PersistentVolumeClaim): PvcCells {
  const spec = pvc.spec;
  const volume = spec?.volumeName ?? '';
  return {
    status: pvc.metadata.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? ''),
    volume,
    capacity: volume ? (pvc.status?.capacity?.storage ?? '0') : '',
    accessModes: volume ? accessModes(pvc.status?.accessModes) : '',
    storageClass: storageClassOf(pvc.metadata, spec?.storageClassName),
    volumeAttributesClass: spec?.volumeAttributesClassName ?? '<unset>',
    volumeMode: spec?.volumeMode ?? '<unset>',
  };
}

export interface PvCells {
  capacity: string;
  accessModes: string;
  reclaimPolicy: string;
  /** STATUS: status.phase, or "Terminating" once deleted. */
  status: string;
  /** CLAIM: "namespace/name", "" when unclaimed. */
  claim: string;
  storageClass: string;
  volumeAttributesClass: string;
  reason: string;
  volumeMode: string;
}

export function pvCells(pv: PersistentVolume): PvCells {
  const spec = pv.spec;
  const ref = spec?.claimRef;
  return {
    capacity: spec?.capacity?.storage ?? '0',
    accessModes: accessModes(spec?.accessModes),
    reclaimPolicy: spec?.persistentVolumeReclaimPolicy ?? '',
    status: pv.metadata.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? ''),
    claim: ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '',
    storageClass: storageClassOf(pv.metadata, spec?.storageClassName),
    volumeAttributesClass: spec?.volumeAttributesClassName ?? '<unset>',
    reason: pv.status?.reason ?? '',
    volumeMode: spec?.volumeMode ?? '<unset>',
  };
}

/** The storageclass(.beta).kubernetes.io/is-default-class annotation is "true". */
export function isDefaultStorageClass(meta: ObjectMeta): boolean {
  const a = meta.annotations;
  return a?.[DEFAULT_CLASS] === 'true' || a?.[BETA_DEFAULT_CLASS] === 'true';
}

export interface StorageClassCells {
  /** NAME, with " (default)" appended for the default class. */
  name: string;
  provisioner: string;
  reclaimPolicy: string;
  volumeBindingMode: string;
  allowVolumeExpansion: boolean;
}

export function storageClassCells(sc: StorageClass): StorageClassCells {
  const name = sc.metadata.name ?? '';
  return {
    name: isDefaultStorageClass(sc.metadata) ? `${name} (default)` : name,
    provisioner: sc.provisioner ?? '',
    reclaimPolicy: sc.reclaimPolicy ?? 'Delete',
    volumeBindingMode: sc.volumeBindingMode ?? 'Immediate',
    allowVolumeExpansion: sc.allowVolumeExpansion ?? false,
  };
}
