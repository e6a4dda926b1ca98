// exec and attach over the channel protocol: the user's terminal on one side, a container's process on the
// other. The caller owns the terminal (raw mode, restoring it); this module owns the socket and its
// teardown, and always settles with how the command ended: it never throws past its promise.
import type { WebSocket, RawData } from 'ws';
import type { Transport } from '../transport.js';
import { KubeError, toKubeError } from '../errors.js';
import { EXEC_PROTOCOLS, STATUS, STDERR, STDIN, STDOUT, frame, parseExitStatus, resizeFrame, stdinEofFrame } from './channel.js';
import type { ExitStatus } from './channel.js';
import { openPodSocket } from './socket.js';

export interface ExecTarget {
  namespace: string;
  pod: string;
  container: string;
}

export interface ExecSpec extends ExecTarget {
  /** The command (exec); ignored for attach. */
  command: readonly string[];
  tty: boolean;
  stdin: boolean;
  /** Attach to the container's main process instead of starting a command. */
  attach?: boolean;
}

/** The user's side: where output goes, where input and resizes come from. */
export interface ExecIo {
  write(channel: typeof STDOUT | typeof STDERR, data: Buffer): void;
  /** Subscribe to the user's keystrokes; returns the unsubscribe. */
  onInput?(cb: (data: Buffer) => void): () => void;
  /** Current terminal size (read afresh: it is asked before every keystroke), sent first and when it changes. */
  size?(): { cols: number; rows: number };
  onResize?(cb: () => void): () => void;
}

export interface ExecResult extends ExitStatus {
  /** The session could not start or broke (the server's or the network's error). */
  error?: KubeError;
  /** Bytes the command wrote (stdout + stderr). */
  outputBytes: number;
}

function toBuffer(d: RawData): Buffer {
  if (Buffer.isBuffer(d)) return d;
  if (Array.isArray(d)) return Buffer.concat(d);
  return Buffer.from(d);
}

/** An exec or attach whose socket is open (the server accepted it): nothing has touched the terminal yet. */
export interface OpenedExec {
  ws: WebSocket;
  spec: ExecSpec;
  /** What arrived before the session was pumped (a status frame, the close): replayed by pumpExec. */
  early: Early;
}

interface Early {
  messages: [RawData, boolean][];
  closed?: [number, Buffer];
  error?: Error;
  stop(): void;
}

/** Keeps what the socket says until pumpExec listens (the terminal hand-over takes a few ticks). */
function holdEarly(ws: WebSocket): Early {
  const early: Early = { messages: [], stop: () => undefined };
  const onMessage = (raw: RawData, isBinary: boolean) => void early.messages.push([raw, isBinary]);
  const onClose = (code: number, reason: Buffer) => void (early.closed = [code, reason]);
  const onError = (e: Error) => void (early.error = e);
  ws.on('message', onMessage);
  ws.on('close', onClose);
  ws.on('error', onError);
  early.stop = () => {
    ws.off('message', onMessage);
    ws.off('close', onClose);
    ws.off('error', onError);
  };
  return early;
}

/** Closes a session that was opened but will not be run (the hand-over was given up). */
export function discardExec(o: OpenedExec): void {
  o.early.stop();
  o.ws.on('error', () => undefined);
  if (o.ws.readyState === o.ws.OPEN || o.ws.readyState === o.ws.CONNECTING) o.ws.close(1000);
}

/**
 * Opens the session's socket. A refusal (403 forbidden, 404 pod, 400 container not running…) comes back as
 * a result before the caller has handed the terminal over, so the keyboard is never at stake.
 */
export async function openExec(transport: Transport, spec: ExecSpec): Promise<{ ok: true; exec: OpenedExec } | { ok: false; result: ExecResult }> {
  const query = {
    ...(spec.attach ? {} : { command: [...spec.command] }),
    container: spec.container,
    stdin: spec.stdin,
    stdout: true,
    stderr: !spec.tty,
    tty: spec.tty,
  };
  try {
    const ws = await openPodSocket(transport, spec.namespace, spec.pod, spec.attach ? 'attach' : 'exec', query, EXEC_PROTOCOLS);
    return { ok: true, exec: { ws, spec, early: holdEarly(ws) } };
  } catch (e) {
    const error = toKubeError(e);
    return { ok: false, result: { exitCode: undefined, message: error.message, notFound: /executable file not found/i.test(error.message), error, outputBytes: 0 } };
  }
}

/** Run one exec (or attach) session to its end. */
export async function runExec(transport: Transport, spec: ExecSpec, io: ExecIo, signal?: AbortSignal): Promise<ExecResult> {
  const o = await openExec(transport, spec);
  return o.ok ? pumpExec(o.exec, io, signal) : o.result;
}

