// `--log-file`: diagnostics go to a file, never to the screen (it would corrupt the full-screen UI).
// The file is private (0600, tightened when it already exists wider) and no credential reaches it: every
// line is scrubbed of the kubeconfig's secrets (registered with addLogSecrets) and of anything that looks
// like a token, Authorization header or key.
import { closeSync, fchmodSync, fstatSync, openSync, writeSync } from 'node:fs';
import { redactText } from '../kube/errors.js';

let fd: number | undefined;
const secrets = new Set<string>();

/**
 * Open (create or append to) the log file with mode 0600. An existing file readable by others is made
 * private first; when that is impossible (another user's file) nothing is logged and the reason is returned.
 */
export function setLogFile(path: string | undefined): string | undefined {
  if (fd !== undefined) closeSync(fd);
  fd = undefined;
  if (!path) return undefined;
  let opened: number;
  try {
    opened = openSync(path, 'a', 0o600);
  } catch (e) {
    return `--log-file ${path}: ${(e as Error).message}`;
  }
  try {
    const st = fstatSync(opened);
    if (st.isFile() && (st.mode & 0o077) !== 0) fchmodSync(opened, 0o600);
  } catch (e) {
    closeSync(opened);
    return `--log-file ${path}: readable by others and cannot be made private (${(e as Error).message})`;
  }
  fd = opened;
  return undefined;
}

/** Values that must never be written to the log (tokens, passwords, client keys of the kubeconfig). */
export function addLogSecrets(values: Iterable<string>): void {
  for (const v of values) if (v.length >= 6) secrets.add(v);
}

/** The text as it would be logged: known secrets and credential-looking strings replaced. */
function scrubForLog(message: string): string {
  let out = message;
  // longest first, so a secret containing another is replaced whole
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('[redacted]');
  return redactText(out);
}

export function log(message: string): void {
  if (fd === undefined) return;
  try {
    writeSync(fd, `${new Date().toISOString()} ${scrubForLog(message)}\n`);
  } catch {
    // a log that cannot be written must never take the UI down
  }
}
