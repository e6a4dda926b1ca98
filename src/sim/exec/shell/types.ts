// Shared types of the simulated shell (its own module so commands and the interpreter do not import
// each other).

import type { ContainerWorld } from '../world.js';

export interface ShellIo {
  out(s: string): void;
  err(s: string): void;
  /** Wait `ms`; resolves false when interrupted (Ctrl-C, the client went away). */
  sleep(ms: number): Promise<boolean>;
  /** Epoch ms (the simulator's clock). */
  now(): number;
  /** The process's whole stdin up to EOF ('' once read, or when there is none). */
  readStdin?(): Promise<string>;
}

export interface ShellState {
  world: ContainerWorld;
  /** `sh` (BusyBox ash or dash) or `bash`: decides error wording and the prompt. */
  flavour: 'sh' | 'bash';
  vars: Record<string, string>;
  cwd: string;
  /** `$?` */
  status: number;
  /** Set by `exit`: the shell ends with this code. */
  exited: number | undefined;
  tty: boolean;
  size: { rows: number; cols: number };
  pid: number;
}

export interface CmdCtx {
  st: ShellState;
  out(s: string): void;
  err(s: string): void;
  /** What a pipe or `<` feeds in, else the process's stdin (read to EOF). */
  input(): Promise<string>;
  sleep(ms: number): Promise<boolean>;
  now(): number;
  /** Does this image have the program `name`? */
  has(name: string): boolean;
  /** Run a script in a subshell (`sh -c`). */
  sub(script: string, args: string[]): Promise<number>;
}

export type Cmd = (args: string[], ctx: CmdCtx) => number | Promise<number>;
