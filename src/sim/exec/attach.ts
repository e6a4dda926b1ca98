// attach: the container's main process as a stream. What it writes are its log lines (the same lines
// pods/log serves): with a tty the last two lines written so far, then new ones, with typed input
// echoed by the terminal; without a tty only new lines, stdout. The session ends when the client goes
// away, or when that instance of the container ends (with its exit status on channel 3).

import type { WebSocket } from 'ws';
import type { Container, Pod } from '../../util/k8s.js';
import { hasLine, lineAt, lineCount, openInstance } from '../logs/generator.js';
import type { LogInstance } from '../logs/generator.js';
import { statusOf } from '../logs/select.js';
import type { TimerHandle } from '../scheduler.js';
import { onFrames, sendStatus } from './exec-session.js';
import { watchInstance } from './instance.js';
import { CLOSE, STDIN, STDOUT, exitStatus, frame } from './protocol.js';
import { LineDiscipline, onlcr } from './shell/tty.js';
import type { StreamDeps } from './deps.js';
import type { FrameWriter } from './frame-writer.js';

export interface AttachRequest {
  pod: Pod;
  container: Container;
  stdin: boolean;
  tty: boolean;
}

const MIN_TICK_MS = 100;
const MAX_TICK_MS = 2000;

export function runAttach(
  ws: WebSocket,
  out: FrameWriter,
  protocol: string,
  req: AttachRequest,
  deps: StreamDeps,
): void {
  const { pod, container, tty } = req;
  const cs = statusOf(pod, container.name);
  const running = cs?.state?.running;
  if (!cs || !running) return sendStatus(out, protocol, exitStatus([], 0));
  const inst: LogInstance = openInstance({
    pod,
    container,
    state: running,
    instance: cs.restartCount,
    seed: deps.seed,
  });
  const clock = deps.scheduler;
  const now = clock.now();
  const count = lineCount(inst, now);
  let next = tty ? Math.max(0, count - 2) : count;
  let timer: TimerHandle | undefined;
  let done = false;
  const send = (s: string): void => {
    if (s && out.open()) out.send(frame(STDOUT, tty ? onlcr(s) : s));
  };
  const pump = (): void => {
    if (done) return;
    const due = lineCount(inst, clock.now());
    let out = '';
    for (; next < due; next++) out += `${lineAt(inst, next).text}\n`;
    send(out);
    if (!hasLine(inst, next)) {
      timer = undefined;
      return;
    }
    const wait = lineAt(inst, next).ms - clock.now();
    timer = clock.setTimer(Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, wait)), pump);
  };
  const stop = (): void => {
    done = true;
    clock.clearTimer(timer);
    unsubscribe();
  };
  const unsubscribe = watchInstance(deps.storage, pod, container.name, (code) => {
    stop();
    if (out.open()) sendStatus(out, protocol, exitStatus([container.name], code));
  });
  const disc = tty
    ? new LineDiscipline({
        echo: send,
        line: () => undefined,
        interrupt: () => undefined,
        eof: () => undefined,
      })
    : undefined;
  onFrames(ws, (ch, body) => {
    if (ch === STDIN) disc?.input(body.toString('utf8'));
    else if (ch === CLOSE && body[0] === STDIN && !tty) out.close(1000);
  });
  ws.on('close', stop);
  pump();
}
