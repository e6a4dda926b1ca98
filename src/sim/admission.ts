// What the API server does to an object before storing it: fill apiVersion/kind, apply defaults,
// allocate Service addresses, require the namespace to exist. Runs inside Storage on a fresh clone.

import type { Deployment, KObject, Namespace, Pod, PodSpec, Service } from '../util/k8s.js';
import { StorageError } from './storage/index.js';
import type { Admission, Gvr, Storage } from './storage/index.js';
import { NAMESPACES, apiVersionOf, resourceInfo } from './resources.js';
import type { Ipam } from './ipam.js';
import { randomUUID } from 'node:crypto';
import { defaultCronJob, defaultDaemonSet, defaultJob, defaultStatefulSet } from './admission-workloads.js';
import { defaultSecret } from './admission-secret.js';

function defaultPod(p: Pod, old: KObject | undefined): void {
  const spec = (p.spec ??= { containers: [] });
  defaultPodSpec(spec);
  if (!old) {
    const hasRequests = spec.containers.some((c) => c.resources?.requests || c.resources?.limits);
    p.status = { phase: 'Pending', qosClass: hasRequests ? 'Burstable' : 'BestEffort', ...(p.status ?? {}) };
  }
}

function defaultPodSpec(spec: PodSpec): void {
  spec.containers ??= [];
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.serviceAccountName ??= 'default';
  const s = spec as unknown as Record<string, unknown>;
  s['dnsPolicy'] ??= 'ClusterFirst';
  s['schedulerName'] ??= 'default-scheduler';
  s['enableServiceLinks'] ??= true;
  s['preemptionPolicy'] ??= 'PreemptLowerPriority';
  s['priority'] ??= 0;
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    const cc = c as unknown as Record<string, unknown>;
    cc['imagePullPolicy'] ??=
      c.image?.endsWith(':latest') || !c.image?.includes(':') ? 'Always' : 'IfNotPresent';
    cc['terminationMessagePath'] ??= '/dev/termination-log';
    cc['terminationMessagePolicy'] ??= 'File';
    c.resources ??= {};
    for (const port of c.ports ?? []) port.protocol ??= 'TCP';
  }
}

function defaultService(s: Service, old: KObject | undefined, ipam: Ipam, dryRun: boolean): void {
  const before = structuredClone((old as Service | undefined)?.spec);
  defaultServiceSpec(s, old, ipam);
  if (!dryRun) return;
  // a dry run reserves nothing: give back what this request allocated
  if (s.spec?.clusterIP && s.spec.clusterIP !== before?.clusterIP) ipam.releaseClusterIP(s.spec.clusterIP);
  for (const p of s.spec?.ports ?? [])
    if (p.nodePort !== undefined && !before?.ports?.some((q) => q.nodePort === p.nodePort))
      ipam.releaseNodePort(p.nodePort);
}

function defaultServiceSpec(s: Service, old: KObject | undefined, ipam: Ipam): void {
  const spec = (s.spec ??= {});
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  const x = spec as unknown as Record<string, unknown>;
  const oldSpec = (old as Service | undefined)?.spec;
  if (spec.type !== 'ExternalName') {
    if (oldSpec?.clusterIP && !spec.clusterIP) spec.clusterIP = oldSpec.clusterIP;
    if (!spec.clusterIP) spec.clusterIP = ipam.allocateClusterIP();
    else if (!old && spec.clusterIP !== 'None' && !ipam.reserveClusterIP(spec.clusterIP))
      throw new StorageError(
        422,
        'Invalid',
        `Service "${s.metadata.name ?? ''}" is invalid: spec.clusterIPs: Invalid value: ["${spec.clusterIP}"]: failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`,
      );
    spec.clusterIPs = [spec.clusterIP];
    x['ipFamilies'] ??= ['IPv4'];
    x['ipFamilyPolicy'] ??= 'SingleStack';
    x['internalTrafficPolicy'] ??= 'Cluster';
  }
  const wantsNodePort = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  if (wantsNodePort) x['externalTrafficPolicy'] ??= 'Cluster';
  spec.ports?.forEach((port, i) => {
    port.protocol ??= 'TCP';
    port.targetPort ??= port.port;
    if (wantsNodePort && !port.nodePort) {
      const prev = oldSpec?.ports?.[i];
      port.nodePort = prev?.nodePort && prev.port === port.port ? prev.nodePort : ipam.allocateNodePort();
    } else if (wantsNodePort && port.nodePort && !old) ipam.reserveNodePort(port.nodePort);
  });
  s.status ??= { loadBalancer: {} };
}

