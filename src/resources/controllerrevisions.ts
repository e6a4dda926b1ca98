// ControllerRevisions (apps/v1): kubectl's printControllerRevision cells over a slim record. The
// revision's data (a whole pod template) is not kept; rollout history fetches it on demand.
import { controllerRevisionCells } from '../util/printers.js';
import type { KObject } from '../util/k8s.js';
import type { ControllerRevision } from '../util/k8s-more.js';
import { ageCell, cells, plainStatus, slimBase } from './base.js';
import type { ResourceDef, SlimBase } from './types.js';
import { served } from './capabilities.js';

export interface ControllerRevisionRec extends SlimBase {
  /** CONTROLLER cell, "statefulset.apps/web" or "<none>". */
  controller: string;
  revision: number;
}

export const controllerrevisions: ResourceDef<ControllerRevisionRec> = {
  kind: 'ControllerRevision',
  plural: 'controllerrevisions',
  singular: 'controllerrevision',
  group: 'apps',
  version: 'v1',
  namespaced: true,
  aliases: [],
  columns: [{ name: 'NAME' }, { name: 'CONTROLLER' }, { name: 'REVISION', align: 'right' }, { name: 'AGE' }],
  project: (obj: KObject): ControllerRevisionRec => ({ ...slimBase(obj), ...controllerRevisionCells(obj as ControllerRevision) }),
  row: (r, now) => cells(r.name, r.controller, r.revision, ageCell(r, now)),
  status: plainStatus,
  can: served,
};
