// How a simulated container behaves, chosen from its image, command/args, env and the pod's annotations
// (documented for users in src/sim/BEHAVIOUR.md). Pure: the same pod gives the same plan.

import type { Container, Pod } from '../../util/k8s.js';

export const BEHAVIOR_ANNOTATION = 'sim.kubedeck.dev/behavior';

type Behavior =
  | 'run'
  | 'complete'
  | 'fail'
  | 'crashloop'
  | 'oom'
  | 'not-ready'
  | 'slow-ready'
  | 'liveness-fail'
  | 'slow-shutdown';
const BEHAVIORS: readonly string[] = [
  'run',
  'complete',
  'fail',
  'crashloop',
  'oom',
  'not-ready',
  'slow-ready',
  'liveness-fail',
  'slow-shutdown',
];

export interface ContainerPlan {
  /** Why the image cannot be pulled (its tag is `does-not-exist`). */
  pullError?: string;
  /** How long the container runs before it exits; undefined: until it is stopped. */
  runMs?: number;
  exitCode: number;
  /** terminated.reason when it exits on its own. */
  reason: 'Completed' | 'Error' | 'OOMKilled';
  /** Until the startup probe succeeds (0 without one). */
  startupMs: number;
  /** Until the readiness probe succeeds, counted from start; undefined: never. */
  readyMs: number | undefined;
  /** The liveness probe fails this long after start (then the container is restarted). */
  livenessFailMs?: number;
  /** Time to exit after SIGTERM. */
  shutdownMs: number;
}

interface Probe {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  failureThreshold?: number;
}

const SHELL_IMAGES =
  /^(?:.*\/)?(busybox|alpine|ubuntu|debian|bash|centos|fedora|hello-world|curl|perl|python)(?::|@|$)/;
const FOREVER =
  /\bsleep\s+(?:infinity|inf)\b|\btail\s+-f\b|\bwhile\s+(?:true|:)|\bnginx\b|\bhttpd\b|\bserve\b|\bserver\b/;

/** Programs whose command line says how long they run (`sh -c 'sleep 5; exit 3'`); other programs are servers. */
const SHELLISH = new Set([
  'sh',
  'bash',
  'ash',
  'dash',
  'zsh',
  'echo',
  'sleep',
  'true',
  'false',
  'printf',
  'date',
  'cat',
  'env',
  'ls',
  'perl',
  'python',
  'python3',
]);

const envOf = (c: Container, name: string): string | undefined => c.env?.find((e) => e.name === name)?.value;
const seconds = (v: string | undefined): number | undefined => {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n * 1000 : undefined;
};

/** The image's tag ("latest" when none). */
function imageTag(image: string | undefined): string {
  const img = (image ?? '').split('@')[0] ?? '';
  const slash = img.lastIndexOf('/');
  const colon = img.lastIndexOf(':');
  return colon > slash ? img.slice(colon + 1) : 'latest';
}

/** The fully qualified reference containerd reports: docker.io/library/nginx:1.27. */
export function imageRef(image: string | undefined): string {
  const img = image ?? '';
  const first = img.split('/')[0] ?? '';
  const qualified =
    img.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const named = qualified ? img : img.includes('/') ? `docker.io/${img}` : `docker.io/library/${img}`;
  return named.includes(':', named.lastIndexOf('/')) || named.includes('@') ? named : `${named}:latest`;
}

function behaviorOf(pod: Pod, c: Container): Behavior | undefined {
  const v = envOf(c, 'SIM_BEHAVIOR') ?? pod.metadata.annotations?.[BEHAVIOR_ANNOTATION];
  return v && BEHAVIORS.includes(v) ? (v as Behavior) : undefined;
}

/** What a command line does: runs for `ms` (undefined: forever) and exits with `code`. */
function commandPlan(argv: readonly string[]): { ms: number | undefined; code: number } {
  const line = argv.join(' ');
  const exit = /\bexit\s+(\d+)/.exec(line);
  const code = exit ? Number(exit[1]) : /(^|[;&|\s])false(\s|;|$)/.test(line) ? 1 : 0;
  if (FOREVER.test(line) && !exit) return { ms: undefined, code };
  let sleep = 0;
  for (const m of line.matchAll(/\bsleep\s+(\d+(?:\.\d+)?)/g)) sleep += Number(m[1]) * 1000;
  return { ms: Math.max(1000, sleep), code };
}

