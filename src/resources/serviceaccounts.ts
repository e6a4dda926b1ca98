// ServiceAccounts: kubectl's printServiceAccount cells over a slim record.
import { serviceAccountCells } from '../util/printers.js';
import type { KObject } from '../util/k8s.js';
import type { ServiceAccount } from '../util/k8s-more.js';
import { ageCell, cells, plainStatus, slimBase } from './base.js';
import type { ResourceDef, SlimBase } from './types.js';
import { served } from './capabilities.js';

export interface ServiceAccountRec extends SlimBase {
  /** SECRETS: the number of secret references. */
  secrets: number;
}

export const serviceaccounts: ResourceDef<ServiceAccountRec> = {
  kind: 'ServiceAccount',
  plural: 'serviceaccounts',
  singular: 'serviceaccount',
  group: '',
  version: 'v1',
  namespaced: true,
  aliases: ['sa'],
  columns: [{ name: 'NAME' }, { name: 'SECRETS', align: 'right' }, { name: 'AGE' }],
  project: (obj: KObject): ServiceAccountRec => ({ ...slimBase(obj), secrets: serviceAccountCells(obj as ServiceAccount).secrets }),
  row: (r, now) => cells(r.name, r.secrets, ageCell(r, now)),
  status: plainStatus,
  can: served,
};
