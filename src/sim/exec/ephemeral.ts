// The process of an interactive ephemeral container (`kubectl debug -it … -- sh`: spec stdin true):
// started by the first attach to it, fed by every attach session's stdin, its output sent to each of
// them. It outlives a session that detaches; when it exits, the sessions end (with success, as the
// kubelet's attach does) and the container is marked terminated in the pod's status, as the kubelet would see it exit.
// Ephemeral containers that do not read stdin end on their own (src/sim/stages/pod-ephemeral.ts).

import { StringDecoder } from 'node:string_decoder';
import type { WebSocket } from 'ws';
import type { Container, ContainerStatus, Pod } from '../../util/k8s.js';
import { statusOf } from '../logs/select.js';
import { PODS } from '../resources.js';
import type { StreamDeps } from './deps.js';
import { onFrames, sendStatus } from './exec-session.js';
import type { FrameWriter } from './frame-writer.js';
import { CLOSE, RESIZE, STDIN, exitStatus, frame, parseResize } from './protocol.js';
import { startProcess } from './shell/process.js';
import type { ExecProcess } from './shell/process.js';
import { watchInstance } from './instance.js';
import { buildWorld } from './world.js';
import type { Lookup } from './world.js';

type EphemeralSpec = Container & { stdin?: boolean; tty?: boolean };

interface Session {
  out: FrameWriter;
  protocol: string;
}

interface Running {
  proc: ExecProcess;
  sessions: Set<Session>;
  unwatch: () => void;
}

export interface EphemeralProcesses {
  /** Attach a session when `container` is an interactive ephemeral container; false otherwise. */
  attach(
    ws: WebSocket,
    out: FrameWriter,
    protocol: string,
    pod: Pod,
    container: Container,
    lookup: Lookup,
  ): boolean;
  close(): void;
}

const specOf = (pod: Pod, name: string): EphemeralSpec | undefined =>
  (pod.spec as { ephemeralContainers?: EphemeralSpec[] } | undefined)?.ephemeralContainers?.find(
    (c) => c.name === name,
  );

export function ephemeralProcesses(deps: StreamDeps): EphemeralProcesses {
  const live = new Map<string, Running>();

  /** What the kubelet writes when the container's process ends. */
  function markTerminated(pod: Pod, name: string, startedAt: string | undefined, code: number): void {
    const cur = deps.storage.get(PODS, pod.metadata.namespace, pod.metadata.name ?? '') as Pod | undefined;
    if (!cur || cur.metadata.uid !== pod.metadata.uid) return;
    const next = structuredClone(cur);
    const cs = (
      next.status as { ephemeralContainerStatuses?: ContainerStatus[] } | undefined
    )?.ephemeralContainerStatuses?.find((s) => s.name === name);
    if (!cs?.state?.running || cs.state.running.startedAt !== startedAt) return;
    const finishedAt = new Date(deps.scheduler.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    cs.state = {
      terminated: {
        exitCode: code,
        reason: code === 0 ? 'Completed' : 'Error',
        startedAt,
        finishedAt,
        containerID: cs.containerID,
      } as NonNullable<NonNullable<ContainerStatus['state']>['terminated']>,
    };
    try {
      deps.storage.update(PODS, next);
    } catch {
      // the pod changed or went away meanwhile: nothing left to mark
    }
  }

  function start(
    key: string,
    pod: Pod,
    spec: EphemeralSpec,
    lookup: Lookup,
    first: Session,
  ): Running | undefined {
    const startedAt = statusOf(pod, spec.name)?.state?.running?.startedAt;
    const argv = [...(spec.command ?? []), ...(spec.args ?? [])];
    const command = argv.length > 0 ? argv : ['sh'];
    // the first session sees what the process writes as it starts (a shell's prompt)
    const sessions = new Set<Session>([first]);
    const endSessions = (): void => {
      // the kubelet's attach ends with success whatever the exit code (kubectl attach does not report it)
      for (const s of sessions) if (s.out.open()) sendStatus(s.out, s.protocol, exitStatus([spec.name], 0));
      sessions.clear();
    };
    let unwatch = (): void => undefined;
    const started = startProcess(
      buildWorld(pod, spec, lookup, spec.tty === true),
      command,
      { tty: spec.tty === true },
      {
        clock: deps.scheduler,
        write: (ch, data) => {
          for (const s of sessions) if (s.out.open()) s.out.send(frame(ch, data));
        },
        exit: (code) => {
          unwatch();
          live.delete(key);
          endSessions();
          markTerminated(pod, spec.name, startedAt, code);
        },
      },
    );
    if ('error' in started) {
      markTerminated(pod, spec.name, startedAt, 127);
      return undefined;
    }
    const r: Running = { proc: started, sessions, unwatch: () => unwatch() };
    live.set(key, r);
    // the pod deleted or the container ended some other way: the process goes with it
    unwatch = watchInstance(deps.storage, pod, spec.name, () => {
      live.delete(key);
      started.kill();
      endSessions();
    });
    return r;
  }

  return {
    attach(ws, out, protocol, pod, container, lookup) {
      const spec = specOf(pod, container.name);
      if (!spec?.stdin) return false;
      const key = `${pod.metadata.uid ?? ''}/${spec.name}/${statusOf(pod, spec.name)?.state?.running?.startedAt ?? ''}`;
      const session: Session = { out, protocol };
      const r = live.get(key) ?? start(key, pod, spec, lookup, session);
      if (!r) {
        sendStatus(out, protocol, exitStatus([spec.name], 127));
        return true;
      }
      r.sessions.add(session);
      const utf8 = new StringDecoder('utf8');
      onFrames(ws, (ch, body) => {
        if (ch === STDIN) r.proc.stdin(utf8.write(body));
        else if (ch === RESIZE) {
          const size = parseResize(body);
          if (size) r.proc.resize(size);
        } else if (ch === CLOSE && body[0] === STDIN && !spec.tty) r.proc.stdinEnd();
      });
      ws.on('close', () => r.sessions.delete(session));
      return true;
    },
    close() {
      for (const r of live.values()) {
        r.unwatch();
        r.proc.kill();
      }
      live.clear();
    },
  };
}
