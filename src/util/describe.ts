// kubectl-describe text: kubectl's own describers for the common kinds (pods and deployments in
// describe-pod.ts, services and secrets here), aligned as Go's tabwriter aligns them; a generic rendering
// of spec/status for the rest; the object's Events at the bottom. Every line terminal-safe.
import { dump } from 'js-yaml';
import type { KObject } from './k8s.js';
import { hasMaskedValues } from './yaml-view.js';
import { sanitize } from './sanitize.js';
import { tabwrite } from './tabwriter.js';
import { annotationLines, eventLines, labelLines, list, rec, rfc1123z, str, strMap } from './describe-common.js';

export { describeDeployment, describePod } from './describe-pod.js';

/** A Service, as `kubectl describe service` prints it (its Endpoints come from EndpointSlices, not known here). */
export function describeService(obj: KObject, out: string[]): void {
  const m = obj.metadata;
  const spec = rec((obj as KObject & { spec?: unknown }).spec);
  const status = rec((obj as KObject & { status?: unknown }).status);
  out.push(`Name:\t${m.name}`, `Namespace:\t${m.namespace ?? ''}`);
  labelLines(out, 'Labels', m.labels);
  annotationLines(out, 'Annotations', m.annotations);
  const sel = strMap(spec.selector);
  const selText = Object.keys(sel)
    .sort()
    .map((k) => `${k}=${sel[k] ?? ''}`)
    .join(',');
  out.push(`Selector:\t${selText || '<none>'}`, `Type:\t${str(spec.type)}`);
  if (str(spec.ipFamilyPolicy)) out.push(`IP Family Policy:\t${str(spec.ipFamilyPolicy)}`);
  out.push(`IP Families:\t${list(spec.ipFamilies).map(str).join(',') || '<none>'}`);
  out.push(`IP:\t${str(spec.clusterIP)}`, `IPs:\t${list(spec.clusterIPs).map(str).join(',') || '<none>'}`);
  if (list(spec.externalIPs).length > 0) out.push(`External IPs:\t${list(spec.externalIPs).map(str).join(',')}`);
  if (str(spec.loadBalancerIP)) out.push(`Desired LoadBalancer IP:\t${str(spec.loadBalancerIP)}`);
  if (str(spec.externalName)) out.push(`External Name:\t${str(spec.externalName)}`);
  const ingress = list(rec(status.loadBalancer).ingress).map(rec);
  if (ingress.length > 0) out.push(`LoadBalancer Ingress:\t${ingress.map((i) => `${str(i.ip) || str(i.hostname)}${str(i.ipMode) ? ` (${str(i.ipMode)})` : ''}`).join(', ')}`);
  for (const p of list(spec.ports).map(rec)) {
    const name = str(p.name) || '<unset>';
    const proto = str(p.protocol);
    out.push(`Port:\t${name}\t${str(p.port)}/${proto}`, `TargetPort:\t${str(p.targetPort) || str(p.port)}/${proto}`);
    if (typeof p.nodePort === 'number' && p.nodePort !== 0) out.push(`NodePort:\t${name}\t${p.nodePort}/${proto}`);
  }
  out.push(`Session Affinity:\t${str(spec.sessionAffinity)}`);
  if (str(spec.externalTrafficPolicy)) out.push(`External Traffic Policy:\t${str(spec.externalTrafficPolicy)}`);
  if (typeof spec.healthCheckNodePort === 'number' && spec.healthCheckNodePort !== 0) out.push(`HealthCheck NodePort:\t${spec.healthCheckNodePort}`);
  if (list(spec.loadBalancerSourceRanges).length > 0) out.push(`LoadBalancer Source Ranges:\t${list(spec.loadBalancerSourceRanges).map(str).join(',')}`);
  if (str(spec.internalTrafficPolicy)) out.push(`Internal Traffic Policy:\t${str(spec.internalTrafficPolicy)}`);
}

/** A Secret, as `kubectl describe secret` prints it: its type and each key's size, never a value (sorted keys). */
export function describeSecret(obj: KObject, out: string[]): void {
  const s = obj as KObject & { data?: Record<string, string>; type?: string };
  out.push(`Name:\t${s.metadata.name}`, `Namespace:\t${s.metadata.namespace ?? ''}`);
  labelLines(out, 'Labels', s.metadata.labels);
  annotationLines(out, 'Annotations', s.metadata.annotations);
  out.push('', `Type:\t${s.type ?? ''}`, '', 'Data', '====');
  for (const k of Object.keys(s.data ?? {}).sort()) out.push(`${k}:\t${Buffer.from(s.data?.[k] ?? '', 'base64').length} bytes`);
}

function generic(out: string[], label: string, value: unknown): void {
  if (value === undefined || value === null) return;
  out.push(`${label}:`);
  const text = dump(value, { noRefs: true, lineWidth: -1 }).replace(/\n$/, '');
  for (const l of text.split('\n')) out.push(`  ${l.replace(/\t/g, ' ')}`);
}

/** Kinds without a describer of their own: the metadata kubectl shows for every kind, then every other field. */
function describeGeneric(obj: KObject, out: string[]): void {
  const m = obj.metadata;
  out.push(`Name:\t${m.name}`);
  if (m.namespace) out.push(`Namespace:\t${m.namespace}`);
  labelLines(out, 'Labels', m.labels);
  annotationLines(out, 'Annotations', m.annotations);
  out.push(`CreationTimestamp:\t${rfc1123z(m.creationTimestamp)}`);
  if (m.deletionTimestamp) out.push(`DeletionTimestamp:\t${rfc1123z(m.deletionTimestamp)}`);
  const rest = obj as KObject & Record<string, unknown>;
  for (const key of Object.keys(rest)) {
    if (key === 'apiVersion' || key === 'kind' || key === 'metadata') continue;
    generic(out, key[0]?.toUpperCase() + key.slice(1), rest[key]);
  }
}

/**
 * `kubectl describe` lines for any object; `events` are the object's Events, oldest first. `body` is the
 * kind's own describer (its resources file declares it); without one every other field is dumped. A
 * Secret's values are never shown, whatever view it is described from; like kubectl, a Secret has no Events.
 */
export function describeLines(obj: KObject, events: KObject[], now: number, body?: (obj: KObject, out: string[]) => void): string[] {
  const own = body ?? (hasMaskedValues(obj) ? describeSecret : describeGeneric);
  const out: string[] = [];
  own(obj, out);
  // kubectl flushes its tabwriter before a table of Events, not before `Events: <none>`
  if (own !== describeSecret && events.length === 0) out.push(...eventLines(events, now));
  const lines = tabwrite(out);
  if (own !== describeSecret && events.length > 0) lines.push(...tabwrite(eventLines(events, now)));
  return lines.map(sanitize);
}
