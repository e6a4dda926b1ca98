// `s` (shell) and `a` (attach) on a pod or a container, UI-free: which container, whether it can be entered
// at all (checked on a fresh copy of the pod, not the cached row), the session itself, and the one line the
// user sees afterwards. The UI only hands over the terminal.
import type { Transport } from '../../kube/transport.js';
import { fetchObject } from '../../kube/objects.js';
import { runExec, runShell } from '../../kube/exec/exec.js';
import type { ExecIo, ExecResult, ExecTarget } from '../../kube/exec/exec.js';
import { toKubeError } from '../../kube/errors.js';
import type { Container, Pod } from '../../util/k8s.js';

export type { ExecIo } from '../../kube/exec/exec.js';

export interface ShellTarget extends ExecTarget {
  /** For attach: the container was started with stdin / a TTY. */
  stdin: boolean;
  tty: boolean;
}

/** The row a shell starts from: a pod (its default container) or one of its containers. */
export interface ShellRow {
  plural: string;
  namespace: string;
  name: string;
  /** On a container row: its pod. */
  pod?: string;
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
export async function resolveShellTarget(transport: Transport, row: ShellRow): Promise<ShellTarget | string> {
  const podName = row.plural === 'containers' ? row.pod : row.name;
  if (!podName || (row.plural !== 'pods' && row.plural !== 'containers')) return 'shells open on pods and containers';
  let pod: Pod;
  try {
    pod = (await fetchObject(transport, { group: '', version: 'v1', plural: 'pods', namespace: row.namespace }, podName)) as Pod;
  } catch (e) {
    return toKubeError(e).message;
  }
  const r = chooseContainer(pod, row.plural === 'containers' ? row.name : undefined);
  if (typeof r === 'string') return r;
  const c = r.container as Container & { stdin?: boolean; tty?: boolean };
  return { namespace: row.namespace, pod: podName, container: c.name, stdin: Boolean(c.stdin), tty: Boolean(c.tty) };
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

/** An interactive shell in the target (bash, else sh). */
export async function openShell(transport: Transport, t: ShellTarget, io: ExecIo): Promise<ShellOutcome> {
  const r = await runShell(transport, t, io);
  return describeOutcome(r, `shell in ${t.pod}/${t.container}${r.shell ? ` (${r.shell})` : ''}`);
}

/** Attach to the container's main process, as it was started (stdin and TTY only if it has them). */
export async function openAttach(transport: Transport, t: ShellTarget, io: ExecIo, signal?: AbortSignal): Promise<ShellOutcome> {
  const r = await runExec(transport, { ...t, command: [], attach: true, stdin: t.stdin, tty: t.tty }, io, signal);
  if (signal?.aborted) return { message: `detached from ${t.pod}/${t.container}`, tone: 'info', ran: true };
  return describeOutcome(r, `attach to ${t.pod}/${t.container}`);
}
