// The real kubedeck binary in a tmux pane, for benchmarks: start it, read the screen without blocking
// the caller's event loop (async tmux calls), find its pid, read its RSS from /proc.

import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
export const kubedeckBin = join(root, 'bin', 'kubedeck.js');

export class Term {
  private readonly sock = `kubedeck-bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  constructor(
    readonly width = 200,
    readonly height = 50,
  ) {}

  private tmux(...a: string[]): Promise<string> {
    return run('tmux', ['-L', this.sock, ...a], { encoding: 'utf8' }).then((r) => r.stdout);
  }

  /** Starts `argv` (exec'd, so the pane's pid is the program's) in a fresh pane; returns that pid. */
  async start(argv: string[], env: Record<string, string> = {}): Promise<number> {
    this.kill();
    await this.tmux('new-session', '-d', '-x', String(this.width), '-y', String(this.height), '-s', 'b', 'sleep 3600');
    const vars = Object.entries({ TERM: 'xterm-256color', ...env }).map(([k, v]) => `${k}=${v}`);
    const quoted = [...vars, ...argv].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    await this.tmux('respawn-pane', '-k', '-t', 'b', `exec env ${quoted}`);
    return Number((await this.tmux('display', '-p', '-t', 'b', '#{pane_pid}')).trim());
  }

  screen(): Promise<string> {
    return this.tmux('capture-pane', '-p', '-t', 'b');
  }

  keys(...k: string[]): Promise<string> {
    return this.tmux('send-keys', '-t', 'b', ...k);
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.sock, 'kill-server']);
  }
}

/** VmRSS (and VmHWM, the peak) of a process in bytes, from /proc/<pid>/status. */
export function rssOf(pid: number): { rss: number; peak: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(s)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}
