// What Shift-F offers on a row: the ports that can be forwarded, each resolved to a pod and container
// port (a Service's port resolves through its selector to a ready pod, named targetPorts through that
// pod's container ports, as kubectl port-forward svc/x does). UI-free; the dialog only picks one.
import type { Transport } from '../../kube/transport.js';
import { fetchObject } from '../../kube/objects.js';
import { toKubeError } from '../../kube/errors.js';
import type { Pod } from '../../util/k8s.js';
import { collectionPath } from '../../kube/resource-path.js';
import type { ForwardSpec as ForwardTarget } from '../../resources/capabilities.js';
import { pods as podKind } from '../../resources/pods.js';
import { services as serviceKind } from '../../resources/services.js';
import { collectionOf } from '../../resources/registry.js';
import { replacementSelector } from './forward-spec.js';
import type { ForwardSpec } from './forward-spec.js';

export interface ForwardChoice {
  /** What the dialog shows: `http 80/TCP (container web)` or `svc 80 → 8080 (web)`. */
  label: string;
  spec: Omit<ForwardSpec, 'localPort'>;
}

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
}
interface Service {
  metadata: { name?: string; namespace?: string };
  spec?: { selector?: Record<string, string>; ports?: ServicePort[] };
}


function isReady(p: Pod): boolean {
  return p.status?.phase === 'Running' && !p.metadata.deletionTimestamp && (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The TCP container ports of a pod (one container, or all), as choices. */
function podChoices(pod: Pod, only?: string, via?: string): ForwardChoice[] {
  const ns = pod.metadata.namespace ?? '';
  const name = pod.metadata.name ?? '';
  const selector = replacementSelector(pod);
  const out: ForwardChoice[] = [];
  for (const c of pod.spec?.containers ?? []) {
    if (only && c.name !== only) continue;
    for (const p of c.ports ?? []) {
      if (p.protocol && p.protocol !== 'TCP') continue;
      out.push({
        label: `${p.name ? `${p.name} ` : ''}${p.containerPort}/TCP (container ${c.name})`,
        spec: { namespace: ns, pod: name, container: c.name, port: p.containerPort, via: via ?? `pod/${name}`, ...(selector ? { selector } : {}) },
      });
    }
  }
  return out;
}

/** A Service's TCP ports, each through its targetPort on the first ready pod behind it. */
function serviceChoices(svc: Service, pod: Pod): ForwardChoice[] {
  const sel = Object.entries(svc.spec?.selector ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const out: ForwardChoice[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    if (sp.protocol && sp.protocol !== 'TCP') continue;
    const target = sp.targetPort ?? sp.port;
    let port: number | undefined;
    let container = '';
    for (const c of pod.spec?.containers ?? []) {
      const hit = (c.ports ?? []).find((p) => (typeof target === 'number' ? p.containerPort === target : p.name === target));
      if (hit) {
        port = hit.containerPort;
        container = c.name;
        break;
      }
    }
    if (port === undefined && typeof target === 'number') port = target;
    if (port === undefined) continue; // a named targetPort this pod does not have
    out.push({
      label: `${sp.name ? `${sp.name} ` : ''}${sp.port} → ${pod.metadata.name ?? ''}:${port}${container ? ` (${container})` : ''}`,
      spec: { namespace: svc.metadata.namespace ?? '', pod: pod.metadata.name ?? '', container, port, via: `svc/${svc.metadata.name ?? ''}`, ...(sel ? { selector: sel } : {}) },
    });
  }
  return out;
}

/** The choices for what a row forwards to (its kind declares it: a pod, one container, a service); a string says why there are none. */
export async function planForward(transport: Transport, target: ForwardTarget): Promise<ForwardChoice[] | string> {
  try {
    if ('pod' in target) {
      const pod = (await fetchObject(transport, collectionOf(podKind, target.namespace), target.pod)) as Pod;
      if (pod.status?.phase !== 'Running') return `pod ${target.pod} is not running (${pod.status?.phase ?? 'Unknown'})`;
      const c = podChoices(pod, target.container);
      return c.length ? c : `pod ${target.pod} declares no TCP container ports`;
    }
    const svc = (await fetchObject(transport, collectionOf(serviceKind, target.namespace), target.service)) as Service;
    const sel = Object.entries(svc.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    if (!sel) return `service ${target.service} has no selector, so no pods to forward to`;
    const pods = await transport.request<{ items?: Pod[] }>(collectionPath(collectionOf(podKind, target.namespace)), { query: { labelSelector: sel } });
    const pod = (pods.items ?? []).find(isReady);
    if (!pod) return `service ${target.service} has no ready pod`;
    const c = serviceChoices(svc, pod);
    return c.length ? c : `service ${target.service} has no TCP ports`;
  } catch (e) {
    return toKubeError(e).message;
  }
}
