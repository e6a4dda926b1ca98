import { appendFileSync } from 'node:fs';

let file: string | undefined;

/** `--log-file`: diagnostics go to a file, never to the screen (it would corrupt the full-screen UI). */
export function setLogFile(path: string | undefined): void {
  file = path;
}

export function log(message: string): void {
  if (!file) return;
  try {
    appendFileSync(file, `${new Date().toISOString()} ${message}\n`);
  } catch {
    // a log that cannot be written must never take the UI down
  }
}
