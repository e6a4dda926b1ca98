import type { ResourceDef } from '../resources/types.js';
import { resolveResource, resources } from '../resources/registry.js';

export type ParsedCommand =
  | { type: 'view'; resource: ResourceDef; namespace?: string; allNamespaces?: boolean }
  | { type: 'quit' }
  | { type: 'help' }
  | { type: 'error'; message: string };

const quitWords = new Set(['q', 'q!', 'quit', 'exit']);

/**
 * Parses what the user typed at the `:` prompt: `pods`, `po kube-system`, `deploy -A`, `ns`, `q`.
 * A namespace argument of `all` or `-A` means all namespaces.
 */
export function parseCommand(text: string): ParsedCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [head, ...args] = words;
  if (!head) return { type: 'error', message: 'empty command' };
  const name = head.toLowerCase();
  if (quitWords.has(name)) return { type: 'quit' };
  if (name === 'help' || name === '?') return { type: 'help' };
  const resource = resolveResource(name);
  if (!resource) return { type: 'error', message: `unknown command "${head}" (try ${commandNames().slice(0, 8).join(', ')})` };
  let namespace: string | undefined;
  let allNamespaces = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-A' || a === '--all-namespaces' || a === 'all') allNamespaces = true;
    else if (a === '-n' || a === '--namespace') namespace = args[++i];
    else if (!a.startsWith('-') && namespace === undefined) namespace = a;
    else return { type: 'error', message: `unknown argument "${a}" for ${resource.plural}` };
  }
  if (namespace !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) {
    return { type: 'error', message: `invalid namespace name "${namespace}"` };
  }
  if (!resource.namespaced && (namespace !== undefined || allNamespaces)) {
    return { type: 'view', resource };
  }
  return { type: 'view', resource, ...(namespace !== undefined ? { namespace } : {}), ...(allNamespaces ? { allNamespaces } : {}) };
}

/** Every name the prompt accepts, for completion and hints: plurals first, then aliases. */
export function commandNames(): string[] {
  const out: string[] = [];
  for (const r of resources) out.push(r.plural);
  for (const r of resources) out.push(r.singular, ...r.aliases);
  out.push('quit');
  return [...new Set(out)];
}

/** Tab completion: the unique completion of the first word, or the longest common prefix. */
export function completeCommand(text: string): string {
  if (/\s/.test(text.trim()) || text.length === 0) return text;
  const matches = commandNames().filter((n) => n.startsWith(text.toLowerCase()));
  if (matches.length === 0) return text;
  if (matches.length === 1) return matches[0] + ' ';
  let prefix = matches[0] ?? text;
  for (const m of matches) while (!m.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.length > text.length ? prefix : text;
}
