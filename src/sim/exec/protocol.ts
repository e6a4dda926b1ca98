// The channel protocols of exec, attach and port-forward over WebSocket (k8s.io/apimachinery wsstream,
// kubelet remotecommand): every frame is binary and byte 0 is the channel.

import { V4, V5 } from '../../util/channel-protocol.js';

export { CLOSE, RESIZE, STATUS, STDIN, STDOUT, frame, portPrefix } from '../../util/channel-protocol.js';

/** What the kubelet speaks for exec/attach, best first. */
const EXEC_PROTOCOLS = [V5, V4, 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'] as const;
/** The kubelet's port-forward over WebSocket speaks only v4 binary (and the unversioned channel protocol). */
const PORTFORWARD_PROTOCOLS = [V4, 'channel.k8s.io'] as const;

export type StreamKind = 'exec' | 'attach' | 'portforward';

/** The subprotocol to answer with, or undefined when the client offers none we speak. */
export function pickProtocol(offered: ReadonlySet<string>, kind: StreamKind): string | undefined {
  const ours: readonly string[] = kind === 'portforward' ? PORTFORWARD_PROTOCOLS : EXEC_PROTOCOLS;
  return ours.find((p) => offered.has(p));
}

/** Does this protocol carry the exit status as JSON (v4 and later)? */
const jsonStatus = (protocol: string): boolean => protocol === V5 || protocol === V4;

export interface ExecStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason?: string; message: string }[] };
  code?: number;
}

const SUCCESS: ExecStatus = { metadata: {}, status: 'Success' };

/** What the kubelet writes when the command exited non-zero (kubectl exits with the same code). */
export function exitStatus(argv: readonly string[], code: number): ExecStatus {
  if (code === 0) return SUCCESS;
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** What the kubelet writes when the runtime could not start the process (containerd's wording). */
export function startFailure(message: string): ExecStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${message}`,
    reason: 'InternalError',
    details: { causes: [{ message }] },
    code: 500,
  };
}

/** The status as the protocol writes it on channel 3 (plain text before v4; nothing for success). */
export function statusPayload(protocol: string, st: ExecStatus): string {
  if (jsonStatus(protocol)) return JSON.stringify(st);
  return st.status === 'Success' ? '' : (st.message ?? 'error');
}

/** A resize frame's body, or undefined when it is not `{"Width":W,"Height":H}` with sane numbers. */
export function parseResize(body: Buffer): { cols: number; rows: number } | undefined {
  try {
    const v = JSON.parse(body.toString('utf8')) as { Width?: unknown; Height?: unknown };
    const cols = Number(v.Width);
    const rows = Number(v.Height);
    if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 0 || rows < 0) return undefined;
    return { cols: Math.min(cols, 10000), rows: Math.min(rows, 10000) };
  } catch {
    return undefined;
  }
}

/** The port as two little-endian bytes: the first frame of every port-forward channel starts with it. */
