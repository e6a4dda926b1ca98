import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = new URL('../../', import.meta.url).pathname;
export const bin = join(root, 'bin', 'kubedeck.js');

/** `kubedeck sim` from the built package, as a user runs it; resolves once it printed its ready line. */
export async function startSimProcess(extra: string[] = []): Promise<{ proc: ChildProcess; url: string; kubeconfig: string; dir: string; line: string; stop: () => Promise<number | null> }> {
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-e2e-'));
  const kubeconfig = join(dir, 'sim.kubeconfig');
  const proc = spawn(process.execPath, [bin, 'sim', '--kubeconfig-out', kubeconfig, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`kubedeck sim not ready in 20s; stderr: ${err}`)), 20000);
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.split('\n').find((l) => l.startsWith('kubedeck sim ready at '));
      if (m) {
        clearTimeout(t);
        resolve(m);
      }
    });
    proc.once('exit', (code) => reject(new Error(`kubedeck sim exited early with ${code}; stderr: ${err}`)));
  });
  const url = /ready at (\S+)/.exec(line)?.[1] ?? '';
  return {
    proc,
    url,
    kubeconfig,
    dir,
    line,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve(proc.exitCode);
        proc.once('exit', (code) => resolve(code));
        proc.kill('SIGTERM');
      }),
  };
}
