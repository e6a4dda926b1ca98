import type { ResourceDef } from '../../resources/types.js';
import { resolveResource, resources } from '../../resources/registry.js';

export type ParsedCommand =
  | {
      type: 'view';
      resource: ResourceDef;
      namespace?: string;
      allNamespaces?: boolean;
      /** `-l app=web` or `-f spec.nodeName=n1`: applied as the view's filter (server-side selectors). */
      filter?: string;
    }
  /** `:xray KIND [NAMESPACE|-A]`: the owner tree of every object of the kind. */
  | { type: 'xray'; resource: ResourceDef; namespace?: string; allNamespaces?: boolean }
  | { type: 'quit' }
  | { type: 'help' }
  | { type: 'error'; message: string }
  /** The name is not known yet: discovery is being asked; the catalog delivers the outcome itself. */
  | { type: 'pending'; message: string };

/**
 * Kinds found by discovery (CRDs and every other listable kind that is not built in), for the `:` prompt.
 * The connection makes one per context (a CommandLine holds it); without one only built-in kinds exist.
 */
export interface KindCatalog {
  /** A discovered kind by plural, singular, kind, short name or `plural.group`. */
  resolve(name: string): ResourceDef | undefined;
  /** Names for completion: plurals, singulars and short names of the discovered kinds. */
  names(): readonly string[];
  /** Discovery answered recently, so a name it does not know is unknown (no need to ask again). */
  fresh(): boolean;
  /** Asks discovery again; then the kind `name` stands for, or why discovery could not say. */
  lookup(name: string): Promise<{ resource?: ResourceDef; error?: string }>;
  /** Shows the outcome of a command that waited for discovery (the view, an error, or "looking up…"). */
  deliver(cmd: ParsedCommand): void;
}

const quitWords = new Set(['q', 'q!', 'quit', 'exit']);

const unknown = (head: string, why: string | undefined, catalog: KindCatalog | undefined): ParsedCommand => ({
  type: 'error',
  message: `unknown command "${head}" (${why ? `discovery failed: ${why}` : `try ${commandNames(catalog).slice(0, 8).join(', ')}`})`,
});

/** Bumped per parsed command: a lookup delivers only if no other command came after it. */
interface Sequence {
  value: number;
}

/**
 * Parses what the user typed at the `:` prompt: `pods`, `po kube-system`, `deploy -A`, `ns`, `q`, or any
 * kind found by discovery (`widgets`, `wg`, `widgets.example.com`). A namespace argument of `all` or `-A`
 * means all namespaces. A name neither built in nor in a fresh discovery answer returns `pending` and asks
 * discovery again; the catalog then delivers the view or the `unknown command` error.
 */
export function parseCommand(text: string, catalog?: KindCatalog, seqs: Sequence = { value: 0 }, later?: (cmd: ParsedCommand) => void): ParsedCommand {
  const seq = ++seqs.value;
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [head, ...args] = words;
  if (!head) return { type: 'error', message: 'empty command' };
  const name = head.toLowerCase();
  if (quitWords.has(name)) return { type: 'quit' };
  if (name === 'help' || name === '?') return { type: 'help' };
  if (name === 'xray') return xrayCommand(args, catalog, seqs, seq, later);
  const resource = resolveResource(name) ?? catalog?.resolve(name);
  if (resource) return viewCommand(resource, args);
  if (!catalog || catalog.fresh()) return unknown(head, undefined, catalog);
  const pending: ParsedCommand = { type: 'pending', message: `looking up "${head}"…` };
  catalog.deliver(pending);
  void catalog.lookup(name).then(
    (r) => {
      if (seq === seqs.value) catalog.deliver(r.resource ? viewCommand(r.resource, args) : unknown(head, r.error, catalog));
    },
    () => undefined,
  );
  return pending;
}

/**
 * The `:` prompt of one connection: parsing with its kind catalog (built-in kinds plus what discovery
 * found), completion and the names help lists. One per connection; nothing is shared between contexts.
 */
export class CommandLine {
  private readonly seq: Sequence = { value: 0 };

  constructor(private readonly catalog?: KindCatalog) {}

  /** `later` hears an `:xray` whose kind discovery had to be asked about (views are delivered by the catalog). */
  parse(text: string, later?: (cmd: ParsedCommand) => void): ParsedCommand {
    return parseCommand(text, this.catalog, this.seq, later);
  }

