// Resource usage of simulated containers and nodes, as metrics-server would report it: a pure function
// of the seed, the object and the time. Each running container uses a stable share of what it asks for
// (its requests, else its limits, else a small default), drifting slowly (a 10-minute wave plus a little
// noise per 15 s scrape), memory growing with uptime towards its limit (fast for `oom` containers);
// containers that are not running use nothing and are left out. A node uses what its pods use plus the
// system's own overhead (kubelet, container runtime).

import type { Container, KObject, Pod } from '../../util/k8s.js';
import { cpuMillis, memoryBytes } from '../../util/quantity.js';
import { BEHAVIOR_ANNOTATION } from '../kubelet/behaviour.js';
import { hash32 } from '../rng.js';

/** metrics-server's scrape resolution: values and timestamps change every 15 s. */
const SCRAPE_MS = 15_000;
export const WINDOW = '30s';

export interface Usage {
  /** CPU in nanocores. */
  cpu: number;
  /** Memory (working set) in bytes. */
  memory: number;
}

/** A number in [0, 1) from a string and the seed. */
const unit = (seed: number, s: string): number => hash32(s, seed) / 4294967296;

/** The scrape time a reading at `now` belongs to. */
export const scrapeTime = (now: number): number => Math.floor(now / SCRAPE_MS) * SCRAPE_MS;

const MI = 1024 * 1024;

function behaviour(pod: Pod, c: Container): string {
  const env = c.env?.find((e) => e.name === 'SIM_BEHAVIOR')?.value;
  return env ?? pod.metadata.annotations?.[BEHAVIOR_ANNOTATION] ?? 'run';
}

/**
 * Quantities parsed once per distinct text: thousands of pods ask for the same few ("100m", "128Mi"), and a
 * list of 100,000 pods' metrics parsed them afresh per container (a third of its time). Bounded.
 */
const cpuAsked = new Map<string, number>();
const memAsked = new Map<string, number>();
function parsedOnce(cache: Map<string, number>, q: string, parse: (q: string) => number): number {
  let v = cache.get(q);
  if (v === undefined) {
    if (cache.size >= 1024) cache.clear();
    cache.set(q, (v = parse(q)));
  }
  return v;
}

/** A running container's usage at scrape time `t` (ms), `startedAt` its start (ms). */
function containerUsage(seed: number, pod: Pod, c: Container, startedAt: number, t: number): Usage {
  const key = `${pod.metadata.uid ?? pod.metadata.name ?? ''}/${c.name}`;
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  const cpuAsk = parsedOnce(cpuAsked, req['cpu'] ?? lim['cpu'] ?? '', cpuMillis) || 20 + 80 * unit(seed, `${key}/cpu-base`);
  const memAsk =
    parsedOnce(memAsked, req['memory'] ?? lim['memory'] ?? '', memoryBytes) || (24 + 40 * unit(seed, `${key}/mem-base`)) * MI;
  const memLimit = parsedOnce(memAsked, lim['memory'] ?? '', memoryBytes) || Infinity;
  const share = 0.15 + 0.6 * unit(seed, `${key}/share`);
  const phase = 2 * Math.PI * unit(seed, `${key}/phase`);
  const wave = 1 + 0.3 * Math.sin((2 * Math.PI * t) / 600_000 + phase);
  const noise = 0.95 + 0.1 * unit(seed, `${key}/${t}`);
  const up = Math.max(0, t - startedAt);
  const kind = behaviour(pod, c);
  const startup = up < 10_000 ? 1.8 : 1; // start-up burst
  const cpuMilli = Math.max(0.5, cpuAsk * share * wave * noise * startup * (kind === 'not-ready' ? 0.3 : 1));
  let memory: number;
  if (kind === 'oom' && Number.isFinite(memLimit)) memory = memLimit * Math.min(0.98, 0.4 + up / 6_000);
  else {
    const base = memAsk * (0.3 + 0.45 * unit(seed, `${key}/mem-share`));
    const growth = 1 + 0.15 * Math.min(1, up / 3_600_000); // caches warm up over an hour
    memory = Math.min(base * growth * (0.98 + 0.04 * unit(seed, `${key}/m/${t}`)), memLimit * 0.95);
  }
  return { cpu: Math.round(cpuMilli * 1e6), memory: Math.round(memory) };
}

interface ContainerStatusLike {
  name: string;
  state?: { running?: { startedAt?: string } };
}

/** Usage of each running container of `pod` at `now`, or undefined when the pod reports none. */
export function podUsage(seed: number, pod: Pod, now: number): { name: string; usage: Usage }[] | undefined {
  if (pod.status?.phase !== 'Running' || pod.metadata.deletionTimestamp) return undefined;
  const t = scrapeTime(now);
  const out: { name: string; usage: Usage }[] = [];
  const statuses = (pod.status.containerStatuses ?? []) as ContainerStatusLike[];
  for (const c of pod.spec?.containers ?? []) {
    const st = statuses.find((s) => s.name === c.name)?.state?.running;
    if (!st) continue;
    const startedAt = Date.parse(st.startedAt ?? '');
    out.push({
      name: c.name,
      usage: containerUsage(seed, pod, c, Number.isNaN(startedAt) ? t : startedAt, t),
    });
  }
  return out.length ? out : undefined;
}

/** A node's usage: its pods' plus the system's own, or undefined when the node is not Ready. */
export function nodeUsage(seed: number, node: KObject, pods: readonly Pod[], now: number): Usage | undefined {
  const conds = (node as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions;
  if (conds?.find((c) => c.type === 'Ready')?.status !== 'True') return undefined;
  const t = scrapeTime(now);
  const name = node.metadata.name ?? '';
  const total: Usage = {
    cpu: Math.round((60 + 60 * unit(seed, `${name}/sys`) + 10 * unit(seed, `${name}/${t}`)) * 1e6),
    memory: Math.round((550 + 300 * unit(seed, `${name}/sysmem`)) * MI),
  };
  for (const p of pods) {
    if (p.spec?.nodeName !== name) continue;
    for (const c of podUsage(seed, p, now) ?? []) {
      total.cpu += c.usage.cpu;
      total.memory += c.usage.memory;
    }
  }
  return total;
}

/** Quantities as metrics-server writes them: CPU in nanocores ("12345678n"), memory in Ki ("52340Ki"). */
export const cpuQuantity = (nanocores: number): string => `${Math.round(nanocores)}n`;
export const memoryQuantity = (bytes: number): string => `${Math.round(bytes / 1024)}Ki`;
