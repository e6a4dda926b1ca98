// The simulated shell's interpreter: runs a parsed list, pipeline by pipeline, with `$?`, `&&`, `||`,
// `exit`, redirections to the fake filesystem and pipes (each stage's output feeds the next).

import { resolvePath } from '../fs.js';
import type { ContainerWorld } from '../world.js';
import { BUILTINS } from './builtins.js';
import { FILE_COMMANDS } from './files.js';
import { ARCHIVE_COMMANDS } from './tar.js';
import { parse } from './parse.js';
import type { Command, Word } from './parse.js';
import type { Cmd, CmdCtx, ShellIo, ShellState } from './types.js';

const SHELL_NAMES = new Set(['sh', 'bash', 'ash', 'dash']);

export function newShell(
  world: ContainerWorld,
  flavour: 'sh' | 'bash',
  tty: boolean,
  size = { rows: 24, cols: 80 },
): ShellState {
  const vars = { ...world.env };
  vars['PWD'] = '/';
  return { world, flavour, vars, cwd: '/', status: 0, exited: undefined, tty, size: { ...size }, pid: 17 };
}

/** The program `name` (a path or a bare name) as this image has it, or undefined. */
export function findCommand(world: ContainerWorld, name: string): Cmd | undefined {
  if (world.traits.shells.size === 0) return undefined;
  const base = name.includes('/') ? (name.split('/').pop() ?? '') : name;
  if (SHELL_NAMES.has(base) && !world.traits.shells.has(base)) return undefined;
  return BUILTINS[base] ?? FILE_COMMANDS[base] ?? ARCHIVE_COMMANDS[base];
}

function notFoundMessage(st: ShellState, name: string): string {
  return st.flavour === 'bash' ? `bash: ${name}: command not found\n` : `sh: ${name}: not found\n`;
}

function expand(w: Word, st: ShellState, args: string[]): string {
  let s = '';
  for (const seg of w) {
    if ('lit' in seg) s += seg.lit;
    else if (seg.var === '?') s += String(st.status);
    else if (seg.var === '$') s += String(st.pid);
    else if (seg.var === '#') s += String(args.length);
    else if (seg.var === '0') s += st.flavour;
    else if (seg.var === '@' || seg.var === '*') s += args.join(' ');
    else if (/^\d+$/.test(seg.var)) s += args[Number(seg.var) - 1] ?? '';
    else s += st.vars[seg.var] ?? '';
  }
  return s;
}

type Sink = (s: string) => void;

/** Run `src` in `st`; resolves the status of the last command (or the `exit` code). */
export async function runScript(
  src: string,
  st: ShellState,
  io: ShellIo,
  args: string[] = [],
): Promise<number> {
  const p = parse(src);
  if (!p.ok) {
    io.err(`${st.flavour}: ${p.error}\n`);
    st.status = 2;
    return 2;
  }
  for (const item of p.list) {
    if (st.exited !== undefined) break;
    if (item.op === '&&' && st.status !== 0) continue;
    if (item.op === '||' && st.status === 0) continue;
    let input: string | undefined;
    const last = item.pipeline.length - 1;
    let code = 0;
    for (let i = 0; i <= last; i++) {
      const cmd = item.pipeline[i];
      if (!cmd) break;
      let buf = '';
      const sink: Sink = i < last ? (s) => (buf += s) : (s) => io.out(s);
      code = await runCommand(cmd, st, io, args, input, sink);
      input = buf;
    }
    st.status = code;
  }
  return st.exited ?? st.status;
}

async function runCommand(
  c: Command,
  st: ShellState,
  io: ShellIo,
  args: string[],
  stdin: string | undefined,
  stdout: Sink,
): Promise<number> {
  const words = c.words.map((w) => expand(w, st, args));
  let out: Sink = stdout;
  let err: Sink = (s) => io.err(s);
  const files: { path: string; text: string; append: boolean }[] = [];
  for (const r of c.redirs) {
    if ('dup' in r.target) {
      if (r.fd === 2) err = r.target.dup === 1 ? out : err;
      else if (r.target.dup === 2) out = err;
      continue;
    }
    const path = resolvePath(st.cwd, expand(r.target, st, args));
    if (r.fd === 0) {
      const n = st.world.fs.get(path);
      if (n?.kind !== 'file') {
        io.err(`${st.flavour}: can't open ${path}: no such file\n`);
        return 1;
      }
      stdin = n.content;
      continue;
    }
    if (path === '/dev/null') {
      if (r.fd === 1) out = () => undefined;
      else err = () => undefined;
      continue;
    }
    const f = { path, text: '', append: r.append };
    files.push(f);
    const sink: Sink = (s) => (f.text += s);
    if (r.fd === 1) out = sink;
    else err = sink;
  }
  // leading NAME=value words: variables of the shell when alone, else of this command only
  let k = 0;
  while (k < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[k] ?? '')) k++;
  const assigns = words.slice(0, k);
  const argv = words.slice(k);
  const set = (a: string): void => {
    const eq = a.indexOf('=');
    st.vars[a.slice(0, eq)] = a.slice(eq + 1);
  };
  let code = 0;
  if (argv.length === 0) assigns.forEach(set);
  else {
    const name = argv[0] ?? '';
    const fn = findCommand(st.world, name);
    if (!fn) {
      err(notFoundMessage(st, name));
      code = 127;
    } else {
      const saved = { ...st.vars };
      assigns.forEach(set);
      const ctx: CmdCtx = {
        st,
        out,
        err,
        input: () =>
          stdin !== undefined ? Promise.resolve(stdin) : (io.readStdin?.() ?? Promise.resolve('')),
        sleep: (ms) => io.sleep(ms),
        now: () => io.now(),
        has: (n) => findCommand(st.world, n) !== undefined,
        sub: async (script, subArgs) => {
          const child: ShellState = { ...st, vars: { ...st.vars }, exited: undefined, pid: st.pid + 3 };
          return runScript(script, child, { ...io, out, err }, subArgs);
        },
      };
      code = await fn(argv.slice(1), ctx);
      if (assigns.length > 0) st.vars = { ...saved, ...pickChanged(saved, st.vars, assigns) };
    }
  }
  for (const f of files) {
    const old = st.world.fs.get(f.path);
    if (old?.kind === 'dir') {
      io.err(`${st.flavour}: can't create ${f.path}: Is a directory\n`);
      return 1;
    }
    st.world.fs.write(f.path, (f.append && old?.kind === 'file' ? old.content : '') + f.text);
  }
  return code;
}

/** After `A=1 cmd`: keep what cmd changed (export, cd) but drop the temporary assignments. */
function pickChanged(
  before: Record<string, string>,
  after: Record<string, string>,
  assigns: string[],
): Record<string, string> {
  const temp = new Set(assigns.map((a) => a.slice(0, a.indexOf('='))));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(after)) if (!temp.has(k) && before[k] !== v) out[k] = v;
  return out;
}
