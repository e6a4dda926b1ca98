// Kubeconfig loading with kubectl's rules (client-go clientcmd), parsed with js-yaml so the header can show
// contexts before client-node is loaded:
//   --kubeconfig FILE (must exist)  >  KUBECONFIG (path list; missing files skipped; for contexts, clusters
//   and users the FIRST occurrence of a name wins; the first file that sets current-context wins)  >
//   ~/.kube/config.
// Relative file references (certificate-authority, client-certificate, client-key, token-file, an exec
// command with a slash) are resolved against the directory of the file that defined them, as kubectl does.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { KubeError } from './errors.js';

export type RawMap = Record<string, unknown>;

interface KubeconfigContext {
  name: string;
  cluster: string;
  /** Empty when the context names no user (anonymous). */
  user: string;
  namespace?: string;
  /** The file the entry came from. */
  source: string;
}
interface KubeconfigCluster {
  name: string;
  server?: string;
  /** The `cluster:` map as written, with relative paths made absolute. */
  raw: RawMap;
  source: string;
}
interface KubeconfigUser {
  name: string;
  /** The `user:` map as written, with relative paths made absolute. Holds secrets: never print it. */
  raw: RawMap;
  source: string;
}
export interface LoadedKubeconfig {
  /** Files actually read, in precedence order (`<memory>` for an in-memory document). */
  files: string[];
  /** Files listed in KUBECONFIG that did not exist and were skipped. */
  skipped: string[];
  currentContext?: string;
  /** Merged, in order of first appearance. */
  contexts: KubeconfigContext[];
  clusters: Map<string, KubeconfigCluster>;
  users: Map<string, KubeconfigUser>;
}

export type KubeconfigLoad =
  | { kind: 'loaded'; config: LoadedKubeconfig }
  /** No kubeconfig at all: the CLI may fall back to the simulated cluster. */
  | { kind: 'none'; searched: string[] }
  /** A kubeconfig exists but cannot be used; `error.message` names the file (and line for YAML). */
  | { kind: 'broken'; error: KubeError };

export interface LoadKubeconfigOptions {
  /** `--kubeconfig`; must exist. Relative to `cwd`. */
  explicitPath?: string;
  env?: Record<string, string | undefined>;
  home?: string;
  cwd?: string;
}

/** Which files kubectl would read, in precedence order, and whether they must exist. */
function kubeconfigPaths(opts: LoadKubeconfigOptions = {}): { paths: string[]; mustExist: boolean } {
  const cwd = opts.cwd ?? process.cwd();
  if (opts.explicitPath) return { paths: [resolve(cwd, opts.explicitPath)], mustExist: true };
  const env = opts.env ?? process.env;
  const list = env['KUBECONFIG'];
  if (list) {
    const seen = new Set<string>();
    const paths: string[] = [];
    for (const p of list.split(delimiter)) {
      if (!p) continue;
      const abs = resolve(cwd, p);
      if (!seen.has(abs)) {
        seen.add(abs);
        paths.push(abs);
      }
    }
    return { paths, mustExist: false };
  }
  const home = opts.home ?? env['HOME'] ?? homedir();
  return { paths: [join(home, '.kube', 'config')], mustExist: false };
}

export function loadKubeconfig(opts: LoadKubeconfigOptions = {}): KubeconfigLoad {
  const { paths, mustExist } = kubeconfigPaths(opts);
  const acc = emptyConfig();
  for (const file of paths) {
    let text: string;
    try {
      if (!existsSync(file)) {
        if (mustExist) return broken(`kubeconfig ${file}: file does not exist`);
        acc.skipped.push(file);
        continue;
      }
      if (statSync(file).isDirectory()) return broken(`kubeconfig ${file}: is a directory`);
      text = readFileSync(file, 'utf8');
    } catch (e) {
      return broken(`kubeconfig ${file}: ${(e as Error).message}`);
    }
    const err = mergeDocument(acc, text, file, dirname(file));
    if (err) return { kind: 'broken', error: err };
    acc.files.push(file);
  }
  if (acc.files.length === 0) return { kind: 'none', searched: paths };
  return { kind: 'loaded', config: acc };
}

/** An in-memory kubeconfig (the embedded simulator hands one over). */
export function parseKubeconfig(yaml: string, source = '<memory>', baseDir = process.cwd()): KubeconfigLoad {
  const acc = emptyConfig();
  const err = mergeDocument(acc, yaml, source, baseDir);
  if (err) return { kind: 'broken', error: err };
  acc.files.push(source);
  return { kind: 'loaded', config: acc };
}

export interface ContextInfo {
  context: string;
  cluster: string;
  server: string;
  /** Empty for an anonymous context. */
  user: string;
  /** The context's namespace, or `default`. */
  namespace: string;
  namespaceExplicit: boolean;
}

