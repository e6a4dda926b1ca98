// Exec credential plugins (kubeconfig `users[].user.exec`: aws-iam-authenticator, gke-gcloud-auth-plugin,
// kubelogin …), run by us instead of client-node's ExecAuth, which has no deadline, leaves a hung plugin
// running after we exit and reports a failure as its bare stderr (or `Error` when there is none).
//
// As client-go (plugin/pkg/client/auth/exec): KUBERNETES_EXEC_INFO in the environment, stdin never given
// (the terminal belongs to the UI, so the plugin is not interactive), errors worded as kubectl's
// (`exec: executable X failed with exit code N`), the plugin's stderr appended since nobody sees it.
// Unlike client-go, which waits forever, a plugin gets EXEC_PLUGIN_TIMEOUT_MS; it runs in its own process
// group so that it and its children (a shell script's `sleep`) are ended on time-out, on close and on exit.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Cluster, KubeConfig } from '@kubernetes/client-node';
import { KubeError } from './errors.js';
import type { ChildProcess } from 'node:child_process';
import { basename } from 'node:path';

/** client-go has no deadline for exec plugins; kubedeck's, below the transport's 60 s request deadline. */
const EXEC_PLUGIN_TIMEOUT_MS = 45_000;
/** After SIGTERM, how long a plugin gets before SIGKILL. */
const KILL_GRACE_MS = 2_000;
const STDERR_KEEP = 400;

interface ExecEnv {
  name: string;
  value: string;
}

interface ExecConfig {
  command?: string;
  args?: string[];
  env?: ExecEnv[];
  apiVersion?: string;
  interactiveMode?: string;
  installHint?: string;
  provideClusterInfo?: boolean;
}

/** ExecCredential `spec.cluster`, sent in KUBERNETES_EXEC_INFO when the plugin asks (provideClusterInfo). */
export interface ExecClusterInfo {
  server: string;
  'tls-server-name'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'certificate-authority-data'?: string;
  'proxy-url'?: string;
}

/** The part of client-node's User the authenticator reads. */
export interface ExecUser {
  name: string;
  exec?: unknown;
  authProvider?: { name?: string; config?: Record<string, unknown> };
}

interface CredentialStatus {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  expirationTimestamp?: string;
}

interface Credential {
  apiVersion?: string;
  kind?: string;
  status: CredentialStatus;
}

export interface ExecAuthOptions {
  timeoutMs?: number;
  /** Told the plugin's name when one starts running and undefined when none is running any more. */
  onWaiting?: (plugin: string | undefined) => void;
  env?: NodeJS.ProcessEnv;
  /** The cluster as a plugin with provideClusterInfo is told it (read only when one asks). */
  cluster?: () => ExecClusterInfo;
}

/** Every plugin process still running, in any authenticator: ended when kubedeck exits. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function stop(child: ChildProcess): void {
  killGroup(child, 'SIGTERM');
  setTimeout(() => killGroup(child, 'SIGKILL'), KILL_GRACE_MS).unref();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // no time for a grace period at exit: SIGKILL, so nothing is left behind with PPID 1
  process.on('exit', () => {
    for (const c of live) killGroup(c, 'SIGKILL');
  });
}

function execConfigOf(user: ExecUser): ExecConfig | undefined {
  const e = user.exec ?? user.authProvider?.config?.['exec'];
  return e && typeof e === 'object' ? (e as ExecConfig) : undefined;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${Math.round(ms / 1000)}s`;
}

/** A client-node Authenticator (isAuthProvider / applyAuthentication) for exec plugins. */
export class ExecAuthenticator {
  /** Credentials per user name, until their expirationTimestamp (the transport empties it after a 401). */
  tokenCache: Record<string, Credential | null> = {};
  private readonly running = new Set<ChildProcess>();
  private readonly timeoutMs: number;
  private closed = false;

  constructor(private readonly opts: ExecAuthOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? EXEC_PLUGIN_TIMEOUT_MS;
  }

  isAuthProvider(user: ExecUser | undefined): boolean {
    if (!user) return false;
    if (user.exec) return true;
    const p = user.authProvider;
    return p !== undefined && (p.name === 'exec' || Boolean(p.config?.['exec']));
  }

  async applyAuthentication(user: ExecUser, opts: { headers?: Record<string, unknown>; cert?: unknown; key?: unknown }): Promise<void> {
    const cred = await this.credential(user);
    if (!cred) return;
    if (cred.status.clientCertificateData) opts.cert = cred.status.clientCertificateData;
    if (cred.status.clientKeyData) opts.key = cred.status.clientKeyData;
    if (cred.status.token) {
      opts.headers ??= {};
      opts.headers['Authorization'] = `Bearer ${cred.status.token}`;
    }
  }

  /** End every running plugin; later requests fail at once. */
  close(): void {
    this.closed = true;
    for (const c of this.running) stop(c);
  }

  private async credential(user: ExecUser): Promise<Credential | undefined> {
    const cached = this.tokenCache[user.name];
    if (cached) {
      const exp = cached.status.expirationTimestamp;
      if (!exp || Date.parse(exp) > Date.now()) return cached;
      this.tokenCache[user.name] = null;
    }
    const exec = execConfigOf(user);
    if (!exec) return undefined;
    if (!exec.command) throw new Error('exec: no command was specified for the exec credential plugin');
    const cred = await this.run(exec);
    this.tokenCache[user.name] = cred;
    return cred;
  }

