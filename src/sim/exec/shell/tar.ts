// `tar` and `test` for the simulated shell: what `kubectl cp` runs in the container. Copying out runs
// `tar cf - PATH` and reads a ustar archive from stdout; copying in runs `test -d DEST`, then
// `tar -xmf - -C DIR` with the archive on stdin. Files are text (the session's FakeFs), so the archive
// is built and read as UTF-8; binary content is not simulated. Extracted files last as long as the
// session's filesystem (every exec starts afresh).

import { resolvePath } from '../fs.js';
import type { FakeFs } from '../fs.js';
import type { Cmd, CmdCtx } from './types.js';

const BLOCK = 512;

const gnu = (ctx: CmdCtx): boolean =>
  ctx.st.world.traits.distro === 'debian' || ctx.st.world.traits.distro === 'ubuntu';

const octal = (n: number, width: number): string => `${n.toString(8).padStart(width - 1, '0')}\0`;

/** One ustar header block for `name` (a path inside the archive). */
function header(name: string, size: number, dir: boolean, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name.slice(0, 100), 0, 'utf8');
  h.write(octal(dir ? 0o755 : 0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(mtime / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write(dir ? '5' : '0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write('root', 265, 'ascii');
  h.write('root', 297, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

const pad = (n: number): Buffer => Buffer.alloc((BLOCK - (n % BLOCK)) % BLOCK);

/** The archive of `paths` (absolute path, name in the archive), directories recursively. */
function pack(fs: FakeFs, entries: [string, string][], mtime: number): Buffer {
  const parts: Buffer[] = [];
  const add = (abs: string, name: string): void => {
    const node = fs.get(abs);
    if (!node) return;
    if (node.kind === 'dir') {
      parts.push(header(`${name.replace(/\/$/, '')}/`, 0, true, mtime));
      for (const child of fs.list(abs))
        add(`${abs === '/' ? '' : abs}/${child}`, `${name.replace(/\/$/, '')}/${child}`);
      return;
    }
    const body = Buffer.from(node.content, 'utf8');
    parts.push(header(name, body.length, false, mtime), body, pad(body.length));
  };
  for (const [abs, name] of entries) add(abs, name);
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

interface Member {
  name: string;
  dir: boolean;
  content: string;
}

/** The members of a ustar/pax archive; undefined when it is not one. */
function unpack(buf: Buffer): Member[] | undefined {
  const out: Member[] = [];
  let longName: string | undefined;
  for (let off = 0; off + BLOCK <= buf.length;) {
    const h = buf.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break;
    const field = (a: number, n: number): string => h.toString('utf8', a, a + n).replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    if (Number.isNaN(size) || !h.toString('ascii', 257, 262).startsWith('ustar')) return undefined;
    const type = field(156, 1) || '0';
    const body = buf.subarray(off + BLOCK, off + BLOCK + size);
    off += BLOCK + size + ((BLOCK - (size % BLOCK)) % BLOCK);
    if (type === 'x') {
      // pax extended header: `<len> path=<name>\n` records
      const m = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      longName = m?.[1];
      continue;
    }
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    if (type === 'g') continue;
    const prefix = field(345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    if (type === '5') out.push({ name, dir: true, content: '' });
    else if (type === '0' || type === '7') out.push({ name, dir: false, content: body.toString('utf8') });
  }
  return out;
}

interface TarArgs {
  mode: 'c' | 'x' | 't' | undefined;
  file: string | undefined;
  dir: string | undefined;
  verbose: boolean;
  compress: string | undefined;
  paths: string[];
}

function parseTarArgs(args: string[]): TarArgs | string {
  const r: TarArgs = {
    mode: undefined,
    file: undefined,
    dir: undefined,
    verbose: false,
    compress: undefined,
    paths: [],
  };
  const rest = [...args];
  let first = true;
  while (rest.length > 0) {
    const a = rest.shift() ?? '';
    if (a.startsWith('--')) {
      if (a === '--directory' || a === '--file') {
        const v = rest.shift();
        if (a === '--directory') r.dir = v;
        else r.file = v;
      } else if (a.startsWith('--directory=')) r.dir = a.slice(12);
      else if (a.startsWith('--file=')) r.file = a.slice(7);
      continue;
    }
    // the first word may be bundled letters without a dash (`tar cf - /etc`)
    if ((a.startsWith('-') && a.length > 1) || (first && /^[a-zA-Z]+$/.test(a))) {
      for (const ch of a.replace(/^-/, '')) {
        if (ch === 'c' || ch === 'x' || ch === 't') r.mode = ch;
        else if (ch === 'f') r.file = rest.shift();
        else if (ch === 'C') r.dir = rest.shift();
        else if (ch === 'v') r.verbose = true;
        else if (ch === 'z' || ch === 'j' || ch === 'J')
          r.compress = ch === 'z' ? 'gzip' : ch === 'j' ? 'bzip2' : 'xz';
        else if (ch !== 'm' && ch !== 'p' && ch !== 'o') return `invalid option -- '${ch}'`;
      }
    } else r.paths.push(a);
    first = false;
  }
  return r;
}

const tar: Cmd = async (args, ctx) => {
  const say = (m: string): void => ctx.err(`tar: ${m}\n`);
  const a = parseTarArgs(args);
  if (typeof a === 'string') return (say(a), 2);
  if (!a.mode)
    return (
      say(
        gnu(ctx)
          ? "You must specify one of the '-Acdtrux', '--delete' or '--test-label' options"
          : 'need one of c, x or t',
      ),
      2
    );
  if (a.compress) return (say(`${a.compress}: Cannot exec: No such file or directory`), 2);
  if (a.file !== undefined && a.file !== '-')
    return (say(`${a.file}: Cannot open: Read-only file system`), 2);
  const fs = ctx.st.world.fs;
  const base = a.dir === undefined ? ctx.st.cwd : resolvePath(ctx.st.cwd, a.dir);
  if (a.dir !== undefined && fs.get(base)?.kind !== 'dir')
    return (say(`${a.dir}: Cannot open: No such file or directory`), 2);
  if (a.mode === 'c') {
    if (a.paths.length === 0)
      return (say(gnu(ctx) ? 'Cowardly refusing to create an empty archive' : 'empty archive'), 2);
    let status = 0;
    const entries: [string, string][] = [];
    let stripped = false;
    for (const p of a.paths) {
      const abs = resolvePath(base, p);
      if (!fs.get(abs)) {
        say(`${p}: Cannot stat: No such file or directory`);
        status = 2;
        continue;
      }
      const name = p.replace(/^\/+/, '') || '.';
      if (p.startsWith('/')) stripped = true;
      entries.push([abs, name]);
    }
    if (stripped)
      say(gnu(ctx) ? "Removing leading `/' from member names" : "removing leading '/' from member names");
    ctx.out(pack(fs, entries, ctx.now()).toString('utf8'));
    if (status !== 0 && gnu(ctx)) say('Exiting with failure status due to previous errors');
    return status;
  }
  const members = unpack(Buffer.from(await ctx.input(), 'utf8'));
  if (!members) return (say(gnu(ctx) ? 'This does not look like a tar archive' : 'invalid tar magic'), 2);
  for (const m of members) {
    if (a.mode === 't' || a.verbose) ctx.out(`${m.name}\n`);
    if (a.mode !== 'x') continue;
    const abs = resolvePath(base, m.name);
    if (m.dir) fs.mkdir(abs);
    else fs.write(abs, m.content);
  }
  return 0;
};

/** `test` / `[`: the file and string tests scripts use (-d -f -e -s -n -z, =, !=). */
const test: Cmd = (args, ctx) => {
  const fs = ctx.st.world.fs;
  const at = (p: string) => fs.get(resolvePath(ctx.st.cwd, p));
  const [op = '', x = '', y] = args;
  if (args.length === 0) return 1;
  if (args.length === 1) return op === '' ? 1 : 0;
  if (args.length === 2) {
    if (op === '!') return x === '' ? 0 : 1;
    if (op === '-d') return at(x)?.kind === 'dir' ? 0 : 1;
    if (op === '-f') return at(x)?.kind === 'file' ? 0 : 1;
    if (op === '-e') return at(x) ? 0 : 1;
    if (op === '-s') {
      const n = at(x);
      return n?.kind === 'file' && n.content.length > 0 ? 0 : n?.kind === 'dir' ? 0 : 1;
    }
    if (op === '-n') return x !== '' ? 0 : 1;
    if (op === '-z') return x === '' ? 0 : 1;
  }
  if (args.length === 3 && y !== undefined) {
    if (x === '=' || x === '==') return op === y ? 0 : 1;
    if (x === '!=') return op !== y ? 0 : 1;
  }
  return 2;
};

export const ARCHIVE_COMMANDS: Record<string, Cmd> = {
  tar,
  test,
  '[': (args, ctx) => (args.at(-1) === ']' ? test(args.slice(0, -1), ctx) : (ctx.err("[: missing ']'\n"), 2)),
};
