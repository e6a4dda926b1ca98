// File commands of the simulated shell: ls, cat, cd, pwd, mkdir, touch, rm, head, tail, wc, grep.

import { resolvePath } from '../fs.js';
import type { Cmd, CmdCtx } from './types.js';

const gnu = (ctx: CmdCtx): boolean =>
  ctx.st.world.traits.distro === 'debian' || ctx.st.world.traits.distro === 'ubuntu';
const noEnt = (ctx: CmdCtx, cmd: string, p: string): void =>
  ctx.err(
    gnu(ctx) && cmd === 'ls'
      ? `ls: cannot access '${p}': No such file or directory\n`
      : `${cmd}: ${p}: No such file or directory\n`,
  );

const flagsAndPaths = (args: string[]): { flags: string; paths: string[] } => {
  const flags = args
    .filter((a) => /^-[A-Za-z0-9]+$/.test(a))
    .map((a) => a.slice(1))
    .join('');
  return { flags, paths: args.filter((a) => !/^-[A-Za-z0-9]+$/.test(a)) };
};

const ls: Cmd = (args, ctx) => {
  const { flags, paths } = flagsAndPaths(args);
  const fs = ctx.st.world.fs;
  const targets = paths.length ? paths : ['.'];
  let code = 0;
  targets.forEach((t, i) => {
    const p = resolvePath(ctx.st.cwd, t);
    const n = fs.get(p);
    if (!n) {
      noEnt(ctx, 'ls', t);
      code = 2;
      return;
    }
    if (n.kind === 'file') {
      ctx.out(
        flags.includes('l')
          ? `-rw-r--r--    1 root     root  ${String(n.content.length).padStart(8)} ${t}\n`
          : `${t}\n`,
      );
      return;
    }
    if (targets.length > 1) ctx.out(`${i > 0 ? '\n' : ''}${t}:\n`);
    let names = fs.list(p);
    if (flags.includes('a')) names = ['.', '..', ...names];
    if (flags.includes('l')) {
      ctx.out(`total ${names.length * 4}\n`);
      for (const nm of names) {
        const c = nm === '.' || nm === '..' ? { kind: 'dir' as const } : fs.get(`${p}/${nm}`);
        const size = c?.kind === 'file' ? c.content.length : 4096;
        ctx.out(
          `${c?.kind === 'dir' ? 'drwxr-xr-x' : '-rw-r--r--'}    1 root     root  ${String(size).padStart(8)} ${nm}\n`,
        );
      }
    } else if (names.length) ctx.out(`${names.join(ctx.st.tty ? '  ' : '\n')}\n`);
  });
  return code;
};

async function readAll(ctx: CmdCtx, cmd: string, paths: string[]): Promise<string | undefined> {
  if (paths.length === 0) return ctx.input();
  let text = '';
  let ok = true;
  for (const t of paths) {
    const n = ctx.st.world.fs.get(resolvePath(ctx.st.cwd, t));
    if (!n) {
      noEnt(ctx, cmd, t);
      ok = false;
    } else if (n.kind === 'dir') {
      ctx.err(`${cmd}: ${t}: Is a directory\n`);
      ok = false;
    } else text += n.content;
  }
  return ok ? text : text || undefined;
}

const cat: Cmd = async (args, ctx) => {
  const text = await readAll(ctx, 'cat', flagsAndPaths(args).paths);
  if (text) ctx.out(text);
  return text === undefined ? 1 : 0;
};

const lines = (t: string): string[] => {
  const l = t.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
};

function countArg(args: string[]): { n: number; rest: string[] } {
  const i = args.findIndex((a) => a === '-n' || /^-\d+$/.test(a) || /^-n\d+$/.test(a));
  if (i < 0) return { n: 10, rest: args };
  const a = args[i] ?? '';
  if (a === '-n')
    return { n: Number(args[i + 1] ?? 10), rest: args.filter((_, k) => k !== i && k !== i + 1) };
  return { n: Number(a.replace(/^-n?/, '')), rest: args.filter((_, k) => k !== i) };
}

const headTail =
  (tail: boolean): Cmd =>
  async (args, ctx) => {
    const { n, rest } = countArg(args);
    const text = await readAll(ctx, tail ? 'tail' : 'head', rest);
    if (text === undefined) return 1;
    const l = lines(text);
    const pick = tail ? l.slice(Math.max(0, l.length - n)) : l.slice(0, n);
    if (pick.length) ctx.out(`${pick.join('\n')}\n`);
    return 0;
  };

const wc: Cmd = async (args, ctx) => {
  const { flags, paths } = flagsAndPaths(args);
  const text = await readAll(ctx, 'wc', paths);
  if (text === undefined) return 1;
  const l = (text.match(/\n/g) ?? []).length;
  const w = text.split(/\s+/).filter(Boolean).length;
  const c = Buffer.byteLength(text);
  const name = paths.length === 1 ? ` ${paths[0] ?? ''}` : '';
  if (flags === 'l') ctx.out(`${l}${name}\n`);
  else if (flags === 'w') ctx.out(`${w}${name}\n`);
  else if (flags === 'c') ctx.out(`${c}${name}\n`);
  else ctx.out(`${String(l).padStart(7)} ${String(w).padStart(7)} ${String(c).padStart(7)}${name}\n`);
  return 0;
};

const grep: Cmd = async (args, ctx) => {
  const { flags, paths } = flagsAndPaths(args);
  const [pattern, ...files] = paths;
  if (pattern === undefined) {
    ctx.err('Usage: grep [-ivc] PATTERN [FILE]...\n');
    return 2;
  }
  const text = await readAll(ctx, 'grep', files);
  if (text === undefined) return 2;
  let re: RegExp;
  try {
    re = new RegExp(pattern, flags.includes('i') ? 'i' : '');
  } catch {
    re = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
  const hits = lines(text).filter((l) => re.test(l) !== flags.includes('v'));
  if (flags.includes('c')) ctx.out(`${hits.length}\n`);
  else if (hits.length) ctx.out(`${hits.join('\n')}\n`);
  return hits.length ? 0 : 1;
};

const cd: Cmd = (args, ctx) => {
  const t = args[0] ?? ctx.st.vars['HOME'] ?? '/';
  const p = resolvePath(ctx.st.cwd, t);
  const n = ctx.st.world.fs.get(p);
  if (n?.kind !== 'dir') {
    const why = n ? 'Not a directory' : 'No such file or directory';
    ctx.err(ctx.st.flavour === 'bash' ? `bash: cd: ${t}: ${why}\n` : `sh: cd: can't cd to ${t}: ${why}\n`);
    return ctx.st.flavour === 'bash' ? 1 : 2;
  }
  ctx.st.cwd = p;
  ctx.st.vars['PWD'] = p;
  return 0;
};

const mkdir: Cmd = (args, ctx) => {
  for (const t of flagsAndPaths(args).paths) ctx.st.world.fs.mkdir(resolvePath(ctx.st.cwd, t));
  return 0;
};

const touch: Cmd = (args, ctx) => {
  for (const t of flagsAndPaths(args).paths) {
    const p = resolvePath(ctx.st.cwd, t);
    if (!ctx.st.world.fs.get(p)) ctx.st.world.fs.write(p, '');
  }
  return 0;
};

export const FILE_COMMANDS: Record<string, Cmd> = {
  ls,
  cat,
  cd,
  pwd: (_a, ctx) => (ctx.out(`${ctx.st.cwd}\n`), 0),
  mkdir,
  touch,
  head: headTail(false),
  tail: headTail(true),
  wc,
  grep,
};
