// One exec'd process in a simulated container, independent of the transport: `sh -c`, an interactive
// shell (with or without a tty) or a single command. The WebSocket side feeds stdin, resizes and EOF
// and receives output and the exit code.

import type { ContainerWorld } from '../world.js';
import { findCommand, newShell, runScript } from './run.js';
import { LineDiscipline, onlcr } from './tty.js';
import type { ShellIo, ShellState } from './types.js';

export interface Clock {
  now(): number;
  setTimer(ms: number, fn: () => void): { readonly id: number };
  clearTimer(t: { readonly id: number } | undefined): void;
}

export interface ProcessIo {
  /** Channel 1 or 2 (with a tty everything goes to 1). */
  write(channel: 1 | 2, data: string): void;
  exit(code: number): void;
  clock: Clock;
}

export interface ExecProcess {
  stdin(data: string): void;
  stdinEnd(): void;
  resize(size: { rows: number; cols: number }): void;
  /** The client went away: stop without writing anything. */
  kill(): void;
}

export interface ExecOptions {
  tty: boolean;
  size?: { rows: number; cols: number };
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);
const quote = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;

/** The runtime's message when argv[0] does not exist in the image (containerd/runc wording). */
function execNotFound(name: string): string {
  const why = name.includes('/')
    ? `stat ${name}: no such file or directory`
    : 'executable file not found in $PATH';
  return `OCI runtime exec failed: exec failed: unable to start container process: exec: "${name}": ${why}: unknown`;
}

/** What argv would run, or why it cannot start. */
export function plan(
  world: ContainerWorld,
  argv: readonly string[],
):
  | { mode: 'interactive' | 'script'; flavour: 'sh' | 'bash'; script: string; args: string[] }
  | { error: string } {
  const name = argv[0] ?? '';
  if (!findCommand(world, name)) return { error: execNotFound(name) };
  const base = name.split('/').pop() ?? '';
  if (SHELLS.has(base)) {
    const flavour = base === 'bash' ? 'bash' : 'sh';
    const c = argv.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a));
    if (c < 0) return { mode: 'interactive', flavour, script: '', args: [] };
    return { mode: 'script', flavour, script: argv[c + 1] ?? '', args: argv.slice(c + 3) };
  }
  return { mode: 'script', flavour: 'sh', script: argv.map(quote).join(' '), args: [] };
}

export function startProcess(
  world: ContainerWorld,
  argv: readonly string[],
  opts: ExecOptions,
  io: ProcessIo,
): ExecProcess | { error: string } {
  const p = plan(world, argv);
  if ('error' in p) return p;
  return new Proc(world, p, opts, io);
}

class Proc implements ExecProcess {
  private readonly st: ShellState;
  private readonly lines: string[] = [];
  private eof = false;
  private dead = false;
  private wake: (() => void) | undefined;
  private cancelSleep: (() => void) | undefined;
  private pending = '';
  /** A `-c` script's or a command's stdin, kept whole for the first command that reads it. */
  private raw = '';
  private rawTaken = false;
  private readonly mode: 'interactive' | 'script';
  private readonly disc: LineDiscipline | undefined;

  constructor(
    world: ContainerWorld,
    p: { mode: 'interactive' | 'script'; flavour: 'sh' | 'bash'; script: string; args: string[] },
    opts: ExecOptions,
    private readonly io: ProcessIo,
  ) {
    this.st = newShell(world, p.flavour, opts.tty, opts.size);
    this.mode = p.mode;
    if (opts.tty)
      this.disc = new LineDiscipline({
        echo: (s) => this.out(1, s, false),
        line: (t) => this.push(t),
        interrupt: () => this.interrupt(),
        eof: () => this.stdinEnd(),
      });
    const run = p.mode === 'script' ? this.script(p.script, p.args) : this.interactive();
    run.then(
      (code) => this.finish(code),
      () => this.finish(1),
    );
  }