function defaultDeployment(d: Deployment): void {
  if (!d.spec) return;
  d.spec.replicas ??= 1;
  d.spec.revisionHistoryLimit ??= 10;
  d.spec.progressDeadlineSeconds ??= 600;
  d.spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
  if (d.spec.template?.spec) defaultPodSpec(d.spec.template.spec);
}

/**
 * discovery/v1 SetDefaults_EndpointPort: name "" and protocol TCP (kubectl describe dereferences both). A port
 * that lacks one is replaced, not changed in place: it may be a stored (frozen) object the writer passed on
 * (adding to it threw "object is not extensible" and the write failed).
 */
function defaultEndpointSlice(o: KObject): void {
  const s = o as KObject & { ports?: { name?: string; protocol?: string }[] };
  if (!s.ports?.some((p) => p.name === undefined || p.protocol === undefined)) return;
  s.ports = s.ports.map((p) =>
    p.name !== undefined && p.protocol !== undefined ? p : { ...p, name: p.name ?? '', protocol: p.protocol ?? 'TCP' },
  );
}

function defaultNamespace(ns: Namespace): void {
  const name = ns.metadata.name ?? '';
  ns.metadata.labels = { ...ns.metadata.labels, 'kubernetes.io/metadata.name': name };
  ns.spec ??= { finalizers: ['kubernetes'] };
  ns.status = { phase: ns.metadata.deletionTimestamp ? 'Terminating' : 'Active' };
}

/** apps/v1 workloads' spec.selector cannot change after creation (a real server answers 422 Invalid). */
function immutableSelector(kind: string, group: string, obj: KObject, old: KObject): void {
  if (kind === 'ControllerRevision') return;
  const sel = (o: KObject) => (o.spec as { selector?: unknown } | undefined)?.selector;
  const canonical = (v: unknown): string =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`
      : Array.isArray(v) ? `[${v.map(canonical).join(',')}]` : JSON.stringify(v);
  const before = sel(old);
  const after = sel(obj);
  if (before === after || before === undefined || after === undefined || canonical(before) === canonical(after)) return;
  throw new StorageError(422, 'Invalid', `${kind}.${group} "${obj.metadata.name ?? ''}" is invalid: spec.selector: Invalid value: ${JSON.stringify(after)}: field is immutable`);
}

/** `newUid` draws the uid of a new Job, whose generated selector names it (Storage keeps that uid). */
export function makeAdmission(
  getStorage: () => Storage,
  ipam: Ipam,
  newUid: () => string = randomUUID,
): Admission {
  return (gvr: Gvr, obj: KObject, old: KObject | undefined, opts?: { dryRun?: boolean }): void => {
    const info = resourceInfo(gvr);
    if (!info) return;
    obj.apiVersion = apiVersionOf(gvr);
    obj.kind = info.kind;
    const ns = obj.metadata.namespace;
    if (info.namespaced) {
      if (!ns)
        throw new StorageError(
          422,
          'Invalid',
          `${info.kind} "${obj.metadata.name ?? ''}" is invalid: metadata.namespace: Required value`,
        );
      if (!old && !getStorage().get(NAMESPACES, undefined, ns))
        throw new StorageError(404, 'NotFound', `namespaces "${ns}" not found`, {
          name: ns,
          kind: 'namespaces',
        });
    } else delete obj.metadata.namespace;
    if (old && gvr.group === 'apps') immutableSelector(info.kind, gvr.group, obj, old);
    switch (info.kind) {
      case 'Pod':
        return defaultPod(obj as Pod, old);
      case 'Service':
        return defaultService(obj as Service, old, ipam, opts?.dryRun ?? false);
      case 'Deployment':
        return defaultDeployment(obj as Deployment);
      case 'Namespace':
        return defaultNamespace(obj as Namespace);
      case 'EndpointSlice':
        return defaultEndpointSlice(obj);
      case 'DaemonSet':
        return defaultDaemonSet(obj, defaultPodSpec);
      case 'StatefulSet':
        return defaultStatefulSet(obj, defaultPodSpec);
      case 'Job':
        return defaultJob(obj, old, defaultPodSpec, newUid);
      case 'CronJob':
        return defaultCronJob(obj, defaultPodSpec);
      case 'Secret':
        return defaultSecret(obj);
    }
  };
}
