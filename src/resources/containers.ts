// A pod's containers as rows (Enter on a pod): the view watches pods and expands each into its init,
// sidecar and regular containers, so the rows are as live as the pod.
import type { Container, ContainerState, ContainerStatus, KObject, Pod } from '../util/k8s.js';
import { ageSince, parseTimestamp } from '../util/age.js';
import { formatRestarts } from '../util/printers.js';
import { sanitize } from '../util/sanitize.js';
import type { ResourceDef, SlimBase, Tone } from './types.js';
import { capability } from './capabilities.js';

export interface ContainerRec extends SlimBase {
  pod: string;
  kind: 'init' | 'sidecar' | 'main';
  image: string;
  ready: boolean;
  /** Running, Waiting:Reason, Terminated:Reason */
  state: string;
  restarts: number;
  lastRestartAt: number | undefined;
  ports: string;
  /** On the pod-level record only: its containers, which `expand` turns into the rows. */
  members?: ContainerRec[];
}

function stateOf(s: ContainerState | undefined): string {
  if (s?.running) return 'Running';
  if (s?.terminated) return `Terminated:${s.terminated.reason ?? (s.terminated.signal ? `Signal:${s.terminated.signal}` : `ExitCode:${s.terminated.exitCode}`)}`;
  if (s?.waiting) return `Waiting:${s.waiting.reason ?? 'Unknown'}`;
  return 'Waiting';
}

function member(pod: Pod, base: SlimBase, c: Container, st: ContainerStatus | undefined, kind: ContainerRec['kind']): ContainerRec {
  const finished = parseTimestamp(st?.lastState?.terminated?.finishedAt);
  return {
    key: `${base.key}/${c.name}`,
    uid: `${base.uid}/${c.name}`,
    name: c.name,
    namespace: base.namespace,
    rv: base.rv,
    labels: base.labels,
    created: parseTimestamp(st?.state?.running?.startedAt) || base.created,
    deleting: base.deleting,
    pod: pod.metadata.name ?? '',
    kind,
    image: c.image ?? '',
    ready: Boolean(st?.ready),
    state: stateOf(st?.state),
    restarts: st?.restartCount ?? 0,
    lastRestartAt: Number.isNaN(finished) ? undefined : finished,
    ports: (c.ports ?? []).map((p) => `${p.name ? `${p.name}:` : ''}${p.containerPort}/${p.protocol ?? 'TCP'}`).join(','),
  };
}

function project(obj: KObject): ContainerRec {
  const pod = obj as Pod;
  const m = pod.metadata;
  const base: SlimBase = {
    key: `${m.namespace ?? ''}/${m.name ?? ''}`,
    uid: m.uid ?? '',
    name: m.name ?? '',
    namespace: m.namespace,
    rv: m.resourceVersion ?? '',
    labels: {},
    created: parseTimestamp(m.creationTimestamp),
    deleting: Boolean(m.deletionTimestamp),
  };
  const statuses = new Map((pod.status?.containerStatuses ?? []).map((s) => [s.name, s]));
  const initStatuses = new Map((pod.status?.initContainerStatuses ?? []).map((s) => [s.name, s]));
  const members = [
    ...(pod.spec?.initContainers ?? []).map((c) => member(pod, base, c, initStatuses.get(c.name), c.restartPolicy === 'Always' ? 'sidecar' : 'init')),
    ...(pod.spec?.containers ?? []).map((c) => member(pod, base, c, statuses.get(c.name), 'main')),
  ];
  return { ...base, pod: base.name, kind: 'main', image: '', ready: false, state: '', restarts: 0, lastRestartAt: undefined, ports: '', members };
}

function status(r: ContainerRec): { text: string; tone: Tone } {
  if (r.deleting) return { text: 'Terminating', tone: 'warn' };
  if (r.state === 'Running') return { text: r.state, tone: r.ready || r.kind === 'init' ? 'ok' : 'pending' };
  if (r.state === 'Terminated:Completed') return { text: r.state, tone: 'dim' };
  if (/CrashLoopBackOff|ErrImagePull|ImagePullBackOff|Error|OOMKilled|CreateContainer/.test(r.state)) return { text: r.state, tone: 'error' };
  return { text: r.state, tone: 'pending' };
}

/** `l` on a container row: that container. */
const containerLogTarget = (r: ContainerRec) => [{ namespace: r.namespace ?? '', pod: r.pod, container: r.name }];

export const containers: ResourceDef<ContainerRec> = {
  kind: 'Container',
  plural: 'containers',
  singular: 'container',
  group: '',
  version: 'v1',
  namespaced: true,
  aliases: ['co', 'container'],
  columns: [
    { name: 'NAME' },
    { name: 'POD', optional: 3 },
    { name: 'IMAGE' },
    { name: 'READY' },
    { name: 'STATE' },
    { name: 'INIT', optional: 1 },
    { name: 'RESTARTS', align: 'right', optional: 4 },
    { name: 'PORTS', wide: true },
    { name: 'AGE', optional: 2 },
  ],
  watchPlural: 'pods',
  project,
  expand: (r) => r.members ?? [],
  row: (r, now) => [
    sanitize(r.name),
    sanitize(r.pod),
    sanitize(r.image),
    String(r.ready),
    sanitize(r.state),
    r.kind === 'main' ? 'false' : r.kind === 'sidecar' ? 'sidecar' : 'true',
    formatRestarts(r.restarts, r.lastRestartAt, now),
    sanitize(r.ports) || '<none>',
    ageSince(r.created, now),
  ],
  status,
  can: [
    capability<ContainerRec>({ cmd: 'logs', label: 'Logs', effect: { type: 'logs', targets: { of: containerLogTarget } }, mutating: false, hint: true }),
    capability<ContainerRec>({ cmd: 'previous-logs', label: 'Logs of the previous (crashed) container', effect: { type: 'logs', previous: true, targets: { of: containerLogTarget } }, mutating: false }),
    capability<ContainerRec>({ cmd: 'shell', label: 'Shell', effect: { type: 'shell', target: (r) => ({ namespace: r.namespace ?? '', pod: r.pod, container: r.name }) }, mutating: true, hint: true }),
    capability<ContainerRec>({ cmd: 'attach', label: 'Attach', effect: { type: 'attach', target: (r) => ({ namespace: r.namespace ?? '', pod: r.pod, container: r.name }) }, mutating: true }),
    capability<ContainerRec>({
      cmd: 'port-forward',
      label: 'Port-forward',
      effect: { type: 'port-forward', target: (r) => ({ namespace: r.namespace ?? '', pod: r.pod, container: r.name }) },
      mutating: true,
      hint: true,
    }),
  ],
};
