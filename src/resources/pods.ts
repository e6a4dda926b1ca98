// Pods: kubectl's columns and printPod cells, over a slim record.
import { formatRestarts, podSummaryDetail, podWideCells } from '../util/printers.js';
import type { Container, KObject, Pod } from '../util/k8s.js';
import { cpuMillis, memoryBytes } from '../util/quantity.js';
import { sanitize } from '../util/sanitize.js';
import { InternTable, intern, internList } from '../util/intern.js';
import { ageCell, cells, orNone, slimBase } from './base.js';
import type { Column, ResourceDef, SlimBase, Tone } from './types.js';
import { capability, served } from './capabilities.js';
import { describePod } from '../util/describe.js';
import { POD_FIELDS } from '../util/selector.js';
import { podReferences } from '../util/pod-references.js';

interface PodOwner {
  kind: string;
  name: string;
}

export interface PodRec extends SlimBase {
  phase: string;
  /** STATUS cell, sanitized. */
  status: string;
  /** READY cell, "ready/total". */
  ready: string;
  readyCount: number;
  total: number;
  restarts: number;
  lastRestartAt: number | undefined;
  /** First pod IP, "" when none. */
  ip: string;
  /** spec.nodeName, "" when unscheduled. */
  node: string;
  nominatedNode: string;
  /** READINESS GATES cell: "1/2" or "<none>". */
  readinessGates: string;
  containers: readonly string[];
  initContainers: readonly string[];
  /** The controller ownerReference (or else the first one), for drill-ups. */
  owner: PodOwner | undefined;
  /** Summed CPU requests of the containers (and sidecars) in millicores, 0 when none: %CPU/R. */
  cpuReq: number;
  /** Summed memory requests in bytes, 0 when none: %MEM/R. */
  memReq: number;
}

/**
 * What the running containers ask for, as k9s sums it: each container's request, else its limit (the API
 * server defaults one to the other); native sidecars (init containers with restartPolicy Always) count.
 */
function podRequests(containers: readonly Container[], inits: readonly Container[]): { cpu: number; mem: number } {
  let cpu = 0;
  let mem = 0;
  const add = (c: Container): void => {
    const req = c.resources?.requests;
    const lim = c.resources?.limits;
    const cc = quantity(cpuOf, cpuMillis, req?.['cpu'] ?? lim?.['cpu']);
    const mm = quantity(memOf, memoryBytes, req?.['memory'] ?? lim?.['memory']);
    if (Number.isFinite(cc)) cpu += cc;
    if (Number.isFinite(mm)) mem += mm;
  };
  for (const c of containers) add(c);
  for (const c of inits) if (c.restartPolicy === 'Always') add(c);
  return { cpu, mem };
}

/**
 * A quantity string's value, parsed once: the same few ("250m", "128Mi") repeat across every pod of a
 * list, and each parse is a regex match and a few strings of garbage (issue 10: a 10k list's projection).
 */
const cpuOf = new InternTable<number>(2_000);
const memOf = new InternTable<number>(2_000);
function quantity(table: InternTable<number>, parse: (q: string | number | undefined) => number, q: string | number | undefined): number {
  return typeof q === 'string' ? table.get(q, () => parse(q)) : parse(q);
}

const owners = new InternTable<PodOwner>(20_000);

/**
 * The slim record a cached pod keeps. Values that repeat across pods (namespace, labels, node, phase,
 * status, READY, container names, owner) are shared (src/util/intern.ts), and every field is written in
 * one object literal, so that V8 keeps them all inside the object (a spread plus more fields puts the rest
 * in a second, out-of-object array): ≈850 → ≈450 B of heap a realistic pod (issue 10).
 */
function projectPod(obj: KObject): PodRec {
  const pod = obj as Pod;
  const base = slimBase(pod);
  const sum = podSummaryDetail(pod);
  const wide = podWideCells(pod);
  const refs = pod.metadata.ownerReferences ?? [];
  const ref = refs.find((r) => r.controller) ?? refs[0];
  const containers = pod.spec?.containers ?? [];
  const inits = pod.spec?.initContainers ?? [];
  const req = podRequests(containers, inits);
  return {
    key: base.key,
    uid: base.uid,
    name: base.name,
    namespace: base.namespace,
    rv: base.rv,
    labels: base.labels,
    created: base.created,
    deleting: base.deleting,
    phase: intern(pod.status?.phase ?? ''),
    status: intern(sanitize(sum.status)),
    ready: intern(sum.ready),
    readyCount: sum.readyCount,
    total: sum.total,
    restarts: sum.restarts,
    lastRestartAt: sum.lastRestartAt,
    ip: wide.ip === '<none>' ? '' : wide.ip,
    node: intern(pod.spec?.nodeName ?? ''),
    nominatedNode: intern(pod.status?.nominatedNodeName ?? ''),
    readinessGates: intern(wide.readinessGates),
    containers: internList(containers.map((c) => c.name)),
    initContainers: internList(inits.map((c) => c.name)),
    owner: ref ? owners.get(`${ref.kind}\0${ref.name}`, () => Object.freeze({ kind: intern(ref.kind), name: intern(ref.name) })) : undefined,
    cpuReq: req.cpu,
    memReq: req.mem,
  };
}

