// Services: kubectl's printService cells over a slim record.
import { serviceCells } from '../util/printers.js';
import type { KObject, Service } from '../util/k8s.js';
import { ageCell, cells, podsBySelector, slimBase } from './base.js';
import type { ResourceDef, SlimBase, Tone } from './types.js';
import { capability, logsOfPods, served } from './capabilities.js';
import { describeService } from '../util/describe.js';

export interface ServiceRec extends SlimBase {
  type: string;
  clusterIP: string;
  externalIP: string;
  /** PORT(S) cell. */
  ports: string;
  /** SELECTOR cell, "<none>" when empty. */
  selectorText: string;
  /** spec.selector, for the drill-down to pods. */
  selector: Record<string, string> | undefined;
}

/** A label set as a `labelSelector=` string, keys sorted: "app=web,tier=fe". */
export function selectorFromLabels(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k] ?? ''}`)
    .join(',');
}

function projectService(obj: KObject): ServiceRec {
  const s = obj as Service;
  const c = serviceCells(s);
  const sel = s.spec?.selector;
  return {
    ...slimBase(s),
    type: c.type,
    clusterIP: c.clusterIP,
    externalIP: c.externalIP,
    ports: c.ports,
    selectorText: c.selector,
    selector: sel && Object.keys(sel).length > 0 ? sel : undefined,
  };
}

/** Terminating → warn; a LoadBalancer still waiting for an address → pending; else ok. */
function serviceStatus(r: ServiceRec): { text: string; tone: Tone } {
  if (r.deleting) return { text: 'Terminating', tone: 'warn' };
  if (r.externalIP === '<pending>') return { text: 'Pending', tone: 'pending' };
  return { text: r.type, tone: 'ok' };
}

export const services: ResourceDef<ServiceRec> = {
  kind: 'Service',
  plural: 'services',
  singular: 'service',
  group: '',
  version: 'v1',
  namespaced: true,
  aliases: ['svc'],
  columns: [
    { name: 'NAME' },
    { name: 'TYPE' },
    { name: 'CLUSTER-IP', optional: 3 },
    { name: 'EXTERNAL-IP', optional: 1 },
    { name: 'PORT(S)' },
    { name: 'AGE', optional: 2 },
    { name: 'SELECTOR', wide: true, optional: 1 },
  ],
  project: projectService,
  row: (r, now) => cells(r.name, r.type, r.clusterIP, r.externalIP, r.ports, ageCell(r, now), r.selectorText),
  status: serviceStatus,
  /** The pods behind the service's selector; none for a service without one (ExternalName, manual endpoints). */
  drill: (r) => (r.selector ? podsBySelector(r.namespace, selectorFromLabels(r.selector)) : undefined),
  xray: { selects: 'pods', operand: true },
  can: [
    ...served,
    logsOfPods,
    capability<ServiceRec>({ cmd: 'port-forward', label: 'Port-forward', effect: { type: 'port-forward', target: (r) => ({ namespace: r.namespace ?? '', service: r.name }) }, mutating: true, hint: true }),
  ],
  describe: describeService,
};
