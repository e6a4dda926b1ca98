// kubectl-describe-like text: the object's essentials, kind-specific sections for the common kinds, a
// generic rendering of spec/status for the rest, and its Events at the bottom. Every line terminal-safe.
import { dump } from 'js-yaml';
import type { Container, ContainerState, Deployment, KObject, Pod, Service } from './k8s.js';
import { humanDuration } from './age.js';
import { podSummary } from './printers.js';
import { formatLabelSelector } from './selector.js';
import { hasMaskedValues } from './yaml-view.js';
import { sanitize } from './sanitize.js';

type Line = [label: string, value: string] | string;
const W = 20;

function kv(out: string[], label: string, value: string | number | undefined, indent = ''): void {
  out.push(`${indent}${`${label}:`.padEnd(Math.max(W - indent.length, label.length + 2))}${value === undefined || value === '' ? '<none>' : value}`);
}

function mapLines(out: string[], label: string, m: Record<string, string> | undefined, indent = ''): void {
  const entries = Object.entries(m ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  if (entries.length === 0) return kv(out, label, '<none>', indent);
  entries.forEach(([k, v], i) => {
    const text = `${k}=${v}`;
    if (i === 0) kv(out, label, text, indent);
    else out.push(`${' '.repeat(Math.max(W, label.length + 2 + indent.length))}${text}`);
  });
}

function stateText(s: ContainerState | undefined): Line[] {
  if (!s) return [['State', 'Waiting']];
  if (s.running) return [['State', 'Running'], ['  Started', s.running.startedAt ?? '']];
  if (s.terminated) {
    const t = s.terminated;
    return [['State', 'Terminated'], ['  Reason', t.reason ?? ''], ['  Exit Code', String(t.exitCode)], ['  Finished', t.finishedAt ?? '']];
  }
  return [['State', 'Waiting'], ['  Reason', s.waiting?.reason ?? '']];
}

function containers(out: string[], title: string, list: Container[] | undefined, pod: Pod, init: boolean): void {
  if (!list || list.length === 0) return;
  out.push(`${title}:`);
  const statuses = (init ? pod.status?.initContainerStatuses : pod.status?.containerStatuses) ?? [];
  for (const c of list) {
    const st = statuses.find((s) => s.name === c.name);
    out.push(`  ${c.name}:`);
    kv(out, 'Image', c.image, '    ');
    kv(out, 'Ports', (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', '), '    ');
    if (c.command) kv(out, 'Command', c.command.join(' '), '    ');
    if (c.args) kv(out, 'Args', c.args.join(' '), '    ');
    for (const l of stateText(st?.state)) if (typeof l !== 'string') kv(out, l[0].trim(), l[1], l[0].startsWith(' ') ? '      ' : '    ');
    if (st?.lastState?.terminated) {
      const t = st.lastState.terminated;
      kv(out, 'Last State', `Terminated (${t.reason ?? 'Error'}, exit code ${t.exitCode})`, '    ');
    }
    kv(out, 'Ready', st ? (st.ready ? 'True' : 'False') : 'False', '    ');
    kv(out, 'Restart Count', st?.restartCount ?? 0, '    ');
    const env = (c.env ?? []).map((e) => `${e.name}=${e.value ?? '(from a reference)'}`);
    if (env.length === 0) kv(out, 'Environment', '<none>', '    ');
    else {
      out.push('    Environment:');
      for (const e of env) out.push(`      ${e}`);
    }
  }
}

/** A Pod's describe body, as kubectl's. */
export function describePod(obj: KObject, out: string[]): void {
  const pod = obj as Pod;
  const s = podSummary(pod);
  kv(out, 'Service Account', pod.spec?.serviceAccountName ?? 'default');
  kv(out, 'Node', pod.spec?.nodeName ? `${pod.spec.nodeName}/${pod.status?.hostIP ?? ''}` : '<none>');
  kv(out, 'Start Time', pod.status?.startTime);
  kv(out, 'Status', s.status);
  kv(out, 'IP', pod.status?.podIP);
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
  kv(out, 'Controlled By', owner ? `${owner.kind}/${owner.name}` : undefined);
  containers(out, 'Init Containers', pod.spec?.initContainers, pod, true);
  containers(out, 'Containers', pod.spec?.containers, pod, false);
  const conds = pod.status?.conditions ?? [];
  if (conds.length) {
    const w = Math.max(4, ...conds.map((c) => c.type.length)) + 2;
    out.push('Conditions:', `  ${'Type'.padEnd(w)}Status`);
    for (const c of conds) out.push(`  ${c.type.padEnd(w)}${c.status}`);
  }
}

/** A Deployment's describe body, as kubectl's. */
export function describeDeployment(obj: KObject, out: string[]): void {
  const d = obj as Deployment;
  const st = d.status ?? {};
  kv(out, 'Selector', formatLabelSelector(d.spec?.selector));
  kv(
    out,
    'Replicas',
    `${d.spec?.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable`,
  );
  kv(out, 'StrategyType', d.spec?.strategy?.type ?? 'RollingUpdate');
  const ru = d.spec?.strategy?.rollingUpdate;
  if (ru) kv(out, 'RollingUpdateStrategy', `${ru.maxUnavailable ?? '25%'} max unavailable, ${ru.maxSurge ?? '25%'} max surge`);
  const tpl = d.spec?.template;
  if (tpl) {
    out.push('Pod Template:');
    mapLines(out, 'Labels', tpl.metadata?.labels, '  ');
    containers(out, '  Containers', tpl.spec.containers, { metadata: {} }, false);
  }
  const conds = st.conditions ?? [];
  if (conds.length) {
    const w = Math.max(4, ...conds.map((c) => c.type.length)) + 2;
    out.push('Conditions:', `  ${'Type'.padEnd(w)}Status  Reason`);
    for (const c of conds) out.push(`  ${c.type.padEnd(w)}${c.status.padEnd(8)}${c.reason ?? ''}`);
  }
}

/** A Service's describe body, as kubectl's. */
export function describeService(obj: KObject, out: string[]): void {
  const s = obj as Service;
  mapLines(out, 'Selector', s.spec?.selector);
  kv(out, 'Type', s.spec?.type ?? 'ClusterIP');
  kv(out, 'IP', s.spec?.clusterIP);
  const lb = s.status?.loadBalancer?.ingress?.map((i) => i.ip ?? i.hostname).join(', ');
  if (lb) kv(out, 'LoadBalancer Ingress', lb);
  for (const p of s.spec?.ports ?? []) {
    kv(out, 'Port', `${p.name ?? '<unset>'}  ${p.port}/${p.protocol ?? 'TCP'}`);
    kv(out, 'TargetPort', `${p.targetPort ?? p.port}/${p.protocol ?? 'TCP'}`);
    if (p.nodePort) kv(out, 'NodePort', `${p.name ?? '<unset>'}  ${p.nodePort}/${p.protocol ?? 'TCP'}`);
  }
}

function generic(out: string[], label: string, value: unknown): void {
  if (value === undefined || value === null) return;
  out.push(`${label}:`);
  const text = dump(value, { noRefs: true, lineWidth: -1 }).replace(/\n$/, '');
  for (const l of text.split('\n')) out.push(`  ${l}`);
}

interface EventLike extends KObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
  source?: { component?: string };
  reportingComponent?: string;
}