/** Reasons that mean something is broken (container waiting/terminated reasons and pod reasons). */
const ERROR_REASONS = new Set([
  'CrashLoopBackOff',
  'Error',
  'ErrImagePull',
  'ImagePullBackOff',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'StartError',
  'PreStartHookError',
  'PostStartHookError',
  'ContainerStatusUnknown',
  'OOMKilled',
  'DeadlineExceeded',
  'Evicted',
  'NodeLost',
  'Unknown',
  'Failed',
  'UnexpectedAdmissionError',
]);
const PENDING_REASONS = new Set(['Pending', 'ContainerCreating', 'PodInitializing', 'SchedulingGated']);
const INIT_PROGRESS = /^\d+\/\d+$/;

function reasonTone(reason: string): Tone | undefined {
  if (ERROR_REASONS.has(reason)) return 'error';
  if (PENDING_REASONS.has(reason)) return 'pending';
  if (reason.startsWith('ExitCode:')) return reason === 'ExitCode:0' ? 'dim' : 'error';
  if (reason.startsWith('Signal:')) return 'error';
  return undefined;
}

/**
 * Running with every container ready → ok; Running not all ready, Pending, ContainerCreating and
 * Init:i/n → pending; Completed/Succeeded → dim; failures (CrashLoopBackOff, Error, image pull
 * errors, OOMKilled, Evicted, Unknown, ExitCode/Signal, Init:<failure>) → error; Terminating and
 * NotReady → warn. Unknown reasons fall back to the phase.
 */
export function podTone(status: string, phase: string, readyCount: number, total: number): Tone {
  if (status === 'Running') return readyCount >= total ? 'ok' : 'pending';
  if (status === 'Terminating' || status === 'NotReady') return 'warn';
  if (status === 'Completed' || status === 'Succeeded') return 'dim';
  if (status.startsWith('Init:')) {
    const rest = status.slice(5);
    if (INIT_PROGRESS.test(rest)) return 'pending';
    return reasonTone(rest) ?? 'pending';
  }
  const t = reasonTone(status);
  if (t) return t;
  if (phase === 'Failed') return 'error';
  if (phase === 'Succeeded') return 'dim';
  if (phase === 'Running') return 'warn';
  return 'pending';
}

const right = (name: string): Column => ({ name, align: 'right' });

/** `l` on a pod: each of its containers, merged. */
const podLogTargets = (r: PodRec) => r.containers.map((container) => ({ namespace: r.namespace ?? '', pod: r.name, container }));

export const pods: ResourceDef<PodRec> = {
  kind: 'Pod',
  plural: 'pods',
  singular: 'pod',
  group: '',
  version: 'v1',
  namespaced: true,
  aliases: ['po'],
  columns: [
    { name: 'NAME' },
    { name: 'READY' },
    { name: 'STATUS' },
    { name: 'RESTARTS', align: 'right', optional: 3 },
    { name: 'AGE', optional: 2 },
    { name: 'IP', wide: true },
    { name: 'NODE', wide: true },
    { name: 'NOMINATED NODE', wide: true, optional: 1 },
    { name: 'READINESS GATES', wide: true, optional: 1 },
  ],
  project: projectPod,
  // Enter on a pod: its containers (the containers view watches just this pod)
  drill: (r) => ({ resource: 'containers', namespace: r.namespace, fieldSelector: `metadata.name=${r.name}` }),
  row: (r, now) =>
    cells(
      r.name,
      r.ready,
      r.status,
      formatRestarts(r.restarts, r.lastRestartAt, now),
      ageCell(r, now),
      orNone(r.ip),
      orNone(r.node),
      orNone(r.nominatedNode),
      r.readinessGates,
    ),
  status: (r) => ({ text: r.status, tone: podTone(r.status, r.phase, r.readyCount, r.total) }),
  can: [
    ...served,
    capability<PodRec>({ cmd: 'logs', label: 'Logs', effect: { type: 'logs', targets: { of: podLogTargets } }, mutating: false, hint: true }),
    capability<PodRec>({ cmd: 'previous-logs', label: 'Logs of the previous (crashed) containers', effect: { type: 'logs', previous: true, targets: { of: podLogTargets } }, mutating: false }),
    capability<PodRec>({ cmd: 'shell', label: 'Shell', effect: { type: 'shell', target: (r) => ({ namespace: r.namespace ?? '', pod: r.name }) }, mutating: true, hint: true }),
    capability<PodRec>({ cmd: 'attach', label: 'Attach', effect: { type: 'attach', target: (r) => ({ namespace: r.namespace ?? '', pod: r.name }) }, mutating: true }),
    capability<PodRec>({ cmd: 'port-forward', label: 'Port-forward', effect: { type: 'port-forward', target: (r) => ({ namespace: r.namespace ?? '', pod: r.name }) }, mutating: true, hint: true }),
    capability<PodRec>({ cmd: 'kill', label: 'Kill', effect: { type: 'action', action: 'kill', confirm: (who) => [`Kill ${who} now, with no grace period?`] }, mutating: true }),
  ],
  describe: describePod,
  xray: {
    rows: 'containers',
    refs: { kinds: ['configmaps', 'secrets', 'persistentvolumeclaims', 'serviceaccounts'], of: (obj) => podReferences(obj as Pod) },
    operand: true,
  },
  fieldLabels: POD_FIELDS,
  usage: {
    source: 'pods',
    columns: [right('CPU'), right('MEM'), right('%CPU/R'), right('%MEM/R')],
    totals: (r) => [r.cpuReq, r.memReq],
  },
};