  private run(exec: ExecConfig): Promise<Credential> {
    const command = exec.command ?? '';
    const name = basename(command);
    const apiVersion = exec.apiVersion ?? 'client.authentication.k8s.io/v1';
    if (this.closed) return Promise.reject(new Error('exec: transport closed'));
    if (exec.interactiveMode === 'Always') {
      return Promise.reject(new Error(`exec plugin cannot support interactive mode: ${name} needs a terminal, and kubedeck's belongs to its UI`));
    }
    const cluster = exec.provideClusterInfo && this.opts.cluster ? { cluster: this.opts.cluster() } : {};
    const info = { apiVersion, kind: 'ExecCredential', spec: { interactive: false, ...cluster } };
    const env: NodeJS.ProcessEnv = { ...(this.opts.env ?? process.env) };
    for (const e of exec.env ?? []) env[e.name] = e.value;
    env['KUBERNETES_EXEC_INFO'] = JSON.stringify(info);
    installExitHook();
    return new Promise<Credential>((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      let spawnError: Error | undefined;
      const child = spawn(command, exec.args ?? [], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      this.running.add(child);
      live.add(child);
      this.opts.onWaiting?.(name);
      const timer = setTimeout(() => {
        timedOut = true;
        stop(child);
      }, this.timeoutMs);
      child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4 * STDERR_KEEP)));
      child.on('error', (e) => (spawnError = e));
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        this.running.delete(child);
        live.delete(child);
        if (this.running.size === 0) this.opts.onWaiting?.(undefined);
        const said = stderr.trim() ? `: ${stderr.trim().slice(-STDERR_KEEP)}` : '';
        if (spawnError) {
          const code = (spawnError as NodeJS.ErrnoException).code;
          const hint = exec.installHint ? `. ${exec.installHint}` : '';
          return reject(new Error(code === 'ENOENT' ? `exec: executable ${command} not found${hint}` : `exec: ${command}: ${spawnError.message}`));
        }
        if (timedOut) return reject(new Error(`exec: executable ${command} did not finish within ${seconds(this.timeoutMs)} (stopped it)${said}`));
        if (this.closed) return reject(new Error('exec: transport closed'));
        if (code !== 0) {
          const how = code === null ? `was killed by ${signal ?? 'a signal'}` : `failed with exit code ${code}`;
          return reject(new Error(`exec: executable ${command} ${how}${said}`));
        }
        const parsed = parseCredential(stdout, apiVersion);
        if (parsed instanceof Error) reject(parsed);
        else resolve(parsed);
      });
    });
  }
}

/** The plugin's stdout as an ExecCredential, checked as client-go checks it. */
function parseCredential(stdout: string, apiVersion: string): Credential | Error {
  let obj: unknown;
  try {
    obj = JSON.parse(stdout);
  } catch (e) {
    return new Error(`decoding stdout: ${(e as Error).message}`);
  }
  if (!obj || typeof obj !== 'object') return new Error('decoding stdout: not an ExecCredential object');
  const c = obj as Partial<Credential>;
  if (c.kind !== undefined && c.kind !== 'ExecCredential') return new Error(`decoding stdout: kind ${String(c.kind)}, not ExecCredential`);
  if (c.apiVersion !== undefined && c.apiVersion !== apiVersion) {
    return new Error(`exec plugin is configured to use API version ${apiVersion}, plugin returned version ${String(c.apiVersion)}`);
  }
  const s = c.status;
  if (!s || typeof s !== 'object') return new Error("exec plugin didn't return a status field");
  if (!s.token && !s.clientCertificateData && !s.clientKeyData) return new Error("exec plugin didn't return a token or cert/key pair");
  if (!s.clientCertificateData !== !s.clientKeyData) return new Error('exec plugin returned only certificate or key, not both');
  return { ...c, status: s } as Credential;
}

/** What an exec plugin with provideClusterInfo is told about the cluster, as client-go tells it. */
export function execClusterInfo(c: Cluster): ExecClusterInfo {
  let ca = c.caData;
  if (!ca && c.caFile) {
    try {
      ca = readFileSync(c.caFile).toString('base64');
    } catch {
      // the transport reports an unreadable CA file itself
    }
  }
  return {
    server: c.server,
    ...(c.tlsServerName ? { 'tls-server-name': c.tlsServerName } : {}),
    ...(c.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
    ...(ca ? { 'certificate-authority-data': ca } : {}),
    ...(c.proxyUrl ? { 'proxy-url': c.proxyUrl } : {}),
  };
}

/** Our exec plugin runner in place of client-node's ExecAuth, for HTTP and WebSocket requests alike. */
export function useExecAuthenticator(kc: KubeConfig, execAuth: ExecAuthenticator): void {
  const auths = Reflect.get(kc, 'authenticators') as unknown;
  if (!Array.isArray(auths)) throw new KubeError('Config', 'client-node: no authenticators to replace');
  const i = (auths as unknown[]).findIndex((a) => a !== null && typeof a === 'object' && 'execFn' in a);
  if (i < 0) throw new KubeError('Config', 'client-node: no exec authenticator to replace');
  auths[i] = execAuth;
}
