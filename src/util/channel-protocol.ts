// The Kubernetes channel protocol of exec, attach and port-forward over WebSocket, shared by the client
// (kube/exec) and the simulated kubelet (sim/exec): every frame is binary and byte 0 is its channel.
// Exec/attach: 0 stdin, 1 stdout, 2 stderr, 3 status (a metav1.Status as JSON from v4 on, then the
// connection closes), 4 resize (`{"Width":W,"Height":H}`, v3 and later), 255 close (`ff NN` closes
// channel NN; v5 only: the client's stdin EOF is `ff 00`). Port-forward (v4): channel 2i carries port
// i's data and 2i+1 its errors; each channel's first frame from the server starts with the port as two
// little-endian bytes.

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const STATUS = 3;
export const RESIZE = 4;
export const CLOSE = 255;

export const V5 = 'v5.channel.k8s.io';
export const V4 = 'v4.channel.k8s.io';

/** One frame: the channel byte, then the data (a string is sent as UTF-8). */
export function frame(channel: number, data: Uint8Array | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const out = Buffer.allocUnsafe(body.length + 1);
  out[0] = channel;
  out.set(body, 1);
  return out;
}

/** The port that starts a port-forward channel's first frame (little-endian). */
export function portPrefix(port: number): Buffer {
  const b = Buffer.allocUnsafe(2);
  b.writeUInt16LE(port, 0);
  return b;
}