/** Resolve a context (default: current-context) to its cluster, server, user and namespace. */
export function contextInfo(cfg: LoadedKubeconfig, name?: string): ContextInfo | KubeError {
  const ctxName = name || cfg.currentContext;
  const names = cfg.contexts.map((c) => c.name);
  const avail = names.length ? ` (available: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', ...' : ''})` : '';
  if (names.length === 0) return new KubeError('Config', `no contexts in ${cfg.files.join(', ') || 'the kubeconfig'}`);
  if (!ctxName) return new KubeError('Config', `current-context is not set; choose one with --context${avail}`);
  const ctx = cfg.contexts.find((c) => c.name === ctxName);
  if (!ctx) return new KubeError('Config', `context "${ctxName}" not found in kubeconfig${avail}`);
  const cluster = cfg.clusters.get(ctx.cluster);
  if (!cluster) return new KubeError('Config', `context "${ctx.name}" refers to cluster "${ctx.cluster}", which is not defined`);
  if (!cluster.server) return new KubeError('Config', `cluster "${cluster.name}" has no server (${cluster.source})`);
  if (ctx.user && !cfg.users.has(ctx.user)) {
    return new KubeError('Config', `context "${ctx.name}" refers to user "${ctx.user}", which is not defined`);
  }
  return {
    context: ctx.name,
    cluster: cluster.name,
    server: cluster.server,
    user: ctx.user,
    namespace: ctx.namespace || 'default',
    namespaceExplicit: Boolean(ctx.namespace),
  };
}

function emptyConfig(): LoadedKubeconfig {
  return { files: [], skipped: [], contexts: [], clusters: new Map(), users: new Map() };
}

function broken(msg: string): KubeconfigLoad {
  return { kind: 'broken', error: new KubeError('Config', msg) };
}

function isMap(v: unknown): v is RawMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface YamlErrorLike {
  reason?: unknown;
  mark?: { line?: unknown; column?: unknown };
  message?: unknown;
}

function parseYaml(text: string, source: string): unknown | KubeError {
  // js-yaml 5 rejects an empty stream; kubectl treats an empty file as an empty config
  if (!/^\s*[^\s#]/m.test(text)) return {};
  try {
    return load(text, { filename: source });
  } catch (e) {
    const y = e as YamlErrorLike;
    const line = typeof y.mark?.line === 'number' ? ` line ${y.mark.line + 1}` : '';
    const why = typeof y.reason === 'string' ? y.reason : String(y.message ?? e);
    return new KubeError('Config', `kubeconfig ${source}:${line ? `${line}:` : ''} YAML error: ${why}`);
  }
}

/** Merge one document into `acc` (first name wins, first current-context wins). */
function mergeDocument(acc: LoadedKubeconfig, text: string, source: string, baseDir: string): KubeError | undefined {
  const doc = parseYaml(text, source);
  if (doc instanceof KubeError) return doc;
  if (doc === null || doc === undefined) return undefined;
  if (!isMap(doc)) return new KubeError('Config', `kubeconfig ${source}: not a kubeconfig (expected a mapping at the top)`);
  const lists: Record<'clusters' | 'users' | 'contexts', unknown[]> = { clusters: [], users: [], contexts: [] };
  for (const key of ['clusters', 'users', 'contexts'] as const) {
    const v = doc[key];
    if (v === undefined || v === null) continue;
    if (!Array.isArray(v)) return new KubeError('Config', `kubeconfig ${source}: "${key}" must be a list`);
    lists[key] = v;
  }
  const cur = doc['current-context'];
  if (acc.currentContext === undefined && typeof cur === 'string' && cur) acc.currentContext = cur;

  for (const entry of lists.clusters) {
    const name = entryName(entry);
    if (name === undefined || acc.clusters.has(name)) continue;
    const raw = resolvePaths(copyMap((entry as RawMap)['cluster']), baseDir, ['certificate-authority']);
    const server = typeof raw['server'] === 'string' && raw['server'] ? raw['server'] : undefined;
    acc.clusters.set(name, { name, ...(server ? { server } : {}), raw, source });
  }
  for (const entry of lists.users) {
    const name = entryName(entry);
    if (name === undefined || acc.users.has(name)) continue;
    const raw = resolvePaths(copyMap((entry as RawMap)['user']), baseDir, ['client-certificate', 'client-key', 'token-file']);
    const exec = raw['exec'];
    if (isMap(exec) && typeof exec['command'] === 'string') {
      const cmd = exec['command'];
      // kubectl resolves an exec command only when it is a relative path, not a bare name looked up in PATH
      if (cmd.includes('/') && !isAbsolute(cmd)) raw['exec'] = { ...exec, command: join(baseDir, cmd) };
    }
    acc.users.set(name, { name, raw, source });
  }
  const seenContexts = new Set(acc.contexts.map((c) => c.name));
  for (const entry of lists.contexts) {
    const name = entryName(entry);
    if (name === undefined || seenContexts.has(name)) continue;
    seenContexts.add(name);
    const c = copyMap((entry as RawMap)['context']);
    const str = (k: string): string => (typeof c[k] === 'string' ? (c[k] as string) : '');
    const ns = str('namespace');
    acc.contexts.push({ name, cluster: str('cluster'), user: str('user'), ...(ns ? { namespace: ns } : {}), source });
  }
  return undefined;
}

function entryName(entry: unknown): string | undefined {
  if (!isMap(entry)) return undefined;
  const n = entry['name'];
  return typeof n === 'string' && n ? n : undefined;
}

function copyMap(v: unknown): RawMap {
  return isMap(v) ? { ...v } : {};
}

function resolvePaths(raw: RawMap, baseDir: string, keys: string[]): RawMap {
  for (const k of keys) {
    const v = raw[k];
    if (typeof v === 'string' && v && !isAbsolute(v)) raw[k] = join(baseDir, v);
  }
  return raw;
}
