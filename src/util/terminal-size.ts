/** The tty's handle, as Node keeps it (`getWindowSize` is an ioctl; `columns` waits for SIGWINCH). */
interface TtyHandle {
  getWindowSize?(out: [number, number]): number | undefined;
}

/**
 * The terminal's size now, from the kernel: `stdout.columns` is updated only when Node handles SIGWINCH,
 * which can come after keys typed right after a resize. Falls back to `columns` and `rows`.
 */
export function terminalSize(stdout: NodeJS.WriteStream): { cols: number; rows: number } {
  const handle = (stdout as unknown as { _handle?: TtyHandle })._handle;
  const size: [number, number] = [0, 0];
  try {
    if (stdout.isTTY && typeof handle?.getWindowSize === 'function' && !handle.getWindowSize(size) && size[0] > 0 && size[1] > 0) return { cols: size[0], rows: size[1] };
  } catch {
    // a closed handle: what Node last knew
  }
  return { cols: stdout.columns || 80, rows: stdout.rows || 24 };
}