/** Relays an opened session between the user's side and the container until it ends. */
export function pumpExec({ ws, spec, early }: OpenedExec, io: ExecIo, signal?: AbortSignal): Promise<ExecResult> {
  early.stop();
  return new Promise<ExecResult>((resolve) => {
    let status: ExitStatus | undefined;
    let outputBytes = 0;
    const undo: (() => void)[] = [];
    const send = (b: Buffer) => {
      if (ws.readyState === ws.OPEN) ws.send(b);
    };
    const finish = (r: ExecResult) => {
      for (const u of undo.splice(0)) u();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1000);
      resolve(r);
    };
    const onMessage = (raw: RawData, isBinary: boolean) => {
      const data = toBuffer(raw);
      // v1 `channel.k8s.io` servers may send text frames: the channel is then an ASCII digit
      const channel = isBinary ? data[0] : (data[0] ?? 48) - 48;
      const body = data.subarray(1);
      if (channel === STDOUT || channel === STDERR) {
        if (body.length === 0) return;
        outputBytes += body.length;
        io.write(channel, body);
      } else if (channel === STATUS) status = parseExitStatus(body.toString('utf8'));
    };
    const onClose = (code: number, reason: Buffer) => {
      if (status) return finish({ ...status, outputBytes });
      // no status frame: a server without channel 3 (v1–v3) ended normally, or the connection broke
      if (code === 1000 || code === 1005) return finish({ exitCode: 0, notFound: false, outputBytes });
      const error = new KubeError('Unreachable', `connection to the container closed (${code}${reason.length ? ` ${reason.toString('utf8')}` : ''})`);
      finish({ exitCode: undefined, message: error.message, notFound: false, error, outputBytes });
    };
    const onError = (e: Error) => {
      const error = toKubeError(e);
      finish({ exitCode: undefined, message: error.message, notFound: false, error, outputBytes });
    };
    ws.on('message', onMessage);
    ws.on('close', onClose);
    ws.on('error', onError);
    for (const [raw, isBinary] of early.messages.splice(0)) onMessage(raw, isBinary);
    if (early.error) return onError(early.error);
    if (early.closed) return onClose(...early.closed);
    if (signal) {
      const abort = () => finish({ exitCode: undefined, message: 'aborted', notFound: false, outputBytes });
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort, { once: true });
      undo.push(() => signal.removeEventListener('abort', abort));
    }
    // the size is sent first, on every resize, and checked again before each keystroke: a resize and the
    // keys typed right after it (over ssh they come in this order) can reach us in either order, since the
    // resize event waits for SIGWINCH's turn in the event loop; a shell must see the new size first
    let sent = '';
    const sendSize = () => {
      const s = spec.tty ? io.size?.() : undefined;
      if (!s || `${s.cols}x${s.rows}` === sent) return;
      sent = `${s.cols}x${s.rows}`;
      send(resizeFrame(s.cols, s.rows));
    };
    sendSize();
    if (spec.tty && io.onResize) undo.push(io.onResize(sendSize));
    // the user's keys are always read (a caller may watch them for its own detach keys); they reach the
    // process only when it has stdin
    if (io.onInput)
      undo.push(
        io.onInput((d) => {
          if (!spec.stdin) return;
          sendSize();
          send(frame(STDIN, d));
        }),
      );
    if (spec.stdin && !io.onInput && ws.protocol.startsWith('v5')) send(stdinEofFrame());
  });
}

/** Shells tried in order for `s`: bash when the image has it, else sh (as k9s does). */
export const SHELLS: readonly (readonly string[])[] = [['bash'], ['sh']];

/**
 * An interactive shell: tries each of `shells` until one starts. A shell that does not exist in the image
 * (the runtime reports "executable file not found") falls through to the next; the last result is returned.
 */
export async function runShell(
  transport: Transport,
  target: ExecTarget,
  io: ExecIo,
  shells = SHELLS,
  signal?: AbortSignal,
  /** The first shell's socket, already opened by the caller (see openShellExec). */
  first?: OpenedExec,
): Promise<ExecResult & { shell: string }> {
  let last: ExecResult & { shell: string } = { exitCode: undefined, notFound: true, outputBytes: 0, shell: '', message: 'no shell' };
  for (const [i, command] of shells.entries()) {
    const r = i === 0 && first ? await pumpExec(first, io, signal) : await runExec(transport, { ...target, command, tty: true, stdin: true }, io, signal);
    last = { ...r, shell: command.join(' ') };
    if (!r.notFound) return last;
  }
  return { ...last, message: `no shell in container "${target.container}" (tried ${shells.map((s) => s.join(' ')).join(', ')})` };
}

/** Opens the first shell's socket (bash), so a refusal is known before the terminal is handed over. */
export function openShellExec(transport: Transport, target: ExecTarget, shells = SHELLS): ReturnType<typeof openExec> {
  return openExec(transport, { ...target, command: shells[0] ?? ['sh'], tty: true, stdin: true });
}
