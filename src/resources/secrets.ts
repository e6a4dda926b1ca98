// Secrets: kubectl's printSecret cells over a slim record. The record never holds a value: only the
// type and the number of keys (describe and YAML fetch the full object on demand).
import { secretCells } from '../util/printers.js';
import type { KObject } from '../util/k8s.js';
import type { Secret } from '../util/k8s-more.js';
import { ageCell, cells, plainStatus, slimBase } from './base.js';
import type { ResourceDef, SlimBase } from './types.js';
import { served } from './capabilities.js';
import { describeSecret } from '../util/describe.js';

export interface SecretRec extends SlimBase {
  type: string;
  /** DATA: the number of keys. */
  data: number;
}

export const secrets: ResourceDef<SecretRec> = {
  kind: 'Secret',
  plural: 'secrets',
  singular: 'secret',
  group: '',
  version: 'v1',
  namespaced: true,
  aliases: ['sec'],
  columns: [{ name: 'NAME' }, { name: 'TYPE' }, { name: 'DATA', align: 'right' }, { name: 'AGE' }],
  project: (obj: KObject): SecretRec => {
    const c = secretCells(obj as Secret);
    return { ...slimBase(obj), type: c.type, data: c.data };
  },
  row: (r, now) => cells(r.name, r.type, r.data, ageCell(r, now)),
  status: plainStatus,
  can: served,
  xray: { operand: true },
  describe: describeSecret,
};
