// A small in-memory filesystem per exec session: directories and text files, enough for ls, cat, cd.

export type FsNode = { kind: 'dir' } | { kind: 'file'; content: string };

/** `p` made absolute against `cwd`, with `.`, `..` and repeated slashes resolved. */
export function resolvePath(cwd: string, p: string): string {
  const parts = (p.startsWith('/') ? p : `${cwd}/${p}`).split('/');
  const out: string[] = [];
  for (const s of parts) {
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return `/${out.join('/')}`;
}

const parentOf = (p: string): string => (p === '/' ? '/' : p.slice(0, p.lastIndexOf('/')) || '/');

export class FakeFs {
  private readonly nodes = new Map<string, FsNode>([['/', { kind: 'dir' }]]);

  mkdir(path: string): void {
    const p = resolvePath('/', path);
    if (this.nodes.get(p)?.kind === 'dir') return;
    if (p !== '/') this.mkdir(parentOf(p));
    this.nodes.set(p, { kind: 'dir' });
  }

  write(path: string, content: string): void {
    const p = resolvePath('/', path);
    this.mkdir(parentOf(p));
    this.nodes.set(p, { kind: 'file', content });
  }

  get(path: string): FsNode | undefined {
    return this.nodes.get(resolvePath('/', path));
  }

  /** Names in a directory, sorted. */
  list(dir: string): string[] {
    const d = resolvePath('/', dir);
    const prefix = d === '/' ? '/' : `${d}/`;
    const names: string[] = [];
    for (const p of this.nodes.keys()) {
      if (p === d || !p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      if (!rest.includes('/')) names.push(rest);
    }
    return names.sort();
  }
}
