// Deterministic container logs. One container instance (a start of a container: instance number =
// its restartCount then) writes a sequence of lines; line i is a pure function of (seed, pod namespace/
// name/uid, container name, instance, i) plus the instance's start and end times from its status, so
// `previous` (the last terminated instance) reads back exactly as it was followed.
//
// What a container writes depends on what it runs (first match wins):
//   shell/echo commands (`sh -c "echo hi; sleep 5"`, busybox-like images)  → the echo output (script.ts)
//   env LOG_FORMAT=json                                                     → JSON lines (app.ts)
//   nginx/httpd/envoy/web/frontend images, or ports 80/443/8080/8443        → access logs (web.ts)
//   anything else                                                           → plain app lines (app.ts)
// An instance opens with a start-up banner, then writes at a rate (lines/s: web 1, JSON 0.5, plain 0.2;
// the pod annotation `sim.kubedeck.dev/log-rate` or container env SIM_LOG_RATE overrides it, e.g.
// "10000" for benchmarks), and when it has ended its last words follow: a stack trace after a crash
// (non-zero exit), shutdown lines after exit 0/SIGTERM/SIGKILL, nothing after OOMKilled.
//
// Times are offsets in ns from the instance's start (ms precision in the status), so 10k lines/s keep
// distinct, increasing timestamps.

import type { Container, ContainerStateRunning, ContainerStateTerminated, Pod } from '../../util/k8s.js';
import { LineRng, hashString } from './hash.js';
import type { LineCtx } from './context.js';
import { webLine, nginxBanner, nginxEnd } from './web.js';
import type { WebFlavor } from './web.js';
import { crashTrace, formatJson, formatPlain, jsonLine, plainLine, runtimeOf, startup } from './app.js';
import { DATE, runScript, scriptOf } from './script.js';
import type { ScriptLog } from './script.js';

const LOG_RATE_ANNOTATION = 'sim.kubedeck.dev/log-rate';
export type LogStyle = 'script' | 'json' | 'web' | 'plain';

export interface LogLine {
  /** Epoch ms of the line, and the ns within that ms. */
  ms: number;
  ns: number;
  text: string;
}

/** One run of a container: what the status says about it (running or terminated state). */
export interface InstanceInput {
  pod: Pod;
  container: Container;
  state: ContainerStateRunning | ContainerStateTerminated;
  instance: number;
  seed: number;
}

interface Timed {
  off: number; // ns from start
  text: string;
}

export interface LogInstance {
  readonly style: LogStyle;
  /** Lines per second of the steady part (0: none). */
  readonly rate: number;
  readonly startMs: number;
  /** When the instance ended (finishedAt); undefined while it runs. */
  readonly endMs: number | undefined;
  readonly ctx: LineCtx;
  readonly base: number;
  readonly head: readonly Timed[];
  readonly trailer: readonly string[];
  readonly steady: ((rng: LineRng, ctx: LineCtx, ms: number) => string) | undefined;
  readonly loop: ScriptLog['loop'];
  readonly intervalNs: number;
  readonly steadyFromNs: number;
}

const MS = 1e6;
const SHELL_IMAGE =
  /^(?:.*\/)?(busybox|alpine|ubuntu|debian|bash|centos|fedora|hello-world|curl|perl|python)(?::|@|$)/;
const UTILITIES = new Set(['sleep', 'true', 'false', 'tail', 'cat', 'env', 'date', 'ls']);
const WEB_IMAGE = /nginx|httpd|apache|envoy|caddy|traefik|haproxy|frontend|web|ui\b|gateway|ingress/;
const WEB_PORTS = new Set([80, 443, 8080, 8443]);

const envOf = (c: Container, name: string): string | undefined => c.env?.find((e) => e.name === name)?.value;

function imageName(image: string | undefined): string {
  const noDigest = (image ?? '').split('@')[0] ?? '';
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const name = colon > slash ? noDigest.slice(0, colon) : noDigest;
  const first = name.split('/')[0] ?? '';
  return first.includes('.') || first.includes(':') ? name.slice(first.length + 1) : name;
}

function tagOf(image: string | undefined): string {
  const img = (image ?? '').split('@')[0] ?? '';
  const colon = img.lastIndexOf(':');
  return colon > img.lastIndexOf('/') ? img.slice(colon + 1) : 'latest';
}

function ctxOf(pod: Pod, c: Container): LineCtx {
  const image = imageName(c.image);
  const podIP = pod.status?.podIP ?? '10.244.0.10';
  const probes = [c.readinessProbe, c.livenessProbe, c.startupProbe] as (
    { httpGet?: { path?: string } } | undefined
  )[];
  return {
    pod: pod.metadata.name ?? '',
    namespace: pod.metadata.namespace ?? 'default',
    container: c.name,
    image,
    app: image.split('/').pop() ?? c.name,
    version: tagOf(c.image),
    port: c.ports?.[0]?.containerPort ?? 8080,
    podIP,
    probePaths: probes.flatMap((p) => (p?.httpGet?.path ? [p.httpGet.path] : [])),
    subnet: Number(podIP.split('.')[2] ?? 0) || 0,
  };
}

