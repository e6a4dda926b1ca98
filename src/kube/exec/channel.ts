// The Kubernetes channel protocol over WebSocket (exec, attach, port-forward), pure: every binary frame's
// first byte is its channel. Exec/attach: 0 stdin, 1 stdout, 2 stderr, 3 status (a JSON Status, then the
// server closes), 4 resize (`{"Width":W,"Height":H}`), 255 close (`ff 00` half-closes stdin; v5 only).
// Port-forward (v4): channel 2i carries port i's data, 2i+1 its errors, and each channel's first frame
// starts with the port as two little-endian bytes.

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const STATUS = 3;
export const RESIZE = 4;
export const CLOSE = 255;

/** What we offer for exec/attach, newest first: v5 can half-close stdin, v4 has the JSON status channel. */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;
export const PORT_FORWARD_PROTOCOLS = ['v4.channel.k8s.io'] as const;

export function frame(channel: number, data: Uint8Array | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const out = Buffer.allocUnsafe(body.length + 1);
  out[0] = channel;
  out.set(body, 1);
  return out;
}

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

/** The port that starts a port-forward channel's first frame (little-endian). */
export function portPrefix(port: number): Buffer {
  const b = Buffer.allocUnsafe(2);
  b.writeUInt16LE(port, 0);
  return b;
}
