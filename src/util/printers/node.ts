// kubectl's printNode, over the raw object.
import type { Node } from '../k8s-more.js';

export interface NodeCells {
  /** STATUS: "Ready", "NotReady", "Unknown", each followed by ",SchedulingDisabled" when cordoned. */
  status: string;
  /** ROLES: sorted, comma-joined, "<none>" when none. */
  roles: string;
  version: string;
  internalIP: string;
  externalIP: string;
  osImage: string;
  kernelVersion: string;
  containerRuntime: string;
}

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

/** findNodeRoles: `node-role.kubernetes.io/<role>` label keys and the `kubernetes.io/role` value, sorted, unique. */
function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === ROLE_LABEL && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort();
}

/** Ready=True → "Ready", any other Ready status → "NotReady", no Ready condition → "Unknown". */
export function nodeReadiness(node: Node): 'Ready' | 'NotReady' | 'Unknown' {
  const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
  if (!ready) return 'Unknown';
  return ready.status === 'True' ? 'Ready' : 'NotReady';
}

const address = (node: Node, type: string): string =>
  (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';

/** STATUS, ROLES, VERSION and the wide INTERNAL-IP, EXTERNAL-IP, OS-IMAGE, KERNEL-VERSION, CONTAINER-RUNTIME. */
export function nodeCells(node: Node): NodeCells {
  const info = node.status?.nodeInfo;
  const status: string[] = [nodeReadiness(node)];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  const roles = nodeRoles(node.metadata.labels);
  return {
    status: status.join(','),
    roles: roles.length > 0 ? roles.join(',') : '<none>',
    version: info?.kubeletVersion ?? '',
    internalIP: address(node, 'InternalIP'),
    externalIP: address(node, 'ExternalIP'),
    osImage: info?.osImage || '<unknown>',
    kernelVersion: info?.kernelVersion || '<unknown>',
    containerRuntime: info?.containerRuntimeVersion || '<unknown>',
  };
}