/**
 * Plans of stored (frozen, hence unchanging) containers by the pod's behaviour annotation: the stages ask
 * for them on every look at a pod, and the pods of one workload share their container objects.
 */
const plans = new WeakMap<Container, Map<string, Readonly<ContainerPlan>>>();

export function planFor(pod: Pod, c: Container, init = false): ContainerPlan {
  if (!Object.isFrozen(c)) return makePlan(pod, c, init);
  const key = `${init ? 'i' : 'm'}${pod.metadata.annotations?.[BEHAVIOR_ANNOTATION] ?? ''}`;
  let byKey = plans.get(c);
  if (!byKey) plans.set(c, (byKey = new Map()));
  let plan = byKey.get(key);
  if (!plan) byKey.set(key, (plan = Object.freeze(makePlan(pod, c, init))));
  return plan as ContainerPlan;
}

function makePlan(pod: Pod, c: Container, init: boolean): ContainerPlan {
  const plan: ContainerPlan = {
    exitCode: 0,
    reason: 'Completed',
    startupMs: 0,
    readyMs: 0,
    shutdownMs: 1000,
  };
  if (imageTag(c.image) === 'does-not-exist') {
    const ref = imageRef(c.image);
    plan.pullError = `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
  }
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  const sidecar = init && c.restartPolicy === 'Always';
  const prog = (argv[0] ?? '').split('/').pop() ?? '';
  const scripted = SHELLISH.has(prog) || (SHELL_IMAGES.test(c.image ?? '') && argv.length > 0);
  if (scripted && !sidecar) {
    const cp = commandPlan(argv);
    plan.runMs = cp.ms;
    plan.exitCode = cp.code;
  } else if (!sidecar && (init || SHELL_IMAGES.test(c.image ?? ''))) plan.runMs = init ? 2000 : 1000;
  const b = behaviorOf(pod, c);
  switch (b) {
    case 'run':
      plan.runMs = undefined;
      break;
    case 'complete':
      plan.runMs = 2000;
      plan.exitCode = 0;
      break;
    case 'fail':
    case 'crashloop':
      plan.runMs = b === 'fail' ? 2000 : 3000;
      plan.exitCode = 1;
      break;
    case 'oom':
      plan.runMs = 5000;
      plan.exitCode = 137;
      plan.reason = 'OOMKilled';
      break;
    case 'slow-shutdown':
      plan.shutdownMs = Number.POSITIVE_INFINITY;
      break;
    default:
      break;
  }
  const after = seconds(envOf(c, 'SIM_EXIT_AFTER'));
  if (after !== undefined) plan.runMs = after;
  const code = envOf(c, 'SIM_EXIT_CODE');
  if (code !== undefined && /^\d+$/.test(code)) plan.exitCode = Number(code);
  if (plan.reason !== 'OOMKilled') plan.reason = plan.exitCode === 0 ? 'Completed' : 'Error';
  const shutdown = seconds(envOf(c, 'SIM_SHUTDOWN_SECONDS'));
  if (shutdown !== undefined) plan.shutdownMs = shutdown;
  const startup = c.startupProbe as Probe | undefined;
  if (startup) plan.startupMs = ((startup.initialDelaySeconds ?? 0) + (startup.periodSeconds ?? 10)) * 1000;
  const readiness = c.readinessProbe as Probe | undefined;
  if (readiness) {
    const slow = b === 'slow-ready' ? 30_000 : (seconds(envOf(c, 'SIM_READY_AFTER')) ?? 0);
    plan.readyMs =
      b === 'not-ready'
        ? undefined
        : plan.startupMs + Math.max((readiness.initialDelaySeconds ?? 0) * 1000, slow) + 1000;
  } else plan.readyMs = plan.startupMs;
  const liveness = c.livenessProbe as Probe | undefined;
  if (liveness && b === 'liveness-fail') {
    const failAfter = seconds(envOf(c, 'SIM_LIVENESS_FAIL_AFTER')) ?? 20_000;
    plan.livenessFailMs =
      plan.startupMs +
      Math.max(failAfter, (liveness.initialDelaySeconds ?? 0) * 1000) +
      (liveness.periodSeconds ?? 10) * 1000 * (liveness.failureThreshold ?? 3);
  }
  return plan;
}
