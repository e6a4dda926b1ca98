// Which local port Shift-F proposes: the container's port when this user can bind it, else one ≥ 1024.
// Pure functions of the user id and the port, so the decision is testable whoever runs the tests.

/** Below this, binding needs root (or CAP_NET_BIND_SERVICE) on Linux and macOS. */
const FIRST_UNPRIVILEGED_PORT = 1024;

/** Whether a process of this uid may listen on `port`; uid undefined (Windows) has no privileged ports. */
export function canBindLocally(port: number, uid: number | undefined): boolean {
  return uid === undefined || uid === 0 || port >= FIRST_UNPRIVILEGED_PORT;
}

/** The local port the dialog proposes: the same port when bindable, else 8000 + port (80 → 8080, 443 → 8443). */
export function proposeLocalPort(containerPort: number, uid: number | undefined): number {
  if (canBindLocally(containerPort, uid)) return containerPort;
  return 8000 + containerPort;
}

/** The current process's uid (undefined where there is none, as on Windows). */
export function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}
