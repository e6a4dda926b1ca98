// ConfigMaps: kubectl's printConfigMap cells over a slim record (the number of keys, never values).
import { configMapCells } from '../util/printers.js';
import type { KObject } from '../util/k8s.js';
import type { ConfigMap } from '../util/k8s-more.js';
import { ageCell, cells, plainStatus, slimBase } from './base.js';
import type { ResourceDef, SlimBase } from './types.js';
import { served } from './capabilities.js';

export interface ConfigMapRec extends SlimBase {
  /** DATA: keys in data plus binaryData. */
  data: number;
}

export const configmaps: ResourceDef<ConfigMapRec> = {
  kind: 'ConfigMap',
  plural: 'configmaps',
  singular: 'configmap',
  group: '',
  version: 'v1',
  namespaced: true,
  aliases: ['cm'],
  columns: [{ name: 'NAME' }, { name: 'DATA', align: 'right' }, { name: 'AGE' }],
  project: (obj: KObject): ConfigMapRec => ({ ...slimBase(obj), data: configMapCells(obj as ConfigMap).data }),
  row: (r, now) => cells(r.name, r.data, ageCell(r, now)),
  status: plainStatus,
  can: served,
  xray: { operand: true },
};
