// kubectl's printIngress, printEndpoints and printEndpointSlice, over the raw objects.
import type { EndpointSlice, Endpoints, Ingress, IngressRule } from '../k8s-more.js';

export interface IngressCells {
  /** CLASS: spec.ingressClassName or "<none>". */
  className: string;
  hosts: string;
  address: string;
  ports: string;
}

/** formatHosts: the first 3 non-empty hosts, "… + N more..." past 3 rules, "*" when none. */
export function ingressHosts(rules: readonly IngressRule[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  const all = rules ?? [];
  for (const rule of all) {
    if (list.length === max) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  const ret = list.join(',');
  return more ? `${ret} + ${all.length - max} more...` : ret;
}

/**
 * CLASS, HOSTS, ADDRESS (load balancer IPs or else hostnames, sorted and unique; never cut, as the
 * API server prints with Wide) and PORTS ("80", or "80, 443" with TLS).
 */
export function ingressCells(ing: Ingress): IngressCells {
  const lb = new Set<string>();
  for (const i of ing.status?.loadBalancer?.ingress ?? []) {
    if (i.ip) lb.add(i.ip);
    else if (i.hostname) lb.add(i.hostname);
  }
  return {
    className: ing.spec?.ingressClassName ?? '<none>',
    hosts: ingressHosts(ing.spec?.rules),
    address: [...lb].sort().join(','),
    ports: (ing.spec?.tls ?? []).length > 0 ? '80, 443' : '80',
  };
}

/** net.JoinHostPort: IPv6 addresses in brackets. */
const joinHostPort = (host: string, port: number): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/**
 * formatEndpoints: ready addresses as "ip:port" for every port (bare "ip" without ports), the
 * first 3, then " + N more..."; "<none>" without subsets, "" when no address is ready.
 */
export function endpointsCell(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ports) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

function listWithMore(list: readonly string[], more: boolean, count: number, max: number): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

export interface EndpointSliceCells {
  addressType: string;
  /** PORTS: port numbers (or names, or "*"), the first 3, then " + N more..."; "<unset>" when none. */
  ports: string;
  /** ENDPOINTS: addresses, the first 3, then " + N more..."; "<unset>" when none. */
  endpoints: string;
}

/** ADDRESSTYPE, PORTS (formatDiscoveryPorts) and ENDPOINTS (formatDiscoveryEndpoints). */
export function endpointSliceCells(es: EndpointSlice): EndpointSliceCells {
  const max = 3;
  const ports: string[] = [];
  let portsMore = false;
  let portCount = 0;
  for (const p of es.ports ?? []) {
    if (ports.length < max) {
      ports.push(p.port !== undefined && p.port !== null ? String(p.port) : p.name !== undefined && p.name !== null ? p.name : '*');
    } else if (ports.length === max) {
      portsMore = true;
    }
    portCount++;
  }
  const addrs: string[] = [];
  let addrsMore = false;
  let addrCount = 0;
  for (const e of es.endpoints ?? []) {
    for (const a of e.addresses ?? []) {
      if (addrs.length < max) addrs.push(a);
      else if (addrs.length === max) addrsMore = true;
      addrCount++;
    }
  }
  return {
    addressType: es.addressType ?? '',
    ports: listWithMore(ports, portsMore, portCount, max),
    endpoints: listWithMore(addrs, addrsMore, addrCount, max),
  };
}
