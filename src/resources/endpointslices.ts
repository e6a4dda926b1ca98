// EndpointSlices (discovery.k8s.io/v1): kubectl's printEndpointSlice cells over a slim record.
import { endpointSliceCells } from '../util/printers.js';
import type { KObject } from '../util/k8s.js';
import type { EndpointSlice } from '../util/k8s-more.js';
import { ageCell, cells, slimBase } from './base.js';
import type { ResourceDef, SlimBase, Tone } from './types.js';
import { served } from './capabilities.js';

export interface EndpointSliceRec extends SlimBase {
  addressType: string;
  ports: string;
  endpoints: string;
  /** The `kubernetes.io/service-name` label: the Service this slice belongs to, "" when none. */
  service: string;
}

function projectEndpointSlice(obj: KObject): EndpointSliceRec {
  const c = endpointSliceCells(obj as EndpointSlice);
  return { ...slimBase(obj), ...c, service: obj.metadata.labels?.['kubernetes.io/service-name'] ?? '' };
}

/** Terminating → warn; no address → warn ("NoEndpoints"); else ok. */
function endpointSliceStatus(r: EndpointSliceRec): { text: string; tone: Tone } {
  if (r.deleting) return { text: 'Terminating', tone: 'warn' };
  if (r.endpoints === '<unset>') return { text: 'NoEndpoints', tone: 'warn' };
  return { text: 'Active', tone: 'ok' };
}

export const endpointslices: ResourceDef<EndpointSliceRec> = {
  kind: 'EndpointSlice',
  plural: 'endpointslices',
  singular: 'endpointslice',
  group: 'discovery.k8s.io',
  version: 'v1',
  namespaced: true,
  aliases: ['eps'],
  columns: [{ name: 'NAME' }, { name: 'ADDRESSTYPE' }, { name: 'PORTS' }, { name: 'ENDPOINTS' }, { name: 'AGE' }],
  project: projectEndpointSlice,
  row: (r, now) => cells(r.name, r.addressType, r.ports, r.endpoints, ageCell(r, now)),
  status: endpointSliceStatus,
  can: served,
};
