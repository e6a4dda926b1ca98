// PersistentVolumes: kubectl's printPersistentVolume cells over a slim record.
import { pvCells } from '../util/printers.js';
import type { PvCells } from '../util/printers.js';
import type { KObject } from '../util/k8s.js';
import type { PersistentVolume } from '../util/k8s-more.js';
import { ageCell, cells, slimBase } from './base.js';
import type { ResourceDef, SlimBase, Tone } from './types.js';
import { served } from './capabilities.js';

export type PvRec = SlimBase & PvCells;

const TONES: Record<string, Tone> = { Bound: 'ok', Available: 'ok', Pending: 'pending', Released: 'warn', Terminating: 'warn', Failed: 'error' };

/** Bound, Available → ok; Pending → pending; Released, Terminating → warn; Failed → error. */
function pvStatus(r: PvRec): { text: string; tone: Tone } {
  return { text: r.status || 'Pending', tone: TONES[r.status] ?? 'pending' };
}

export const persistentvolumes: ResourceDef<PvRec> = {
  kind: 'PersistentVolume',
  plural: 'persistentvolumes',
  singular: 'persistentvolume',
  group: '',
  version: 'v1',
  namespaced: false,
  aliases: ['pv'],
  columns: [
    { name: 'NAME' },
    { name: 'CAPACITY' },
    { name: 'ACCESS MODES', optional: 4 },
    { name: 'RECLAIM POLICY', optional: 3 },
    { name: 'STATUS' },
    { name: 'CLAIM' },
    { name: 'STORAGECLASS', optional: 5 },
    { name: 'VOLUMEATTRIBUTESCLASS', optional: 1 },
    { name: 'REASON', optional: 2 },
    { name: 'AGE', optional: 6 },
    { name: 'VOLUMEMODE', wide: true, optional: 1 },
  ],
  project: (obj: KObject): PvRec => ({ ...slimBase(obj), ...pvCells(obj as PersistentVolume) }),
  row: (r, now) =>
    cells(
      r.name,
      r.capacity,
      r.accessModes,
      r.reclaimPolicy,
      r.status,
      r.claim,
      r.storageClass,
      r.volumeAttributesClass,
      r.reason,
      ageCell(r, now),
      r.volumeMode,
    ),
  status: pvStatus,
  can: served,
};