/** How this container logs: script output, JSON, access logs or plain lines. */
export function styleOf(c: Container): { style: LogStyle; script?: string } {
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  const prog = (argv[0] ?? '').split('/').pop() ?? '';
  const script = scriptOf(argv);
  const shellImage = SHELL_IMAGE.test(c.image ?? '');
  // `sh -c "exec /app/server"` on an application image is that application, not a script
  const prints = script !== undefined && /\b(echo|printf|date|hostname)\b/.test(script);
  if (prints || UTILITIES.has(prog) || shellImage) return { style: 'script', script: script ?? '' };
  if (envOf(c, 'LOG_FORMAT')?.toLowerCase() === 'json') return { style: 'json' };
  if (WEB_IMAGE.test(imageName(c.image)) || (c.ports ?? []).some((p) => WEB_PORTS.has(p.containerPort)))
    return { style: 'web' };
  return { style: 'plain' };
}

/** Lines per second for a style, or the override from the annotation / SIM_LOG_RATE. */
function rateOf(pod: Pod, c: Container, style: LogStyle): number {
  const raw = envOf(c, 'SIM_LOG_RATE') ?? pod.metadata.annotations?.[LOG_RATE_ANNOTATION];
  const n = raw === undefined ? Number.NaN : Number(raw);
  if (Number.isFinite(n) && n > 0) return Math.min(n, 100_000);
  return style === 'web' ? 1 : style === 'json' ? 0.5 : style === 'plain' ? 0.2 : 0;
}

function flavorOf(image: string): WebFlavor {
  if (/nginx/.test(image)) return 'nginx';
  if (/httpd|apache/.test(image)) return 'httpd';
  if (/envoy/.test(image)) return 'envoy';
  return 'app';
}

const parseTime = (s: string | undefined, fallback: number): number => {
  const t = s ? Date.parse(s) : Number.NaN;
  return Number.isNaN(t) ? fallback : t;
};

/** Describe one instance of a container, ready for `lineAt` and `lineCount`. */
export function openInstance(input: InstanceInput): LogInstance {
  const { pod, container: c, state, instance, seed } = input;
  const ctx = ctxOf(pod, c);
  const who = `${ctx.namespace}/${ctx.pod}/${pod.metadata.uid ?? ''}/${c.name}`;
  const base = hashString(`${who}#${instance}`, seed);
  const cause = hashString(who, seed);
  const startMs = parseTime(state.startedAt, 0);
  const term = 'exitCode' in state ? state : undefined;
  const endMs = term ? Math.max(startMs, parseTime(term.finishedAt, startMs)) : undefined;
  const { style, script } = styleOf(c);
  const rate = rateOf(pod, c, style);
  let head: Timed[];
  let trailer: string[] = [];
  let steady: LogInstance['steady'];
  let loop: ScriptLog['loop'];
  const at = (k: number): number => (5 + 2 * k) * MS;
  if (style === 'script') {
    const vars: Record<string, string> = { HOSTNAME: ctx.pod };
    for (const e of c.env ?? []) if (e.value !== undefined) vars[e.name] = e.value;
    const out = runScript(script ?? '', vars);
    // finishedAt has whole seconds, and the script's statements take 1 ms each: what a script that ended
    // wrote within that last second is its last words (`echo a; sleep 1; echo boom; exit 1` ends with boom)
    const endOff = endMs === undefined ? undefined : (endMs - startMs) * MS;
    head = out.lines.map((l) => {
      const off = (l.atMs + 1) * MS;
      return {
        off: endOff !== undefined && off > endOff && off < endOff + 1000 * MS ? endOff : off,
        text: l.text,
      };
    });
    loop = out.loop;
  } else {
    const flavor = flavorOf(ctx.image);
    if (style === 'web' && flavor === 'nginx')
      head = nginxBanner(ctx, startMs).map((text, k) => ({ off: at(k), text }));
    else
      head = startup(ctx).map(([level, msg, fields], k) => ({
        off: at(k),
        text:
          style === 'json'
            ? formatJson(startMs + 5 + 2 * k, level, msg, fields)
            : formatPlain(startMs + 5 + 2 * k, level, 'main', msg),
      }));
    steady =
      style === 'web' ? (r, x, ms) => webLine(flavor, r, x, ms) : style === 'json' ? jsonLine : plainLine;
    if (term && endMs !== undefined) trailer = lastWords(style, flavor, ctx, term, endMs, cause);
  }
  const intervalNs = rate > 0 ? 1e9 / rate : 0;
  const steadyFromNs = (head[head.length - 1]?.off ?? 0) + Math.max(intervalNs, MS);
  return { style, rate, startMs, endMs, ctx, base, head, trailer, steady, loop, intervalNs, steadyFromNs };
}

