// The real kubedeck binary in a tmux pane, for benchmarks: start it, read the screen without blocking
// the caller's event loop, find its pid, read its RSS from /proc.
//
// The screen is read through one tmux control-mode client (`tmux -C`): a `capture-pane` is a line written to
// it, not a new process. Reading it by running `tmux capture-pane` back to back cost ~19 ms of CPU per read
// (a process started each time): 4.2 s of CPU in 5 s, most of one of the machine's two cores, taken from
// kubedeck and the simulator while the floor and kubectl, timed without a reader, had them to themselves.
// And a read waits for the pane's next output (tmux reports every write of the program to a control client),
// so callers that read in a loop read once per frame kubedeck draws instead of spinning.

import { execFile, spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
export const kubedeckBin = join(root, 'bin', 'kubedeck.js');

/** A read returns at the latest this long after it was asked for, output or not (a timed loop must go on). */
const READ_WAIT_MS = 100;

export class Term {
  private readonly sock = `kubedeck-bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private control: ChildProcessWithoutNullStreams | undefined;
  /** Replies to this client's commands, in the order they were sent. */
  private pending: { resolve: (text: string) => void; reject: (e: Error) => void }[] = [];
  private block: string[] | undefined;
  private partial = '';
  /** Output notifications from the pane, and how many of them the last read had seen. */
  private outputs = 0;
  private readSeen = -1;
  private outputWaiter: (() => void) | undefined;

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
    await this.attach();
    const vars = Object.entries({ TERM: 'xterm-256color', ...env }).map(([k, v]) => `${k}=${v}`);
    const quoted = [...vars, ...argv].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    await this.tmux('respawn-pane', '-k', '-t', 'b', `exec env ${quoted}`);
    return Number((await this.tmux('display', '-p', '-t', 'b', '#{pane_pid}')).trim());
  }

  /** The control client, once its attach has been answered. */
  private attach(): Promise<void> {
    const c = spawn('tmux', ['-L', this.sock, '-C', 'attach-session', '-t', 'b'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.control = c;
    c.stdout.setEncoding('utf8');
    c.stdout.on('data', (d: string) => this.read(d));
    const failAll = (): void => {
      for (const p of this.pending.splice(0)) p.reject(new Error('the tmux control client ended'));
      this.outputWaiter?.();
    };
    c.on('exit', failAll);
    c.on('error', failAll);
    // the attach itself is answered like a command (a %begin/%end block of its own)
    return new Promise<string>((resolve, reject) => this.pending.push({ resolve, reject })).then(() => undefined);
  }

  private read(data: string): void {
    const lines = (this.partial + data).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      if (this.block) {
        if (/^%(end|error) \d+ \d+ \d+$/.test(line)) {
          const text = this.block.map((l) => `${l}\n`).join('');
          this.block = undefined;
          const p = this.pending.shift();
          if (line.startsWith('%end')) p?.resolve(text);
          else p?.reject(new Error(`tmux: ${text.trim()}`));
        } else this.block.push(line);
      } else if (/^%begin \d+ \d+ \d+$/.test(line)) this.block = [];
      else if (line.startsWith('%output ')) {
        this.outputs++;
        const w = this.outputWaiter;
        this.outputWaiter = undefined;
        w?.();
      }
    }
  }

  private command(cmd: string): Promise<string> {
    const c = this.control;
    if (!c || c.exitCode !== null) return Promise.reject(new Error('no tmux control client'));
    const reply = new Promise<string>((resolve, reject) => this.pending.push({ resolve, reject }));
    c.stdin.write(`${cmd}\n`);
    return reply;
  }

  /**
   * The screen as `tmux capture-pane -p` prints it. Waits first (up to READ_WAIT_MS) for the pane's next
   * output when nothing was written since the last read, so a loop of reads follows the program's frames.
   */
  async screen(): Promise<string> {
    if (this.outputs === this.readSeen) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.outputWaiter = undefined;
          resolve();
        }, READ_WAIT_MS);
        this.outputWaiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    this.readSeen = this.outputs;
    return this.command('capture-pane -p -t b');
  }

  keys(...k: string[]): Promise<string> {
    return this.tmux('send-keys', '-t', 'b', ...k);
  }

  kill(): void {
    this.control?.stdin.end();
    this.control = undefined;
    this.pending = [];
    this.block = undefined;
    this.partial = '';
    this.readSeen = -1;
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