function events(out: string[], list: KObject[], now: number): void {
  if (list.length === 0) {
    out.push('Events:            <none>');
    return;
  }
  const rows = (list as EventLike[]).map((e) => {
    const at = Date.parse(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '');
    const age = Number.isNaN(at) ? '<unknown>' : humanDuration(now - at);
    const count = e.count && e.count > 1 ? `${age} (x${e.count})` : age;
    return [e.type ?? '', e.reason ?? '', count, e.source?.component ?? e.reportingComponent ?? '', (e.message ?? '').replace(/\s+/g, ' ')];
  });
  const head = ['Type', 'Reason', 'Age', 'From', 'Message'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd((w[i] ?? 0) + 2))).join('')}`.trimEnd();
  out.push('Events:', fmt(head), fmt(head.map((h) => '-'.repeat(h.length))));
  for (const r of rows) out.push(fmt(r));
}

/** kubectl-describe-like lines for any object; `events` are the object's Events, oldest first. */
/** A Secret's describe body: its type and each key's size, never the values. */
export function describeSecret(obj: KObject, out: string[]): void {
  const data = (obj as KObject & { data?: Record<string, string> }).data ?? {};
  kv(out, 'Type', (obj as KObject & { type?: string }).type);
  out.push('Data', '====');
  for (const [k, v] of Object.entries(data)) out.push(`${k}:  ${Buffer.from(v, 'base64').length} bytes`);
}

/**
 * kubectl-describe-like lines for any object; `events` are the object's Events, oldest first. `body` is the
 * kind's own describer (its resources file declares it); without one every other field is dumped.
 */
export function describeLines(obj: KObject, eventList: KObject[], now: number, body?: (obj: KObject, out: string[]) => void): string[] {
  const out: string[] = [];
  const m = obj.metadata;
  kv(out, 'Name', m.name);
  if (m.namespace) kv(out, 'Namespace', m.namespace);
  mapLines(out, 'Labels', m.labels);
  const ann = Object.fromEntries(Object.entries(m.annotations ?? {}).filter(([k]) => k !== 'kubectl.kubernetes.io/last-applied-configuration'));
  mapLines(out, 'Annotations', ann);
  kv(out, 'CreationTimestamp', m.creationTimestamp);
  if (m.deletionTimestamp) kv(out, 'DeletionTimestamp', m.deletionTimestamp);
  // a Secret's values are never dumped, whatever view it is described from
  const own = body ?? (hasMaskedValues(obj) ? describeSecret : undefined);
  if (own) own(obj, out);
  else {
    const rest = obj as KObject & Record<string, unknown>;
    for (const key of Object.keys(rest)) {
      if (key === 'apiVersion' || key === 'kind' || key === 'metadata') continue;
      generic(out, key[0]?.toUpperCase() + key.slice(1), rest[key]);
    }
  }
  events(out, eventList, now);
  return out.map(sanitize);
}
