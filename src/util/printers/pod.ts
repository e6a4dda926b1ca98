// kubectl's printPod (pkg/printers/internalversion/printers.go, Kubernetes 1.32), over the raw object.
import { humanDuration, parseTimestamp } from '../age.js';
import type { Container, ContainerStatus, Pod, PodStatus } from '../k8s.js';

export interface PodSummary {
  /** READY cell, "ready/total" (total counts sidecar init containers). */
  ready: string;
  /** STATUS cell. */
  status: string;
  restarts: number;
  /** Epoch ms of the newest lastState.terminated.finishedAt among the counted containers. */
  lastRestartAt?: number;
}

/** Like PodSummary, with the two numbers behind READY, for callers that need them. */
export interface PodSummaryDetail extends PodSummary {
  readyCount: number;
  total: number;
}

const isSidecar = (c: Container | undefined): boolean => c?.restartPolicy === 'Always';

const hasCondition = (status: PodStatus | undefined, type: string): boolean =>
  (status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');

/** Newest of `current` and the container's last termination time (Go's `Before` on a zero time). */
function newerRestart(current: number, cs: ContainerStatus): number {
  const finished = parseTimestamp(cs.lastState?.terminated?.finishedAt);
  return Number.isFinite(finished) && (!Number.isFinite(current) || finished > current) ? finished : current;
}

function exitReason(t: { exitCode: number; signal?: number }): string {
  return t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`;
}

/** printPod's READY, STATUS and RESTARTS, exactly. */
export function podSummaryDetail(pod: Pod): PodSummaryDetail {
  const spec = pod.spec;
  const status = pod.status;
  const initSpecs = spec?.initContainers ?? [];
  let total = spec?.containers?.length ?? 0;
  let readyCount = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = Number.NaN;
  let lastSidecarRestart = Number.NaN;

  // A real API server always sets a phase; an object without one is shown as Pending.
  let reason = status?.reason || status?.phase || 'Pending';
  for (const c of status?.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initByName = new Map<string, Container>();
  for (const c of initSpecs) {
    initByName.set(c.name, c);
    if (isSidecar(c)) total++;
  }

  let initializing = false;
  const initStatuses = status?.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    if (!cs) continue;
    const sidecar = isSidecar(initByName.get(cs.name));
    restarts += cs.restartCount ?? 0;
    lastRestart = newerRestart(lastRestart, cs);
    if (sidecar) {
      sidecarRestarts += cs.restartCount ?? 0;
      lastSidecarRestart = newerRestart(lastSidecarRestart, cs);
    }
    const terminated = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready) readyCount++;
      continue;
    }
    if (terminated) {
      reason = `Init:${terminated.reason || exitReason(terminated)}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(status, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status?.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      if (!cs) continue;
      restarts += cs.restartCount ?? 0;
      lastRestart = newerRestart(lastRestart, cs);
      const state = cs.state;
      if (state?.waiting?.reason) {
        reason = state.waiting.reason;
      } else if (state?.terminated?.reason) {
        reason = state.terminated.reason;
      } else if (state?.terminated) {
        reason = exitReason(state.terminated);
      } else if (cs.ready && state?.running) {
        hasRunning = true;
        readyCount++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = hasCondition(status, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata.deletionTimestamp) {
    if (status?.reason === 'NodeLost') reason = 'Unknown';
    else if (status?.phase !== 'Succeeded' && status?.phase !== 'Failed') reason = 'Terminating';
  }

  const summary: PodSummaryDetail = { ready: `${readyCount}/${total}`, status: reason, restarts, readyCount, total };
  if (Number.isFinite(lastRestart)) summary.lastRestartAt = lastRestart;
  return summary;
}

/** printPod's READY, STATUS and RESTARTS count. */
export function podSummary(pod: Pod): PodSummary {
  const { ready, status, restarts, lastRestartAt } = podSummaryDetail(pod);
  return lastRestartAt === undefined ? { ready, status, restarts } : { ready, status, restarts, lastRestartAt };
}

/** kubectl's RESTARTS cell: "0", "3", or "3 (2m ago)" when the last restart time is known. */
export function formatRestarts(restarts: number, lastRestartAt: number | undefined, now: number): string {
  if (restarts !== 0 && lastRestartAt !== undefined && Number.isFinite(lastRestartAt)) {
    return `${restarts} (${humanDuration(now - lastRestartAt)} ago)`;
  }
  return String(restarts);
}

/** The wide cells: IP, NODE, NOMINATED NODE, READINESS GATES (kubectl prints "<none>" for empty). */
export function podWideCells(pod: Pod): { ip: string; node: string; nominatedNode: string; readinessGates: string } {
  const status = pod.status;
  const gates = pod.spec?.readinessGates ?? [];
  let readinessGates = '<none>';
  if (gates.length > 0) {
    let trueCount = 0;
    for (const gate of gates) {
      const cond = (status?.conditions ?? []).find((c) => c.type === gate.conditionType);
      if (cond?.status === 'True') trueCount++;
    }
    readinessGates = `${trueCount}/${gates.length}`;
  }
  return {
    ip: status?.podIPs?.[0]?.ip || status?.podIP || '<none>',
    node: pod.spec?.nodeName || '<none>',
    nominatedNode: status?.nominatedNodeName || '<none>',
    readinessGates,
  };
}
