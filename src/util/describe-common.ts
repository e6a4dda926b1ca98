// The pieces kubectl's describers share (k8s.io/kubectl/pkg/describe), writing tab-separated lines that
// `tabwrite` aligns as Go's tabwriter does: labels, annotations, tolerations, times, Events.
import { humanDuration } from './age.js';

export type J = Record<string, unknown>;

export const rec = (x: unknown): J => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as J) : {});
export const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
export const str = (x: unknown): string => (typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : '');
export const strMap = (x: unknown): Record<string, string> => Object.fromEntries(Object.entries(rec(x)).map(([k, v]) => [k, str(v)]));
export const L = (level: number, text: string): string => '  '.repeat(level) + text;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** Go's time.RFC1123Z in the local zone, as kubectl prints times: `Thu, 03 Dec 2026 22:57:37 +0000`. */
export function rfc1123z(ts: unknown): string {
  const ms = Date.parse(str(ts));
  if (Number.isNaN(ms)) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  const zone = `${off < 0 ? '-' : '+'}${two(Math.trunc(Math.abs(off) / 60))}${two(Math.abs(off) % 60)}`;
  return `${DAYS[d.getDay()]}, ${two(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${zone}`;
}

/** printLabelsMultilineWithIndent: `Labels:\tk=v`, then `\tk=v` per further label, sorted. */
export function labelLines(out: string[], title: string, labels: Record<string, string> | undefined, indent = ''): void {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return void out.push(`${indent}${title}:\t<none>`);
  keys.forEach((k, i) => out.push(`${i === 0 ? `${indent}${title}:` : indent}\t${k}=${labels?.[k] ?? ''}`));
}

const MAX_ANNOTATION = 140;
const shorten = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}...` : s);

/** printAnnotationsMultiline: `key: value`, long or multi-line values below their key; last-applied skipped. */
export function annotationLines(out: string[], title: string, annotations: Record<string, string> | undefined): void {
  const keys = Object.keys(annotations ?? {})
    .filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration')
    .sort();
  if (keys.length === 0) return void out.push(`${title}:\t<none>`);
  keys.forEach((k, i) => {
    const head = i === 0 ? `${title}:\t` : '\t';
    const value = (annotations?.[k] ?? '').replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION || value.includes('\n')) {
      out.push(`${head}${k}:`);
      for (const s of value.split('\n')) out.push(`\t  ${shorten(s, MAX_ANNOTATION - 2)}`);
    } else out.push(`${head}${k}: ${value}`);
  });
}

/** printTolerationsMultilineWithIndent. */
export function tolerationLines(out: string[], title: string, tolerations: unknown, indent = ''): void {
  const ts = list(tolerations).map(rec);
  if (ts.length === 0) return void out.push(`${indent}${title}:\t<none>`);
  ts.forEach((t, i) => {
    let s = str(t.key);
    if (str(t.value)) s += `=${str(t.value)}`;
    if (str(t.effect)) s += `:${str(t.effect)}`;
    if (str(t.operator) === 'Exists' && !str(t.value)) s += str(t.key) || str(t.effect) ? ' op=Exists' : 'op=Exists';
    if (typeof t.tolerationSeconds === 'number') s += ` for ${t.tolerationSeconds}s`;
    out.push(`${i === 0 ? `${indent}${title}:` : indent}\t${s}`);
  });
}

const since = (ts: unknown, now: number): string => {
  const t = Date.parse(str(ts));
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
};

/** DescribeEvents: its own aligned block (kubectl flushes before it). `events` oldest first. */
export function eventLines(events: readonly unknown[], now: number): string[] {
  if (events.length === 0) return ['Events:\t<none>'];
  const out = ['Events:', '  Type\tReason\tAge\tFrom\tMessage', L(1, '----\t------\t----\t----\t-------')];
  for (const x of events) {
    const e = rec(x);
    const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp ?? rec(e.metadata).creationTimestamp, now);
    const series = rec(e.series);
    const count = typeof e.count === 'number' ? e.count : 0;
    const interval = e.series
      ? `${since(series.lastObservedTime, now)} (x${str(series.count)} over ${first})`
      : count > 1
        ? `${since(e.lastTimestamp, now)} (x${count} over ${first})`
        : first;
    const source = str(rec(e.source).component) || str(e.reportingController) || str(e.reportingComponent);
    out.push(L(1, `${str(e.type)}\t${str(e.reason)}\t${interval}\t${source}\t${str(e.message).trim()}`));
  }
  return out;
}
