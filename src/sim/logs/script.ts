// What a scripted container prints: a tiny interpreter for the `echo`/`printf` output of commands such
// as `echo hello`, `sh -c "echo start; sleep 2; echo done"`, `for i in 1 2 3; do echo $i; done` or
// `while true; do echo tick; sleep 5; done`. Only output and timing are simulated: statements take 1 ms,
// `sleep N` N s; `exit` stops; `$VAR` comes from the container's env (plus HOSTNAME = the pod name);
// `$(date)` and `$(hostname)` are substituted, other command substitutions print nothing. `if` blocks
// run their branches unconditionally (conditions are not evaluated).

type Seg = { lit: string } | { var: string } | { cmd: string };
type Word = Seg[];
type Stmt = Word[];

/** One line of output at `atMs` after the container started; DATE marks where `$(date)` goes. */
interface ScriptLine {
  atMs: number;
  text: string;
}
export interface ScriptLog {
  lines: ScriptLine[];
  /** An endless loop after `lines`: `body` repeats every `periodMs` from `startMs`. */
  loop?: { startMs: number; periodMs: number; body: ScriptLine[] };
}

export const DATE = '\u0000DATE\u0000';
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

/** The script a container's command line runs, or undefined when it is not a shell or echo. */
export function scriptOf(argv: readonly string[]): string | undefined {
  const prog = (argv[0] ?? '').split('/').pop() ?? '';
  if (SHELLS.has(prog)) {
    const c = argv.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a));
    return c > 0 ? argv[c + 1] : undefined;
  }
  if (prog === 'echo' || prog === 'printf')
    return [prog, ...argv.slice(1).map((a) => `'${a.replace(/'/g, `'\\''`)}'`)].join(' ');
  return undefined;
}

function tokenize(src: string): Stmt[] {
  const stmts: Stmt[] = [];
  let stmt: Stmt = [];
  let word: Word | undefined;
  const lit = (s: string): void => {
    word ??= [];
    const last = word[word.length - 1];
    if (last && 'lit' in last) last.lit += s;
    else word.push({ lit: s });
  };
  const endWord = (): void => {
    if (word) stmt.push(word);
    word = undefined;
  };
  const endStmt = (): void => {
    endWord();
    if (stmt.length) stmts.push(stmt);
    stmt = [];
  };
  let q: '' | "'" | '"' = '';
  for (let i = 0; i < src.length; i++) {
    const ch = src.charAt(i);
    if (q === "'") {
      if (ch === "'") q = '';
      else lit(ch);
      continue;
    }
    if (ch === '\\' && i + 1 < src.length) {
      lit(src.charAt(++i));
      continue;
    }
    if (ch === '$' && src.charAt(i + 1) === '(') {
      let depth = 0;
      let j = i + 1;
      for (; j < src.length; j++) {
        if (src.charAt(j) === '(') depth++;
        else if (src.charAt(j) === ')' && --depth === 0) break;
      }
      word ??= [];
      word.push({ cmd: src.slice(i + 2, j).trim() });
      i = j;
      continue;
    }
    const v = ch === '$' ? /^\$(?:\{(\w+)\}|(\w+))/.exec(src.slice(i)) : null;
    if (v) {
      word ??= [];
      word.push({ var: v[1] ?? v[2] ?? '' });
      i += v[0].length - 1;
      continue;
    }
    if (q === '"') {
      if (ch === '"') q = '';
      else lit(ch);
      continue;
    }
    if (ch === "'" || ch === '"') {
      q = ch;
      word ??= [];
    } else if (ch === ' ' || ch === '\t') endWord();
    else if (ch === ';' || ch === '\n' || ch === '&' || ch === '|') endStmt();
    else if (ch === '#' && !word) while (i + 1 < src.length && src.charAt(i + 1) !== '\n') i++;
    else lit(ch);
  }
  endStmt();
  return stmts;
}

interface Env {
  vars: Map<string, string>;
  t: number;
  out: ScriptLine[];
  steps: number;
}

const MAX_LINES = 1000;

function expand(w: Word, env: Env): string {
  return w
    .map((s) => {
      if ('lit' in s) return s.lit;
      if ('var' in s) return env.vars.get(s.var) ?? '';
      if (/^date\b/.test(s.cmd)) return DATE;
      if (s.cmd === 'hostname') return env.vars.get('HOSTNAME') ?? '';
      const seq = /^seq\s+(\d+)(?:\s+(\d+))?$/.exec(s.cmd);
      if (seq) {
        const [a, b] = seq[2] === undefined ? [1, Number(seq[1])] : [Number(seq[1]), Number(seq[2])];
        const n = Math.max(0, Math.min(MAX_LINES, b - a + 1));
        return Array.from({ length: n }, (_, k) => String(a + k)).join(' ');
      }
      return '';
    })
    .join('');
}

function printfFormat(args: string[]): string {
  const [fmt = '', ...rest] = args;
  let k = 0;
  return fmt
    .replace(/%[-\d.]*[sdif]/g, () => rest[k++] ?? '')
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t');
}

function emit(env: Env, text: string): void {
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  for (const l of lines) if (env.out.length < MAX_LINES) env.out.push({ atMs: env.t, text: l });
}

/** Run statements [from, to); returns 'exit' when the script stopped. */
function run(stmts: Stmt[], from: number, to: number, env: Env): 'exit' | 'loop' | undefined {
  for (let i = from; i < to; i++) {
    if (++env.steps > 10_000) return 'exit';
    const s = stmts[i] ?? [];
    let words = s.map((w) => expand(w, env));
    while (['then', 'else', 'do', 'if', 'elif', '{', '}', '!'].includes(words[0] ?? '')) {
      if (words[0] === 'if' || words[0] === 'elif') words = [];
      else words = words.slice(1);
    }
    const [cmd = '', ...args] = words;
    env.t += 1;
    if (cmd === 'while' || cmd === 'until' || cmd === 'for') {
      const end = matchingDone(stmts, i);
      const bodyFrom = i + 1;
      if (cmd === 'for') {
        const inAt = args.indexOf('in');
        const name = args[0] ?? 'i';
        const items =
          inAt >= 0
            ? args
                .slice(inAt + 1)
                .flatMap((a) => a.split(/\s+/))
                .filter(Boolean)
            : [];
        for (const it of items) {
          env.vars.set(name, it);
          if (run(stmts, bodyFrom, end, env) === 'exit') return 'exit';
        }
      } else {
        const forever = cmd === 'while' && ['true', ':'].includes(args[0] ?? '');
        if (forever) return 'loop';
      }
      i = end;
      continue;
    }
    if (cmd === 'done' || cmd === 'fi') continue;
    if (cmd === 'exit') return 'exit';
    if (cmd === 'echo') {
      const flags = args[0] === '-n' || args[0] === '-e' || args[0] === '-ne' ? (args.shift() ?? '') : '';
      let text = args.join(' ');
      if (flags.includes('e')) text = text.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
      emit(env, flags.includes('n') ? text : `${text}\n`);
    } else if (cmd === 'printf') emit(env, printfFormat(args));
    else if (cmd === 'date') emit(env, `${DATE}\n`);
    else if (cmd === 'hostname') emit(env, `${env.vars.get('HOSTNAME') ?? ''}\n`);
    else if (cmd === 'sleep') env.t += Math.round(Number(args[0] ?? '0') * 1000) || 0;
    else if (/^\w+=/.test(cmd)) env.vars.set(cmd.slice(0, cmd.indexOf('=')), cmd.slice(cmd.indexOf('=') + 1));
  }
  return undefined;
}

function matchingDone(stmts: Stmt[], from: number): number {
  let depth = 0;
  for (let i = from; i < stmts.length; i++) {
    const words = (stmts[i] ?? []).map((w) => w.map((x) => ('lit' in x ? x.lit : '')).join(''));
    for (const w of words) {
      if (w === 'while' || w === 'until' || w === 'for') depth++;
      if (w === 'done' && --depth === 0) return i;
    }
  }
  return stmts.length;
}

/** The output of `script` with the given variables (env of the container, HOSTNAME). */
export function runScript(script: string, vars: Record<string, string>): ScriptLog {
  const stmts = tokenize(script);
  const env: Env = { vars: new Map(Object.entries(vars)), t: 0, out: [], steps: 0 };
  return loopAware(stmts, env);
}

function loopAware(stmts: Stmt[], env: Env): ScriptLog {
  for (let i = 0; i < stmts.length; i++) {
    const w = (stmts[i] ?? []).map((x) => expand(x, env));
    if (w[0] === 'while' && ['true', ':'].includes(w[1] ?? '')) {
      if (run(stmts, 0, i, env) === 'exit') return { lines: env.out };
      const end = matchingDone(stmts, i);
      const before = env.out.length;
      const start = env.t + 1;
      env.t = start;
      run(stmts, i + 1, end, env);
      const body = env.out.splice(before).map((l) => ({ atMs: l.atMs - start, text: l.text }));
      const periodMs = Math.max(1000, env.t - start);
      return body.length ? { lines: env.out, loop: { startMs: start, periodMs, body } } : { lines: env.out };
    }
  }
  run(stmts, 0, stmts.length, env);
  return { lines: env.out };
}
