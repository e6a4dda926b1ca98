// Nodes: kubectl's printNode cells over a slim record.
import { nodeCells, nodeReadiness } from '../util/printers.js';
import type { KObject } from '../util/k8s.js';
import type { Node } from '../util/k8s-more.js';
import { cpuMillis, memoryBytes } from '../util/quantity.js';
import { ageCell, cells, slimBase } from './base.js';
import type { Column, ResourceDef, SlimBase, Tone } from './types.js';
import { capability, served } from './capabilities.js';

export interface NodeRec extends SlimBase {
  /** STATUS cell: "Ready", "NotReady", "Unknown", plus ",SchedulingDisabled". */
  status: string;
  readiness: 'Ready' | 'NotReady' | 'Unknown';
  /** spec.unschedulable (cordoned). */
  unschedulable: boolean;
  roles: string;
  version: string;
  internalIP: string;
  externalIP: string;
  osImage: string;
  kernelVersion: string;
  containerRuntime: string;
  /** status.allocatable CPU in millicores (NaN when unknown): %CPU. */
  cpuAlloc: number;
  /** status.allocatable memory in bytes (NaN when unknown): %MEM. */
  memAlloc: number;
}

function projectNode(obj: KObject): NodeRec {
  const n = obj as Node;
  const c = nodeCells(n);
  return {
    ...slimBase(n),
    status: c.status,
    readiness: nodeReadiness(n),
    unschedulable: n.spec?.unschedulable === true,
    roles: c.roles,
    version: c.version,
    internalIP: c.internalIP,
    externalIP: c.externalIP,
    osImage: c.osImage,
    kernelVersion: c.kernelVersion,
    containerRuntime: c.containerRuntime,
    cpuAlloc: cpuMillis(n.status?.allocatable?.['cpu']),
    memAlloc: memoryBytes(n.status?.allocatable?.['memory']),
  };
}

/** NotReady → error; Unknown (no Ready condition yet) → pending; cordoned → warn; Ready → ok. */
function nodeStatus(r: NodeRec): { text: string; tone: Tone } {
  if (r.readiness === 'NotReady') return { text: r.status, tone: 'error' };
  if (r.readiness === 'Unknown') return { text: r.status, tone: 'pending' };
  if (r.unschedulable || r.deleting) return { text: r.status, tone: 'warn' };
  return { text: r.status, tone: 'ok' };
}

const right = (name: string): Column => ({ name, align: 'right' });

export const nodes: ResourceDef<NodeRec> = {
  kind: 'Node',
  plural: 'nodes',
  singular: 'node',
  group: '',
  version: 'v1',
  namespaced: false,
  aliases: ['no'],
  columns: [
    { name: 'NAME' },
    { name: 'STATUS' },
    { name: 'ROLES', optional: 2 },
    { name: 'AGE', optional: 4 },
    { name: 'VERSION', optional: 3 },
    { name: 'INTERNAL-IP', wide: true },
    { name: 'EXTERNAL-IP', wide: true, optional: 1 },
    { name: 'OS-IMAGE', wide: true, optional: 1 },
    { name: 'KERNEL-VERSION', wide: true, optional: 1 },
    { name: 'CONTAINER-RUNTIME', wide: true, optional: 1 },
  ],
  project: projectNode,
  row: (r, now) =>
    cells(
      r.name,
      r.status,
      r.roles,
      ageCell(r, now),
      r.version,
      r.internalIP,
      r.externalIP,
      r.osImage,
      r.kernelVersion,
      r.containerRuntime,
    ),
  status: nodeStatus,
  /** The pods scheduled on this node, in every namespace. */
  drill: (r) => ({ resource: 'pods', fieldSelector: `spec.nodeName=${r.name}` }),
  can: [
    ...served,
    capability<NodeRec>({
      cmd: 'cordon',
      label: 'Cordon',
      effect: { type: 'action', action: 'cordon' },
      mutating: true,
      hint: true,
      when: (r) => (r.unschedulable ? 'already cordoned' : undefined),
    }),
    capability<NodeRec>({
      cmd: 'uncordon',
      label: 'Uncordon',
      effect: { type: 'action', action: 'uncordon' },
      mutating: true,
      hint: true,
      when: (r) => (r.unschedulable ? undefined : 'not cordoned'),
    }),
    capability<NodeRec>({
      cmd: 'drain',
      label: 'Drain',
      effect: {
        type: 'action',
        action: 'drain',
        args: { pods: { group: '', version: 'v1', plural: 'pods' }, keepOwnedBy: ['DaemonSet'] },
        confirm: (who) => [`Drain ${who}?`, 'Cordons it, then evicts its pods (DaemonSet pods stay).'],
      },
      mutating: true,
      hint: true,
    }),
  ],
  usage: {
    source: 'nodes',
    columns: [right('CPU'), right('MEM'), right('%CPU'), right('%MEM')],
    totals: (r) => [r.cpuAlloc, r.memAlloc],
  },
};