function lastWords(
  style: LogStyle,
  flavor: WebFlavor,
  ctx: LineCtx,
  term: ContainerStateTerminated,
  endMs: number,
  cause: number,
): string[] {
  if (term.reason === 'OOMKilled') return [];
  const crashed = term.exitCode !== 0 && term.exitCode !== 137 && term.exitCode !== 143;
  if (style === 'web' && (flavor === 'nginx' || flavor === 'httpd')) return nginxEnd(ctx, endMs, crashed);
  if (!crashed) {
    const msgs = ['received SIGTERM, shutting down', 'draining connections', 'shutdown complete'];
    return msgs.map((m) =>
      style === 'json' ? formatJson(endMs, 'info', m) : formatPlain(endMs, 'info', 'main', m),
    );
  }
  const trace = crashTrace(runtimeOf(ctx.image, cause), ctx, cause >>> 3);
  const first = trace.find((l) => /Error|Exception|panic/.test(l)) ?? trace[0] ?? 'fatal error';
  const lead =
    style === 'json'
      ? formatJson(endMs, 'error', 'fatal error, exiting', { error: first.trim() })
      : formatPlain(endMs, 'error', 'main', 'Application run failed');
  return [lead, ...trace];
}

/** Offset in ns from the start of steady line j (before the end cut). */
function steadyOff(inst: LogInstance, j: number): number {
  if (inst.loop) {
    const n = inst.loop.body.length;
    const k = j % n;
    const it = (j - k) / n;
    return (inst.loop.startMs + it * inst.loop.periodMs + (inst.loop.body[k]?.atMs ?? 0) + 1) * MS;
  }
  const jitter = Math.floor(new LineRng(inst.base ^ 0x5bd1e995, j).next() * inst.intervalNs * 0.8);
  return inst.steadyFromNs + j * inst.intervalNs + jitter;
}

const hasSteady = (inst: LogInstance): boolean =>
  inst.loop ? inst.loop.body.length > 0 : inst.intervalNs > 0;

/** How many steady lines have an offset ≤ `offNs`. */
function steadyCount(inst: LogInstance, offNs: number): number {
  if (!hasSteady(inst) || offNs < steadyOff(inst, 0)) return 0;
  let lo = 0; // steadyOff(lo) <= offNs
  let hi = 1;
  while (steadyOff(inst, hi) <= offNs) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (steadyOff(inst, mid) <= offNs) lo = mid;
    else hi = mid;
  }
  return lo + 1;
}

/** Lines written by epoch time `atMs` (all of them, last words included, once the instance ended). */
export function lineCount(inst: LogInstance, atMs: number): number {
  const endOff = inst.endMs === undefined ? Number.POSITIVE_INFINITY : (inst.endMs - inst.startMs) * MS;
  const off = Math.min((atMs - inst.startMs) * MS, endOff);
  if (off < 0) return 0;
  let n = 0;
  while (n < inst.head.length && (inst.head[n]?.off ?? 0) <= off) n++;
  if (n === inst.head.length) n += steadyCount(inst, off);
  return atMs >= (inst.endMs ?? Number.POSITIVE_INFINITY) ? n + inst.trailer.length : n;
}

/** Offset (ns from start) of line i; last words are at the end time. */
function offsetOf(
  inst: LogInstance,
  i: number,
): { off: number; part: 'head' | 'steady' | 'trailer'; k: number } {
  if (i < inst.head.length) return { off: inst.head[i]?.off ?? 0, part: 'head', k: i };
  const endOff = inst.endMs === undefined ? undefined : (inst.endMs - inst.startMs) * MS;
  const j = i - inst.head.length;
  const steady = endOff === undefined ? Number.POSITIVE_INFINITY : steadyCount(inst, endOff);
  if (j < steady) return { off: steadyOff(inst, j), part: 'steady', k: j };
  return { off: endOff ?? 0, part: 'trailer', k: j - steady };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function dateCmd(ms: number): string {
  const d = new Date(ms);
  const hms = d.toISOString().slice(11, 19);
  return `${DAYS[d.getUTCDay()] ?? ''} ${MONTHS[d.getUTCMonth()] ?? ''} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms} UTC ${d.getUTCFullYear()}`;
}

/** Line i of the instance (0-based, i < lineCount(inst, …)). */
export function lineAt(inst: LogInstance, i: number): LogLine {
  const { off, part, k } = offsetOf(inst, i);
  const ms = inst.startMs + Math.floor(off / MS);
  const ns = Math.floor(off % MS);
  let text: string;
  if (part === 'head') text = inst.head[k]?.text ?? '';
  else if (part === 'trailer') text = inst.trailer[k] ?? '';
  else if (inst.loop) text = inst.loop.body[k % inst.loop.body.length]?.text ?? '';
  else text = inst.steady ? inst.steady(new LineRng(inst.base, i), inst.ctx, ms) : '';
  if (text.includes(DATE)) text = text.split(DATE).join(dateCmd(ms));
  return { ms, ns, text };
}

/** The index of the first line written at or after epoch time `ms` (for sinceTime/sinceSeconds). */
export function firstLineAtOrAfter(inst: LogInstance, ms: number): number {
  return ms <= inst.startMs ? 0 : lineCount(inst, ms - 1e-6);
}

/** Will line i ever be written (by this instance as the status now describes it)? */
export function hasLine(inst: LogInstance, i: number): boolean {
  if (inst.endMs !== undefined) return i < lineCount(inst, inst.endMs);
  return i < inst.head.length || hasSteady(inst);
}
