// The client's side of the channel protocol (util/channel-protocol.ts has the framing, shared with the
// simulated kubelet): what we offer, resize and stdin-EOF frames, and how to read the exit status.

import { CLOSE, RESIZE, STDIN, V4, V5, frame } from '../../util/channel-protocol.js';

export { STATUS, STDERR, STDIN, STDOUT, frame, portPrefix } from '../../util/channel-protocol.js';

/** What we offer for exec/attach, newest first: v5 can half-close stdin, v4 has the JSON status channel. */
export const EXEC_PROTOCOLS = [V5, V4] as const;
export const PORT_FORWARD_PROTOCOLS = [V4] as const;

export function resizeFrame(cols: number, rows: number): Buffer {
  return frame(RESIZE, JSON.stringify({ Width: Math.max(1, Math.floor(cols)), Height: Math.max(1, Math.floor(rows)) }));
}

/** `ff 00`: no more stdin (v5.channel.k8s.io only). */
export function stdinEofFrame(): Buffer {
  return Buffer.from([CLOSE, STDIN]);
}

/** How a remote command ended, from the status channel. */
export interface ExitStatus {
  /** 0 on Success; the ExitCode cause on NonZeroExitCode; undefined when the command did not run at all. */
  exitCode: number | undefined;
  /** The server's message for a failure (`command terminated with non-zero exit code: …`). */
  message?: string;
  /** The command could not be started because its executable does not exist in the container. */
  notFound: boolean;
}

interface StatusBody {
  status?: string;
  message?: string;
  reason?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}

const NOT_FOUND = /executable file not found|no such file or directory|not found in \$PATH/i;

/** Parse the JSON on channel 3. Anything unparseable is a failure with that text as its message. */
export function parseExitStatus(text: string): ExitStatus {
  let body: StatusBody;
  try {
    body = JSON.parse(text) as StatusBody;
  } catch {
    return { exitCode: undefined, message: text.trim() || 'unreadable exit status', notFound: NOT_FOUND.test(text) };
  }
  if (body.status === 'Success') return { exitCode: 0, notFound: false };
  const cause = body.details?.causes?.find((c) => c.reason === 'ExitCode');
  const code = cause?.message !== undefined && /^\d+$/.test(cause.message) ? Number(cause.message) : undefined;
  const message = body.message ?? body.reason ?? 'command failed';
  return { exitCode: code, message, notFound: code === undefined && NOT_FOUND.test(message) };
}
