/** What the header shows about where kubedeck is connected. */
export interface ConnectionInfo {
  context: string;
  server: string;
  user: string;
  /** The embedded simulated cluster (started by kubedeck itself). */
  simulated: boolean;
  readonly: boolean;
  version: string;
  /** The API server's gitVersion, once known. */
  serverVersion?: string;
}
