// Endpoints and EndpointSlices from Service selectors and pod readiness (the endpoints and endpointslice
// controllers): ready pods are `addresses`, unready ones `notReadyAddresses` (slice conditions ready /
// serving / terminating), ports resolved from named targetPorts. The `kubernetes` Service points at the
// control-plane nodes on 6443, as the API server maintains it. Services without a selector are left alone.

import type { KObject, Pod, Service, ServicePort } from '../../util/k8s.js';
import { ENDPOINTS, ENDPOINTSLICES, NODES, PODS, SERVICES } from '../resources.js';
import type { Rng } from '../rng.js';
import type { Scheduler } from '../scheduler.js';
import type { Storage, StoredEvent } from '../storage/index.js';
import { canonical, canonicalEqual } from './deployment-util.js';
import { WorkQueue, keyOf, splitKey } from './queue.js';
import { controllerRef, isPodReady, isTerminal, ownerRefTo } from './util.js';

const SERVICE_NAME = 'kubernetes.io/service-name';
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
const MANAGER = 'endpointslice-controller.k8s.io';

interface Address {
  ip: string;
  nodeName?: string;
  targetRef?: { kind: string; namespace?: string; name?: string; uid?: string };
}
interface Backend {
  addr: Address;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  ports: { name?: string; port: number; protocol: string }[];
}

const selects = (
  sel: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean =>
  !!sel && Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => labels?.[k] === v);

const podSig = (p: Pod | undefined): string =>
  p
    ? [
        p.status?.podIP,
        isPodReady(p),
        !!p.metadata.deletionTimestamp,
        p.status?.phase,
        p.spec?.nodeName,
      ].join('|')
    : '';

function resolvePort(sp: ServicePort, p: Pod | undefined): number | undefined {
  const t = sp.targetPort ?? sp.port;
  if (typeof t === 'number') return t;
  if (/^\d+$/.test(t)) return Number(t);
  for (const c of p?.spec?.containers ?? []) {
    const found = c.ports?.find((x) => x.name === t);
    if (found) return found.containerPort;
  }
  return undefined;
}

export class EndpointsController {
  private readonly queue: WorkQueue;
  private unsubs: (() => void)[] = [];

  constructor(
    private readonly storage: Storage,
    scheduler: Scheduler,
    private readonly rng: Rng,
    onError: (err: unknown) => void = (): void => undefined,
  ) {
    this.queue = new WorkQueue(scheduler, (k) => this.reconcile(k), onError);
  }

  start(): void {
    this.unsubs.push(
      this.storage.subscribe(SERVICES, (ev) =>
        this.queue.enqueue(keyOf(ev.object.metadata.namespace, ev.object.metadata.name)),
      ),
      this.storage.subscribe(PODS, (ev) => this.onPod(ev)),
    );
    for (const s of this.storage.list(SERVICES).items)
      this.queue.enqueue(keyOf(s.metadata.namespace, s.metadata.name));
  }

  stop(): void {
    for (const u of this.unsubs) u();
    this.unsubs = [];
    this.queue.stop();
  }

  private onPod(ev: StoredEvent): void {
    const p = ev.object as Pod;
    const prev = ev.prev as Pod | undefined;
    // stored pods share unchanged parts with their previous version (storage/share.ts): identity first
    const labelsSame =
      p.metadata.labels === prev?.metadata.labels ||
      canonicalEqual(p.metadata.labels, prev?.metadata.labels);
    if (ev.type === 'MODIFIED' && labelsSame && podSig(p) === podSig(prev)) return;
    for (const s of this.storage.list(SERVICES, p.metadata.namespace).items as Service[]) {
      const sel = s.spec?.selector;
      if (selects(sel, p.metadata.labels) || selects(sel, prev?.metadata.labels))
        this.queue.enqueue(keyOf(s.metadata.namespace, s.metadata.name));
    }
  }

  reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const svc = this.storage.get(SERVICES, ns, name) as Service | undefined;
    if (!svc) return this.cleanup(ns, name);
    const backends = this.backends(svc);
    if (!backends) return;
    this.writeEndpoints(svc, backends);
    this.writeSlice(svc, backends);
  }

  private backends(svc: Service): Backend[] | undefined {
    const ports = svc.spec?.ports ?? [];
    if (svc.metadata.namespace === 'default' && svc.metadata.name === 'kubernetes' && !svc.spec?.selector) {
      return this.storage
        .list(NODES)
        .items.filter((n) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined)
        .map((n) => {
          const st = n.status as { addresses?: { type: string; address: string }[] } | undefined;
          const ip = st?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
          return {
            addr: { ip },
            ready: true,
            serving: true,
            terminating: false,
            ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
          };
        });
    }
    if (
      svc.spec?.type === 'ExternalName' ||
      !svc.spec?.selector ||
      Object.keys(svc.spec.selector).length === 0
    )
      return undefined;
    const out: Backend[] = [];
    for (const p of this.storage.list(PODS, svc.metadata.namespace).items as Pod[]) {
      if (!selects(svc.spec.selector, p.metadata.labels) || !p.status?.podIP || isTerminal(p)) continue;
      const resolved = ports.flatMap((sp) => {
        const port = resolvePort(sp, p);
        return port === undefined
          ? []
          : [{ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP' }];
      });
      out.push({
        addr: {
          ip: p.status.podIP,
          ...(p.spec?.nodeName ? { nodeName: p.spec.nodeName } : {}),
          targetRef: {
            kind: 'Pod',
            namespace: p.metadata.namespace,
            name: p.metadata.name,
            uid: p.metadata.uid,
          },
        },
        ready: isPodReady(p) && !p.metadata.deletionTimestamp,
        serving: isPodReady(p),
        terminating: !!p.metadata.deletionTimestamp,
        ports: resolved,
      });
    }
    return out.sort((a, b) => a.addr.ip.localeCompare(b.addr.ip, 'en', { numeric: true }));
  }

  private writeEndpoints(svc: Service, backends: Backend[]): void {
    const groups = new Map<
      string,
      { addresses: Address[]; notReadyAddresses: Address[]; ports: Backend['ports'] }
    >();
    for (const b of backends) {
      const sig = canonical(b.ports);
      let g = groups.get(sig);
      if (!g) groups.set(sig, (g = { addresses: [], notReadyAddresses: [], ports: b.ports }));
      if (b.ready) g.addresses.push(b.addr);
      else if (!b.terminating) g.notReadyAddresses.push(b.addr);
    }
    const subsets = [...groups.values()]
      .filter((g) => g.addresses.length + g.notReadyAddresses.length > 0)
      .map((g) => ({
        ...(g.addresses.length ? { addresses: g.addresses } : {}),
        ...(g.notReadyAddresses.length ? { notReadyAddresses: g.notReadyAddresses } : {}),
        ports: g.ports,
      }));
    const ep: KObject & Record<string, unknown> = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name: svc.metadata.name,
        namespace: svc.metadata.namespace,
        labels: { ...svc.metadata.labels },
      },
      ...(subsets.length ? { subsets } : {}),
    };
    this.put(ENDPOINTS, ep, ['subsets']);
  }

  private writeSlice(svc: Service, backends: Backend[]): void {
    const ns = svc.metadata.namespace;
    const existing = this.storage
      .list(ENDPOINTSLICES, ns)
      .items.filter(
        (s) =>
          s.metadata.labels?.[SERVICE_NAME] === svc.metadata.name &&
          s.metadata.labels?.[MANAGED_BY] === MANAGER,
      );
    const [keep, ...extra] = existing;
    for (const x of extra) this.storage.delete(ENDPOINTSLICES, ns, x.metadata.name ?? '');
    const ports =
      backends[0]?.ports ??
      (svc.spec?.ports ?? []).map((p) => ({
        ...(p.name ? { name: p.name } : {}),
        port: p.port,
        protocol: p.protocol ?? 'TCP',
      }));
    const slice: KObject & Record<string, unknown> = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: keep?.metadata.name ?? `${svc.metadata.name ?? ''}-${this.rng.chars(5)}`,
        generateName: `${svc.metadata.name ?? ''}-`,
        namespace: ns,
        labels: { ...svc.metadata.labels, [SERVICE_NAME]: svc.metadata.name ?? '', [MANAGED_BY]: MANAGER },
        ownerReferences: [ownerRefTo({ ...svc, apiVersion: 'v1', kind: 'Service' })],
      },
      addressType: 'IPv4',
      endpoints: backends.map((b) => ({
        addresses: [b.addr.ip],
        conditions: { ready: b.ready, serving: b.serving, terminating: b.terminating },
        ...(b.addr.nodeName ? { nodeName: b.addr.nodeName } : {}),
        ...(b.addr.targetRef ? { targetRef: b.addr.targetRef } : {}),
      })),
      ports,
    };
    this.put(ENDPOINTSLICES, slice, ['endpoints', 'ports', 'addressType']);
  }

  /** Create, or update the listed top-level fields and labels when they differ. */
  private put(gvr: typeof ENDPOINTS, obj: KObject & Record<string, unknown>, fields: string[]): void {
    const { namespace, name = '' } = obj.metadata;
    const cur = this.storage.get(gvr, namespace, name) as (KObject & Record<string, unknown>) | undefined;
    if (!cur) {
      this.storage.create(gvr, obj);
      return;
    }
    this.storage.mutate(gvr, namespace, name, (d) => {
      const x = d as KObject & Record<string, unknown>;
      for (const f of fields) {
        if (obj[f] === undefined) delete x[f];
        else x[f] = obj[f];
      }
      x.metadata.labels = obj.metadata.labels;
    });
  }

  private cleanup(ns: string | undefined, name: string): void {
    const ep = this.storage.get(ENDPOINTS, ns, name);
    if (ep && !controllerRef(ep)) this.storage.delete(ENDPOINTS, ns, name);
    for (const s of this.storage.list(ENDPOINTSLICES, ns).items)
      if (s.metadata.labels?.[SERVICE_NAME] === name && s.metadata.labels[MANAGED_BY] === MANAGER)
        this.storage.delete(ENDPOINTSLICES, ns, s.metadata.name ?? '');
  }
}
