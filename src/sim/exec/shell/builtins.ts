// The simulated shell's other commands: echo, printf, env, export, hostname, ps, whoami, id, date,
// sleep, true, false, stty, exit, uname, which, sh/bash -c, clear, nproc.

import type { Cmd, CmdCtx } from './types.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => String(n).padStart(2, '0');

/** `date`'s default format in UTC: `Sun Nov 22 05:12:00 UTC 2026`. */
function formatDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()] ?? ''} ${MONTHS[d.getUTCMonth()] ?? ''} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

const escapes = (s: string): string =>
  s.replace(
    /\\(n|t|\\|c|e|r)/g,
    (_m, c: string) => ({ n: '\n', t: '\t', '\\': '\\', c: '', e: '\x1b', r: '\r' })[c] ?? '',
  );

const echo: Cmd = (args, ctx) => {
  let newline = true;
  let esc = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i] ?? ''); i++) {
    const a = args[i] ?? '';
    if (a.includes('n')) newline = false;
    if (a.includes('e')) esc = true;
  }
  const text = args.slice(i).join(' ');
  ctx.out(`${esc ? escapes(text) : text}${newline ? '\n' : ''}`);
  return 0;
};

const printf: Cmd = (args, ctx) => {
  const [fmt = '', ...rest] = args;
  let k = 0;
  const once = (): string =>
    escapes(fmt).replace(/%([sdi%])/g, (_m, c: string) => {
      if (c === '%') return '%';
      const v = rest[k++] ?? '';
      return c === 's' ? v : String(Number.parseInt(v, 10) || 0);
    });
  let out = once();
  while (k > 0 && k < rest.length) out += once();
  ctx.out(out);
  return 0;
};

const env: Cmd = (_args, ctx) => {
  ctx.out(
    Object.entries(ctx.st.vars)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  );
  return 0;
};

const setVar = (ctx: CmdCtx, a: string): void => {
  const eq = a.indexOf('=');
  if (eq > 0) ctx.st.vars[a.slice(0, eq)] = a.slice(eq + 1);
};

const ps: Cmd = (_args, ctx) => {
  const procs = [...ctx.st.world.processes, { pid: ctx.st.pid, user: 'root', cmd: ctx.st.flavour }];
  ctx.out('PID   USER     TIME  COMMAND\n');
  for (const p of [...procs, { pid: ctx.st.pid + 7, user: 'root', cmd: 'ps' }])
    ctx.out(`${String(p.pid).padStart(5)} ${p.user.padEnd(8)}  0:00 ${p.cmd}\n`);
  return 0;
};

const sleep: Cmd = async (args, ctx) => {
  const a = args[0];
  if (a === undefined) {
    ctx.err('sleep: missing operand\n');
    return 1;
  }
  const secs = a === 'infinity' ? Number.POSITIVE_INFINITY : Number(a.replace(/s$/, ''));
  if (Number.isNaN(secs) || secs < 0) {
    ctx.err(`sleep: invalid number '${a}'\n`);
    return 1;
  }
  return (await ctx.sleep(secs * 1000)) ? 0 : 130;
};

const stty: Cmd = (args, ctx) => {
  if (!ctx.st.tty) {
    ctx.err("stty: 'standard input': Inappropriate ioctl for device\n");
    return 1;
  }
  if (args[0] === 'size') ctx.out(`${ctx.st.size.rows} ${ctx.st.size.cols}\n`);
  return 0;
};

const exit: Cmd = (args, ctx) => {
  const a = args[0];
  const n = a === undefined ? ctx.st.status : Number.parseInt(a, 10);
  if (a !== undefined && !/^-?\d+$/.test(a)) {
    ctx.err(`${ctx.st.flavour}: exit: ${a}: numeric argument required\n`);
    ctx.st.exited = 2;
    return 2;
  }
  ctx.st.exited = ((n % 256) + 256) % 256;
  return ctx.st.exited;
};

const shell: Cmd = (args, ctx) => {
  const c = args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a));
  if (c >= 0) return ctx.sub(args[c + 1] ?? '', args.slice(c + 2));
  ctx.err(`${ctx.st.flavour}: nested interactive shells are not simulated\n`);
  return 1;
};

export const BUILTINS: Record<string, Cmd> = {
  echo,
  printf,
  env,
  printenv: (args, ctx) => {
    if (args.length === 0) return env(args, ctx);
    const vals = args.map((a) => ctx.st.vars[a]);
    for (const v of vals) if (v !== undefined) ctx.out(`${v}\n`);
    return vals.every((v) => v !== undefined) ? 0 : 1;
  },
  export: (args, ctx) => (args.forEach((a) => setVar(ctx, a)), 0),
  unset: (args, ctx) => (args.forEach((a) => delete ctx.st.vars[a]), 0),
  hostname: (_a, ctx) => (ctx.out(`${ctx.st.world.pod}\n`), 0),
  ps,
  whoami: (_a, ctx) => (ctx.out('root\n'), 0),
  id: (_a, ctx) => (ctx.out('uid=0(root) gid=0(root) groups=0(root)\n'), 0),
  date: (_a, ctx) => (ctx.out(`${formatDate(ctx.now())}\n`), 0),
  sleep,
  true: () => 0,
  false: () => 1,
  ':': () => 0,
  stty,
  exit,
  uname: (args, ctx) => (
    ctx.out(
      args.includes('-a') ? `Linux ${ctx.st.world.pod} 6.8.0-sim #1 SMP x86_64 GNU/Linux\n` : 'Linux\n',
    ),
    0
  ),
  which: (args, ctx) => {
    const found = args.filter((a) => ctx.has(a));
    for (const a of found) ctx.out(a.includes('/') ? `${a}\n` : `/bin/${a}\n`);
    return found.length === args.length ? 0 : 1;
  },
  clear: (_a, ctx) => (ctx.out('\x1b[H\x1b[2J'), 0),
  nproc: (_a, ctx) => (ctx.out('2\n'), 0),
  sh: shell,
  bash: shell,
  ash: shell,
  dash: shell,
};
