import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { after, before } from 'node:test';
import { Tmux } from './tmux.js';
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

export type SimProcess = Awaited<ReturnType<typeof startSimProcess>>;

/**
 * A `kubedeck sim` process for one test file (started before its tests, stopped and its kubectl cache
 * removed after) and kubectl against it, in `namespace` when given. `ready`: tmux and kubectl are there
 * (tests skip otherwise, and no simulator is started).
 */
export function simForFile(namespace?: string): { ready: boolean; sim: SimProcess; kubectl: (...args: string[]) => string } {
  const ready = Tmux.available() && spawnSync('kubectl', ['version', '--client']).status === 0;
  let cache = '';
  const fx = {
    ready,
    sim: undefined as unknown as SimProcess,
    kubectl: (...args: string[]): string =>
      execFileSync('kubectl', ['--kubeconfig', fx.sim.kubeconfig, '--cache-dir', cache, ...(namespace ? ['-n', namespace] : []), ...args], { encoding: 'utf8' }),
  };
  before(async () => {
    if (!ready) return;
    cache = mkdtempSync(join(tmpdir(), 'kubectl-cache-'));
    fx.sim = await startSimProcess();
  });
  after(async () => {
    await (fx.sim as SimProcess | undefined)?.stop();
    if (cache) rmSync(cache, { recursive: true, force: true });
  });
  return fx;
}
