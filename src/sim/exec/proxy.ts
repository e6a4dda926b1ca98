// The proxy subresources (what `kubectl proxy` and `kubectl get --raw …/proxy/` reach):
// `pods/{name}[:port]/proxy/{path}` and `services/{name}[:port]/proxy/{path}`. The API server relays
// the request to the pod's IP and port; here the container's in-memory web server (web-fake.ts)
// answers, the same one port-forward reaches. A port nothing declares is refused as a dial would be
// (503 `error trying to reach service: … connection refused`); a service without ready endpoints is
// 503 `no endpoints available for service "x"`.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Container, KObject, Pod, Service } from '../../util/k8s.js';
import { ENDPOINTS, PODS, SERVICES } from '../resources.js';
import { sendRaw, sendStatus } from '../server/http-util.js';
import type { Storage } from '../storage/index.js';
import { flavourOf } from './tcp-fake.js';
import { webResponse } from './web-fake.js';

export interface ProxyTarget {
  resource: 'pods' | 'services';
  namespace: string;
  /** `name`, `name:port` or `scheme:name:port` as in the URL. */
  name: string;
  /** The path after `/proxy` (without the leading slash), and the query. */
  path: string;
  search: string;
}

type Endpoints = KObject & {
  subsets?: {
    addresses?: { ip?: string; targetRef?: { name?: string } }[];
    ports?: { name?: string; port?: number }[];
  }[];
};

/** `scheme:name:port` → its parts (the API server's net.SplitSchemeNamePort). */
function splitName(id: string): { name: string; port: string } | undefined {
  const parts = id.split(':');
  if (parts.length === 1) return { name: parts[0] ?? '', port: '' };
  if (parts.length === 2) return { name: parts[0] ?? '', port: parts[1] ?? '' };
  if (parts.length === 3 && (parts[0] === 'http' || parts[0] === 'https' || parts[0] === ''))
    return { name: parts[1] ?? '', port: parts[2] ?? '' };
  return undefined;
}

function refuse(res: ServerResponse, ip: string, port: number): void {
  sendStatus(
    res,
    503,
    'ServiceUnavailable',
    `error trying to reach service: dial tcp ${ip}:${port}: connect: connection refused`,
  );
}

/** Relay to `port` of `pod`: its web server when a container declares that port. */
function toPod(pod: Pod, port: number, t: ProxyTarget, req: IncomingMessage, res: ServerResponse): void {
  const ip = pod.status?.podIP ?? '';
  const c: Container | undefined = (pod.spec?.containers ?? []).find((x) =>
    (x.ports ?? []).some((p) => p.containerPort === port),
  );
  if (!c || pod.status?.phase !== 'Running' || flavourOf(c.image ?? '', port) !== 'http')
    return refuse(res, ip, port);
  const out = webResponse(
    {
      pod: pod.metadata.name ?? '',
      namespace: pod.metadata.namespace ?? '',
      container: c.name,
      image: c.image ?? '',
      port,
    },
    `/${t.path}${t.search}`,
  );
  sendRaw(res, out.code, out.type, req.method === 'HEAD' ? '' : out.body);
}

export function serveProxy(
  storage: Pick<Storage, 'get'>,
  t: ProxyTarget,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  req.resume();
  const id = splitName(t.name);
  if (!id)
    return sendStatus(
      res,
      400,
      'BadRequest',
      `invalid ${t.resource === 'pods' ? 'pod' : 'service'} request "${t.name}"`,
    );
  if (t.resource === 'pods') {
    const pod = storage.get(PODS, t.namespace, id.name) as Pod | undefined;
    if (!pod)
      return sendStatus(res, 404, 'NotFound', `pods "${id.name}" not found`, { name: id.name, kind: 'pods' });
    if (!pod.status?.podIP) return sendStatus(res, 503, 'ServiceUnavailable', `address not allowed`);
    let port = Number(id.port);
    if (id.port === '') {
      // the API server takes the first port some container declares
      const first = (pod.spec?.containers ?? []).flatMap((c) => c.ports ?? [])[0];
      port = first?.containerPort ?? 80;
    } else if (!/^\d+$/.test(id.port)) {
      const named = (pod.spec?.containers ?? [])
        .flatMap((c) => c.ports ?? [])
        .find((p) => p.name === id.port);
      if (!named) return sendStatus(res, 503, 'ServiceUnavailable', `no such port "${id.port}"`);
      port = named.containerPort;
    }
    return toPod(pod, port, t, req, res);
  }
  const svc = storage.get(SERVICES, t.namespace, id.name) as Service | undefined;
  if (!svc)
    return sendStatus(res, 404, 'NotFound', `services "${id.name}" not found`, {
      name: id.name,
      kind: 'services',
    });
  const ports = svc.spec?.ports ?? [];
  const sp = id.port === '' ? ports[0] : ports.find((p) => p.name === id.port || String(p.port) === id.port);
  if (!sp)
    return sendStatus(
      res,
      503,
      'ServiceUnavailable',
      `no service port "${id.port}" found for service "${id.name}"`,
    );
  const ep = storage.get(ENDPOINTS, t.namespace, id.name) as Endpoints | undefined;
  for (const subset of ep?.subsets ?? []) {
    const epPort = (subset.ports ?? []).find((p) => (p.name ?? '') === (sp.name ?? '')) ?? subset.ports?.[0];
    const addr = subset.addresses?.[0];
    if (!epPort?.port || !addr) continue;
    const pod = storage.get(PODS, t.namespace, addr.targetRef?.name ?? '') as Pod | undefined;
    if (!pod) return refuse(res, addr.ip ?? '', epPort.port);
    return toPod(pod, epPort.port, t, req, res);
  }
  sendStatus(res, 503, 'ServiceUnavailable', `no endpoints available for service "${id.name}"`);
}
