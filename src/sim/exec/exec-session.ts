// One exec over a WebSocket: frames from the client (stdin, resize, v5 close) go to the simulated
// process; its output goes out on channels 1/2 and its end as the status on channel 3, then close 1000.

import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { WebSocket } from 'ws';
import type { Container, Pod } from '../../util/k8s.js';
import {
  CLOSE,
  RESIZE,
  STATUS,
  STDIN,
  exitStatus,
  frame,
  parseResize,
  startFailure,
  statusPayload,
} from './protocol.js';
import type { FrameWriter } from './frame-writer.js';
import type { ExecStatus } from './protocol.js';
import { startProcess } from './shell/process.js';
import type { Clock, ExecProcess } from './shell/process.js';
import { buildWorld } from './world.js';
import type { Lookup } from './world.js';

export interface ExecRequest {
  pod: Pod;
  container: Container;
  command: string[];
  stdin: boolean;
  tty: boolean;
}

/** The exit status on channel 3 (when the protocol carries one), then close 1000. */
export function sendStatus(out: FrameWriter, protocol: string, st: ExecStatus): void {
  const body = statusPayload(protocol, st);
  if (body) out.send(frame(STATUS, body));
  out.close(1000);
}

/** Hand a session's client frames to `onFrame`; text frames and empty ones are ignored. */
export function onFrames(ws: WebSocket, onFrame: (channel: number, body: Buffer) => void): void {
  ws.on('message', (data, isBinary) => {
    if (!isBinary) return;
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (buf.length === 0) return;
    try {
      onFrame(buf[0] ?? 0, buf.subarray(1));
    } catch {
      // a session that cannot take this frame ends; the server carries on
      ws.terminate();
    }
  });
}

/**
 * Run `req.command` in the container for this WebSocket. `watch` tells when the container instance ends
 * (the pod deleted, the container restarted): the process is killed then and the status says 137.
 */
export function runExec(
  ws: WebSocket,
  out: FrameWriter,
  protocol: string,
  req: ExecRequest,
  lookup: Lookup,
  clock: Clock,
  watch: (onEnd: () => void) => () => void,
): void {
  const world = buildWorld(req.pod, req.container, lookup, req.tty);
  let unwatch = (): void => undefined;
  const started = startProcess(
    world,
    req.command,
    { tty: req.tty },
    {
      clock,
      write: (ch, data) => {
        if (out.open()) out.send(frame(ch, data));
      },
      exit: (code) => {
        unwatch();
        if (out.open()) sendStatus(out, protocol, exitStatus(req.command, code));
      },
    },
  );
  if ('error' in started) {
    const id = createHash('sha256')
      .update(`${req.pod.metadata.uid ?? ''}/${req.container.name}/${clock.now()}`)
      .digest('hex');
    sendStatus(
      out,
      protocol,
      startFailure(
        `error executing command in container: failed to exec in container: failed to start exec "${id}": ${started.error}`,
      ),
    );
    return;
  }
  const proc: ExecProcess = started;
  const utf8 = new StringDecoder('utf8');
  unwatch = watch(() => {
    proc.kill();
    if (out.open()) sendStatus(out, protocol, exitStatus(req.command, 137));
  });
  onFrames(ws, (ch, body) => {
    if (ch === STDIN) proc.stdin(utf8.write(body));
    else if (ch === RESIZE) {
      const size = parseResize(body);
      if (size) proc.resize(size);
    } else if (ch === CLOSE && body[0] === STDIN) proc.stdinEnd();
  });
  if (!req.stdin) proc.stdinEnd();
  ws.on('close', () => {
    unwatch();
    proc.kill();
  });
}
