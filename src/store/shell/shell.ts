// `s` (shell) and `a` (attach) on a pod or a container, UI-free: which container, whether it can be entered
// at all (checked on a fresh copy of the pod, not the cached row), the session itself, and the one line the
// user sees afterwards. The UI only hands over the terminal.
import type { Transport } from '../../kube/transport.js';
import { fetchObject } from '../../kube/objects.js';
import { SHELLS, discardExec, openExec, openShellExec, pumpExec, runShell } from '../../kube/exec/exec.js';
import type { ExecIo, ExecResult, ExecTarget } from '../../kube/exec/exec.js';
import { toKubeError } from '../../kube/errors.js';
import type { Container, Pod } from '../../util/k8s.js';
import type { ShellSpec } from '../../resources/capabilities.js';
import { pods as podKind } from '../../resources/pods.js';
import { collectionOf } from '../../resources/registry.js';

export type { ExecIo } from '../../kube/exec/exec.js';

export interface ShellTarget extends ExecTarget {
  /** For attach: the container was started with stdin / a TTY. */
  stdin: boolean;
  tty: boolean;
}

const DEFAULT_CONTAINER = 'kubectl.kubernetes.io/default-container';

/** Pick and check the container: the pod must be running and the container too. A string is why not. */
function chooseContainer(pod: Pod, wanted: string | undefined): { container: Container } | string {
  const name = pod.metadata.name ?? '';
  if (pod.metadata.deletionTimestamp) return `pod ${name} is terminating`;
  // as kubectl: a finished pod refuses; otherwise the container's own state decides (a pod's phase can
  // still say Pending for a moment after its containers started)
  const phase = pod.status?.phase ?? 'Unknown';
  if (phase === 'Succeeded' || phase === 'Failed') return `cannot exec into a container in a completed pod; current phase is ${phase}`;
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  const pick = wanted ?? pod.metadata.annotations?.[DEFAULT_CONTAINER] ?? pod.spec?.containers[0]?.name;
  const container = all.find((c) => c.name === pick);
  if (!container) return `container ${pick ?? '?'} not found in pod ${name}`;
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const st = statuses.find((s) => s.name === container.name);
  if (!st?.state?.running) {
    const why = st?.state?.waiting?.reason ?? st?.state?.terminated?.reason ?? 'not started';
    return `container ${container.name} is not running (${why})`;
  }
  return { container };
}

/** Fetch the pod and resolve the target, or a message saying why there is no shell to open. */
export async function resolveShellTarget(transport: Transport, spec: ShellSpec): Promise<ShellTarget | string> {
  let pod: Pod;
  try {
    pod = (await fetchObject(transport, collectionOf(podKind, spec.namespace), spec.pod)) as Pod;
  } catch (e) {
    return toKubeError(e).message;
  }
  const r = chooseContainer(pod, spec.container);
  if (typeof r === 'string') return r;
  const c = r.container as Container & { stdin?: boolean; tty?: boolean };
  return { namespace: spec.namespace, pod: spec.pod, container: c.name, stdin: Boolean(c.stdin), tty: Boolean(c.tty) };
}

export interface ShellOutcome {
  message: string;
  tone: 'info' | 'warn' | 'error';
  /** The session ran (the terminal was used); false when it never started. */
  ran: boolean;
}

/** The flash after a session: quiet on a clean exit, the code otherwise, the server's reason on failure. */
function describeOutcome(r: ExecResult, what: string): ShellOutcome {
  if (r.error) return { message: `${what}: ${r.error.message}`, tone: 'error', ran: r.outputBytes > 0 };
  if (r.exitCode === 0) return { message: `${what} ended`, tone: 'info', ran: true };
  if (r.exitCode !== undefined) return { message: `${what} exited with code ${r.exitCode}`, tone: 'warn', ran: true };
  return { message: `${what}: ${r.message ?? 'failed'}`, tone: 'error', ran: r.outputBytes > 0 };
}

/**
 * A session the server has accepted: its socket is open, the terminal not yet touched. `run` relays it
 * through the user's terminal; `discard` closes it when the terminal cannot be handed over.
 */
export interface PreparedSession {
  target: ShellTarget;
  /** A line for the terminal before the session starts (attach: how to detach), or ''. */
  banner: string;
  run(io: ExecIo, detach?: AbortSignal): Promise<ShellOutcome>;
  discard(): void;
}

/**
 * `s` and `a` as a service of the connection: checks the container on a fresh copy of its pod, then opens
 * the session's socket, all before the UI hands the terminal over. A refusal (RBAC forbidding pods/exec, a
 * stopped container) is a message, and the keyboard stays exactly as it was.
 */
export class ShellService {
  constructor(private readonly transport: Promise<Transport>) {}

  async prepare(kind: 'shell' | 'attach', spec: ShellSpec): Promise<PreparedSession | string> {
    let t: Transport;
    try {
      t = await this.transport;
    } catch (e) {
      return toKubeError(e).message;
    }
    const target = await resolveShellTarget(t, spec);
    if (typeof target === 'string') return target;
    const where = `${target.pod}/${target.container}`;
    if (kind === 'shell') {
      const first = await openShellExec(t, target);
      if (!first.ok && !first.result.notFound) return describeOutcome(first.result, `shell in ${where}`).message;
      const opened = first.ok ? first.exec : undefined;
      return {
        target,
        banner: '',
        run: async (io) => {
          const r = await runShell(t, target, io, SHELLS, undefined, opened);
          return describeOutcome(r, `shell in ${where}${r.shell ? ` (${r.shell})` : ''}`);
        },
        discard: () => opened && discardExec(opened),
      };
    }
    const o = await openExec(t, { ...target, command: [], attach: true, stdin: target.stdin, tty: target.tty });
    if (!o.ok) return describeOutcome(o.result, `attach to ${where}`).message;
    return {
      target,
      banner: `attached to ${where}; detach with Ctrl-P Ctrl-Q${target.stdin ? '' : ' or Ctrl-C'}\r\n`,
      run: async (io, detach) => {
        const r = await pumpExec(o.exec, io, detach);
        if (detach?.aborted) return { message: `detached from ${where}`, tone: 'info', ran: true };
        return describeOutcome(r, `attach to ${where}`);
      },
      discard: () => discardExec(o.exec),
    };
  }
}