  private shellIo(): ShellIo {
    return {
      out: (s) => this.out(1, s, true),
      err: (s) => this.out(2, s, true),
      now: () => this.io.clock.now(),
      sleep: (ms) =>
        new Promise<boolean>((resolve) => {
          if (this.dead) return resolve(false);
          const t = Number.isFinite(ms) ? this.io.clock.setTimer(ms, () => done(true)) : undefined;
          const done = (ok: boolean): void => {
            this.io.clock.clearTimer(t);
            this.cancelSleep = undefined;
            resolve(ok);
          };
          this.cancelSleep = () => done(false);
        }),
      readStdin: () => this.readStdin(),
    };
  }

  private out(ch: 1 | 2, s: string, fromProgram: boolean): void {
    if (this.dead || s === '') return;
    if (this.st.tty) this.io.write(1, fromProgram ? onlcr(s) : s);
    else this.io.write(ch, s);
  }

  private async script(src: string, args: string[]): Promise<number> {
    return runScript(src, this.st, this.shellIo(), args);
  }

  private prompt(): void {
    const { st } = this;
    const cwd = st.cwd === st.vars['HOME'] && st.flavour === 'bash' ? '~' : st.cwd;
    if (st.flavour === 'bash') this.out(1, `root@${st.world.pod}:${cwd}# `, false);
    else if (st.world.traits.distro === 'debian' || st.world.traits.distro === 'ubuntu')
      this.out(1, '# ', false);
    else this.out(1, `${cwd} # `, false);
  }

  private async interactive(): Promise<number> {
    const io = this.shellIo();
    for (;;) {
      if (this.st.tty) this.prompt();
      const line = await this.nextLine();
      if (line === undefined) {
        if (this.st.tty && !this.dead) this.out(1, this.st.flavour === 'bash' ? 'exit\r\n' : '\r\n', false);
        return this.st.status;
      }
      if (line.trim() !== '') await runScript(line, this.st, io);
      if (this.st.exited !== undefined) {
        if (this.st.tty && this.st.flavour === 'bash') this.out(1, 'exit\r\n', false);
        return this.st.exited;
      }
    }
  }

  private nextLine(): Promise<string | undefined> {
    return new Promise((resolve) => {
      const take = (): void => {
        this.wake = undefined;
        if (this.lines.length > 0) resolve(this.lines.shift());
        else if (this.eof || this.dead) resolve(undefined);
        else this.wake = take;
      };
      take();
    });
  }

  private push(text: string): void {
    if (this.mode === 'script') {
      this.raw += `${text}\n`;
      return;
    }
    this.lines.push(text);
    this.wake?.();
  }

  /** All of stdin once it is at EOF, for the first reader; '' for later ones and in an interactive shell. */
  private readStdin(): Promise<string> {
    if (this.mode !== 'script' || this.rawTaken) return Promise.resolve('');
    this.rawTaken = true;
    return new Promise((resolve) => {
      const check = (): void => {
        this.wake = undefined;
        if (this.eof || this.dead) resolve(this.raw);
        else this.wake = check;
      };
      check();
    });
  }

  private interrupt(): void {
    if (this.mode === 'script') {
      // SIGINT ends a command (or script) that runs in the foreground
      this.finish(130);
      this.cancelSleep?.();
      this.wake?.();
      return;
    }
    this.lines.length = 0;
    if (this.cancelSleep) this.cancelSleep();
    else if (this.st.tty && this.wake) {
      // idle at the prompt: a new prompt
      this.st.status = 130;
      this.prompt();
    }
  }

  stdin(data: string): void {
    if (this.dead) return;
    if (this.disc) return this.disc.input(data);
    if (this.mode === 'script') {
      this.raw += data;
      return;
    }
    this.pending += data;
    for (let i = this.pending.indexOf('\n'); i >= 0; i = this.pending.indexOf('\n')) {
      this.push(this.pending.slice(0, i));
      this.pending = this.pending.slice(i + 1);
    }
  }

  stdinEnd(): void {
    if (this.eof) return;
    if (this.pending) this.push(this.pending);
    this.pending = '';
    this.eof = true;
    this.wake?.();
  }

  resize(size: { rows: number; cols: number }): void {
    this.st.size = { ...size };
  }

  kill(): void {
    this.dead = true;
    this.cancelSleep?.();
    this.wake?.();
  }

  private finish(code: number): void {
    if (this.dead) return;
    this.dead = true;
    this.io.exit(code);
  }
}
