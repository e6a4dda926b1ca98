// ReplicationControllers (core/v1): kubectl's printReplicationController cells (the ReplicaSet printer's,
// with the plain label map as selector), scale, logs of their pods, and Enter to those pods.
import { replicaSetCells } from '../util/printers.js';
import type { KObject, PodTemplateSpec } from '../util/k8s.js';
import type { ReplicaSet } from '../util/k8s-more.js';
import { podsBySelector, slimBase } from './base.js';
import { logsOfPods, scaleCap, served } from './capabilities.js';
import { REPLICA_COLUMNS, replicaRow, replicaSetStatus } from './replicasets.js';
import type { ReplicaSetRec } from './replicasets.js';
import { selectorFromLabels } from './services.js';
import type { ResourceDef } from './types.js';

interface ReplicationController extends KObject {
  spec?: { replicas?: number; selector?: Record<string, string>; template?: PodTemplateSpec };
  status?: { replicas?: number; readyReplicas?: number };
}

function projectReplicationController(obj: KObject): ReplicaSetRec {
  const rc = obj as ReplicationController;
  const selector = rc.spec?.selector ?? {};
  const c = replicaSetCells({ ...rc, spec: { ...rc.spec, selector: { matchLabels: selector } } } as ReplicaSet);
  return {
    ...slimBase(rc),
    desired: c.desired,
    current: c.current,
    readyReplicas: c.ready,
    containers: c.containers,
    images: c.images,
    selectorText: c.selector,
    selector: selectorFromLabels(selector),
    owner: '',
  };
}

export const replicationcontrollers: ResourceDef<ReplicaSetRec> = {
  kind: 'ReplicationController',
  plural: 'replicationcontrollers',
  singular: 'replicationcontroller',
  group: '',
  version: 'v1',
  namespaced: true,
  aliases: ['rc'],
  columns: REPLICA_COLUMNS,
  project: projectReplicationController,
  row: replicaRow,
  status: replicaSetStatus,
  drill: (r) => podsBySelector(r.namespace, r.selector),
  xray: { owns: ['pods'] },
  can: [...served, logsOfPods, scaleCap((r) => r.desired)],
};
