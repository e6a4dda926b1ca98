// Raw objects for `:xray` tests: a Deployment with its ReplicaSet and pods (owner references by uid), a
// Service selecting them, the ConfigMap/Secret/PVC/PV/ServiceAccount a pod names, and a custom resource
// (a Widget) owning a ConfigMap and a Deployment.
import type { KObject } from '../../src/util/k8s.js';
import type { ResourceDef, SlimBase } from '../../src/resources/types.js';
import { resolveResource } from '../../src/resources/registry.js';
import { genericResource } from '../../src/resources/generic.js';
import { xrayCacheDef } from '../../src/store/xray/plan.js';

const created = new Date(Date.now() - 3600_000).toISOString();

export const kind = (plural: string): ResourceDef => {
  const r = resolveResource(plural);
  if (!r) throw new Error(`no kind ${plural}`);
  return r;
};

export const widgets = genericResource({ group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', singular: 'widget', namespaced: true, shortNames: ['wg'] });

const meta = (name: string, namespace: string | undefined, uid: string, owner?: { kind: string; name: string; uid: string }, labels?: Record<string, string>) => ({
  name,
  ...(namespace ? { namespace } : {}),
  uid,
  resourceVersion: '1',
  creationTimestamp: created,
  ...(labels ? { labels } : {}),
  ...(owner ? { ownerReferences: [{ apiVersion: 'v1', kind: owner.kind, name: owner.name, uid: owner.uid, controller: true }] } : {}),
});

export function deployment(name: string, ns: string, replicas: number, owner?: { kind: string; name: string; uid: string }): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, ns, `uid-deploy-${name}`, owner),
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas, updatedReplicas: replicas },
  } as KObject;
}

export function replicaSet(name: string, ns: string, deploy: string, replicas: number): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta(name, ns, `uid-rs-${name}`, { kind: 'Deployment', name: deploy, uid: `uid-deploy-${deploy}` }),
    spec: { replicas, selector: { matchLabels: { app: deploy } }, template: { spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas },
  } as KObject;
}

/** A running pod of `app`, owned by the ReplicaSet `rs`; `spec` adds volumes, env and the like. */
export function pod(name: string, ns: string, app: string, rs: string | undefined, spec: Record<string, unknown> = {}, phase = 'Running'): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, ns, `uid-pod-${name}`, rs ? { kind: 'ReplicaSet', name: rs, uid: `uid-rs-${rs}` } : undefined, { app }),
    spec: { containers: [{ name: 'app', image: 'nginx' }, { name: 'sidecar', image: 'envoy' }], nodeName: 'node-1', ...spec },
    status: {
      phase,
      containerStatuses: [
        { name: 'app', ready: phase === 'Running', restartCount: 0, state: phase === 'Running' ? { running: { startedAt: created } } : { waiting: { reason: 'ContainerCreating' } } },
        { name: 'sidecar', ready: phase === 'Running', restartCount: 0, state: phase === 'Running' ? { running: { startedAt: created } } : { waiting: { reason: 'ContainerCreating' } } },
      ],
    },
  } as KObject;
}

export const plain = (kindName: string, name: string, ns: string | undefined, owner?: { kind: string; name: string; uid: string }, extra: Record<string, unknown> = {}): KObject =>
  ({ apiVersion: 'v1', kind: kindName, metadata: meta(name, ns, `uid-${kindName.toLowerCase()}-${name}`, owner), ...extra }) as KObject;

export const service = (name: string, ns: string, selector: Record<string, string>): KObject =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: meta(name, ns, `uid-svc-${name}`), spec: { type: 'ClusterIP', clusterIP: '10.0.0.1', selector, ports: [{ port: 80, protocol: 'TCP' }] } }) as KObject;

export const widget = (name: string, ns: string): KObject =>
  ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: meta(name, ns, `uid-widget-${name}`), spec: { color: 'blue' } }) as KObject;

/** A record as the tree's cache of `def` holds it (the kind's projection plus owners, refs and rows). */
export const cached = (def: ResourceDef, obj: KObject): SlimBase => xrayCacheDef(def).project(obj);

/** What pod `web-1` names: a ConfigMap by volume, a Secret by env (missing), a PVC, pull secret, ServiceAccount. */
export const webPodSpec = {
  serviceAccountName: 'web-sa',
  imagePullSecrets: [{ name: 'regcred' }],
  volumes: [
    { name: 'conf', configMap: { name: 'web-config' } },
    { name: 'data', persistentVolumeClaim: { claimName: 'web-data' } },
    { name: 'token', projected: { sources: [{ configMap: { name: 'kube-root-ca.crt' } }, { serviceAccountToken: { path: 'token' } }] } },
  ],
  containers: [
    { name: 'app', image: 'nginx', env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'web-password', key: 'pw' } } }] },
    { name: 'sidecar', image: 'envoy', envFrom: [{ configMapRef: { name: 'web-config' } }] },
  ],
};
