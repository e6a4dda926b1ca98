// Ingresses (networking.k8s.io/v1): kubectl's printIngress cells over a slim record.
import { ingressCells } from '../util/printers.js';
import type { KObject } from '../util/k8s.js';
import type { Ingress } from '../util/k8s-more.js';
import { ageCell, cells, slimBase } from './base.js';
import type { ResourceDef, SlimBase, Tone } from './types.js';
import { served } from './capabilities.js';

export interface IngressRec extends SlimBase {
  className: string;
  hosts: string;
  /** ADDRESS: load balancer IPs/hostnames, "" until the controller publishes one. */
  address: string;
  ports: string;
}

function projectIngress(obj: KObject): IngressRec {
  const c = ingressCells(obj as Ingress);
  return { ...slimBase(obj), className: c.className, hosts: c.hosts, address: c.address, ports: c.ports };
}

/** Terminating → warn; no address yet → pending; else ok. */
function ingressStatus(r: IngressRec): { text: string; tone: Tone } {
  if (r.deleting) return { text: 'Terminating', tone: 'warn' };
  if (!r.address) return { text: 'Pending', tone: 'pending' };
  return { text: 'Active', tone: 'ok' };
}

export const ingresses: ResourceDef<IngressRec> = {
  kind: 'Ingress',
  plural: 'ingresses',
  singular: 'ingress',
  group: 'networking.k8s.io',
  version: 'v1',
  namespaced: true,
  aliases: ['ing'],
  columns: [{ name: 'NAME' }, { name: 'CLASS', optional: 1 }, { name: 'HOSTS' }, { name: 'ADDRESS', optional: 2 }, { name: 'PORTS' }, { name: 'AGE' }],
  project: projectIngress,
  row: (r, now) => cells(r.name, r.className, r.hosts, r.address, r.ports, ageCell(r, now)),
  status: ingressStatus,
  can: served,
};
