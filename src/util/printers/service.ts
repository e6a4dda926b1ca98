// kubectl's printService and printNamespace, over the raw objects.
import type { Namespace, Service, ServicePort } from '../k8s.js';
import { formatLabels } from './labels.js';

export interface ServiceCells {
  type: string;
  clusterIP: string;
  externalIP: string;
  ports: string;
  selector: string;
}

/** makePortString: "80/TCP,443:30443/TCP" (port[:nodePort]/protocol), "<none>" without ports. */
function servicePorts(ports: readonly ServicePort[] | undefined): string {
  if (!ports || ports.length === 0) return '<none>';
  return ports
    .map((p) => {
      const proto = p.protocol || 'TCP';
      return p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${proto}` : `${p.port}/${proto}`;
    })
    .join(',');
}

/**
 * getServiceExternalIP as the API server runs it for `kubectl get` Tables (Wide: true, so load
 * balancer addresses are never cut to 16 characters).
 */
function externalIP(s: Service, type: string): string {
  const external = s.spec?.externalIPs ?? [];
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = new Set<string>();
      for (const ing of s.status?.loadBalancer?.ingress ?? []) {
        if (ing.ip) lb.add(ing.ip);
        else if (ing.hostname) lb.add(ing.hostname);
      }
      const all = [...[...lb].sort(), ...external];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return s.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S) and the wide SELECTOR cells. */
export function serviceCells(s: Service): ServiceCells {
  const spec = s.spec;
  // The API server defaults type to ClusterIP and mirrors clusterIP into clusterIPs.
  const type = spec?.type || 'ClusterIP';
  return {
    type,
    clusterIP: spec?.clusterIPs?.[0] || spec?.clusterIP || '<none>',
    externalIP: externalIP(s, type),
    ports: servicePorts(spec?.ports),
    selector: formatLabels(spec?.selector),
  };
}

/** STATUS of a namespace: status.phase; the server always sets it (Terminating once deleted). */
export function namespacePhase(ns: Namespace): string {
  return ns.status?.phase || (ns.metadata.deletionTimestamp ? 'Terminating' : 'Active');
}
