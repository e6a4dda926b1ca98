// Endpoints (core/v1): kubectl's printEndpoints cells over a slim record.
import { endpointsCell } from '../util/printers.js';
import type { KObject } from '../util/k8s.js';
import type { Endpoints } from '../util/k8s-more.js';
import { ageCell, cells, slimBase } from './base.js';
import type { ResourceDef, SlimBase, Tone } from './types.js';
import { served } from './capabilities.js';

export interface EndpointsRec extends SlimBase {
  /** ENDPOINTS cell: "10.0.0.1:80,10.0.0.2:80 + 3 more...", "<none>", or "" when none is ready. */
  endpoints: string;
}

/** Terminating → warn; no ready address → warn ("NoEndpoints"); else ok. */
function endpointsStatus(r: EndpointsRec): { text: string; tone: Tone } {
  if (r.deleting) return { text: 'Terminating', tone: 'warn' };
  if (r.endpoints === '' || r.endpoints === '<none>') return { text: 'NoEndpoints', tone: 'warn' };
  return { text: 'Active', tone: 'ok' };
}

export const endpoints: ResourceDef<EndpointsRec> = {
  kind: 'Endpoints',
  plural: 'endpoints',
  singular: 'endpoints',
  group: '',
  version: 'v1',
  namespaced: true,
  aliases: ['ep'],
  columns: [{ name: 'NAME' }, { name: 'ENDPOINTS' }, { name: 'AGE' }],
  project: (obj: KObject): EndpointsRec => ({ ...slimBase(obj), endpoints: endpointsCell(obj as Endpoints) }),
  row: (r, now) => cells(r.name, r.endpoints, ageCell(r, now)),
  status: endpointsStatus,
  can: served,
};