  /** A discovered kind by name (drill-downs to kinds that are not built in, e.g. from a CRD to its objects). */
  resolveDiscovered(name: string): ResourceDef | undefined {
    return this.catalog?.resolve(name.trim().toLowerCase());
  }

  names(): string[] {
    return commandNames(this.catalog);
  }

  complete(text: string): string {
    return completeCommand(text, this.catalog);
  }
}

function viewCommand(resource: ResourceDef, args: readonly string[]): ParsedCommand {
  let namespace: string | undefined;
  let allNamespaces = false;
  let filter: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-A' || a === '--all-namespaces' || a === 'all') allNamespaces = true;
    else if (a === '-n' || a === '--namespace') namespace = args[++i];
    else if (a === '-l' || a === '--selector' || a === '-f' || a === '--field-selector') {
      // a selector runs to the next flag: `-l tier in (a,b),!canary` has spaces (no key or value starts with -)
      const words: string[] = [];
      while (i + 1 < args.length && !(args[i + 1] ?? '').startsWith('-')) words.push(args[++i] ?? '');
      if (filter !== undefined) return { type: 'error', message: 'use one selector: -l or -f' };
      filter = `${a === '-l' || a === '--selector' ? '-l' : '-f'} ${words.join(' ')}`;
    } else if (!a.startsWith('-') && namespace === undefined) namespace = a;
    else return { type: 'error', message: `unknown argument "${a}" for ${resource.plural}` };
  }
  if (namespace !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) {
    return { type: 'error', message: `invalid namespace name "${namespace}"` };
  }
  const f = filter !== undefined ? { filter } : {};
  if (!resource.namespaced && (namespace !== undefined || allNamespaces)) {
    return { type: 'view', resource, ...f };
  }
  return { type: 'view', resource, ...(namespace !== undefined ? { namespace } : {}), ...(allNamespaces ? { allNamespaces } : {}), ...f };
}

/** Every name the prompt accepts, for completion and hints: plurals first, then aliases. */
export function commandNames(catalog?: KindCatalog): string[] {
  const out: string[] = [];
  for (const r of resources) out.push(r.plural);
  for (const r of resources) out.push(r.singular, ...r.aliases);
  if (catalog) out.push(...catalog.names());
  out.push('xray', 'quit');
  return [...new Set(out)];
}

/** Tab completion: the unique completion of the first word, or the longest common prefix. */
export function completeCommand(text: string, catalog?: KindCatalog): string {
  if (/\s/.test(text.trim()) || text.length === 0) return text;
  const matches = commandNames(catalog).filter((n) => n.startsWith(text.toLowerCase()));
  if (matches.length === 0) return text;
  if (matches.length === 1) return matches[0] + ' ';
  let prefix = matches[0] ?? text;
  for (const m of matches) while (!m.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.length > text.length ? prefix : text;
}

/** `:xray KIND [NAMESPACE|-A]`: KIND as `:` accepts it (built-in or discovered); no selectors. */
function xrayCommand(args: readonly string[], catalog: KindCatalog | undefined, seqs: Sequence, seq: number, later?: (cmd: ParsedCommand) => void): ParsedCommand {
  const [kind, ...rest] = args;
  if (!kind) return { type: 'error', message: 'usage: xray KIND [NAMESPACE|-A] (e.g. xray deploy shop)' };
  const toXray = (resource: ResourceDef): ParsedCommand => {
    const v = viewCommand(resource, rest);
    if (v.type !== 'view') return v;
    if (v.filter !== undefined) return { type: 'error', message: 'xray takes no selector' };
    return { type: 'xray', resource, ...(v.namespace !== undefined ? { namespace: v.namespace } : {}), ...(v.allNamespaces ? { allNamespaces: true } : {}) };
  };
  const name = kind.toLowerCase();
  const resource = resolveResource(name) ?? catalog?.resolve(name);
  if (resource) return resource.local ? { type: 'error', message: `no xray of ${resource.plural}` } : toXray(resource);
  if (!catalog || catalog.fresh() || !later) return unknown(kind, undefined, catalog);
  void catalog.lookup(name).then(
    (r) => {
      if (seq === seqs.value) later(r.resource ? toXray(r.resource) : unknown(kind, r.error, catalog));
    },
    () => undefined,
  );
  const pending: ParsedCommand = { type: 'pending', message: `looking up "${kind}"…` };
  catalog.deliver(pending);
  return pending;
}
