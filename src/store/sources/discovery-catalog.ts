// The `:` prompt's kinds beyond the built-in ones: every listable kind discovery finds (CRDs included)
// becomes a generic ResourceDef (columns from the server's Tables, see resources/generic.ts). One catalog
// per context, over that context's DiscoveryCache. Defs are kept across refreshes while their GVR stays,
// so an open view keeps its columns. CRDs seen by the `:crd` view are learned at once (Enter on a new
// CRD works before discovery catches up) and trigger a discovery refresh.
import type { DiscoveredKind, DiscoveryCache } from '../../kube/discovery.js';
import { genericResource } from '../../resources/generic.js';
import type { ApiResourceInfo } from '../../resources/generic.js';
import { namesOf, resources } from '../../resources/registry.js';
import type { ResourceDef } from '../../resources/types.js';
import type { AppStore } from '../app-store.js';
import type { KindCatalog, ParsedCommand } from '../commands/command.js';
import { openViewCommand } from '../commands/view-command.js';

/**
 * A discovery answer younger than this is trusted: an unknown name is unknown without asking again.
 * 0 by default: a kind created a moment ago (`kubectl apply` of a CRD, then `:its-name`) must be found,
 * and one discovery per unknown command the user types costs little (concurrent asks share a request).
 */
export const FRESH_MS = 0;

const gvr = (k: { group: string; version: string; plural: string }): string => `${k.group}/${k.version}/${k.plural}`;
const builtIn = new Set(resources.filter((r) => !r.local).map((r) => `${r.plural}.${r.group}`));

export class DiscoveryCatalog implements KindCatalog {
  private defs: ResourceDef[] = [];
  private byName = new Map<string, ResourceDef>();
  private nameList: string[] = [];
  private readonly byGvr = new Map<string, ResourceDef>();
  /** From CRD objects, by `plural.group`: served even when discovery has not listed them yet. */
  private readonly learned = new Map<string, ApiResourceInfo>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly discovery: DiscoveryCache,
    private readonly onDeliver: (cmd: ParsedCommand) => void,
    private readonly freshMs = FRESH_MS,
  ) {
    this.unsubscribe = discovery.onChange(() => this.rebuild());
    this.rebuild();
  }

  resolve(name: string): ResourceDef | undefined {
    return this.byName.get(name.toLowerCase());
  }

  names(): readonly string[] {
    return this.nameList;
  }

  /** The generic defs, core group first, then in discovery's order. */
  kinds(): readonly ResourceDef[] {
    return this.defs;
  }

  fresh(): boolean {
    return this.discovery.fresh(this.freshMs);
  }

  async lookup(name: string): Promise<{ resource?: ResourceDef; error?: string }> {
    const s = await this.discovery.refresh();
    const resource = this.resolve(name);
    if (resource) return { resource };
    return s.phase === 'error' && s.error ? { error: s.error.message } : {};
  }

  deliver(cmd: ParsedCommand): void {
    this.onDeliver(cmd);
  }

  /** What the CRD view shows: new served kinds are usable at once; discovery is asked again for the rest. */
  learn(infos: Iterable<ApiResourceInfo>): void {
    let added = false;
    for (const info of infos) {
      if (!info.plural || !info.version || !info.kind) continue;
      const id = `${info.plural}.${info.group}`;
      const had = this.learned.get(id);
      if (had && had.version === info.version) continue;
      this.learned.set(id, info);
      added = true;
    }
    if (!added) return;
    this.rebuild();
    void this.discovery.refresh();
  }

  close(): void {
    this.unsubscribe();
  }

  private rebuild(): void {
    const infos: ApiResourceInfo[] = [];
    const seen = new Set<string>();
    const take = (k: ApiResourceInfo): void => {
      const id = `${k.plural}.${k.group}`;
      if (builtIn.has(id) || seen.has(id)) return;
      seen.add(id);
      infos.push(k);
    };
    const discovered: readonly DiscoveredKind[] = this.discovery.kinds;
    for (const k of discovered) if (k.group === '') take(k);
    for (const k of discovered) if (k.group !== '') take(k);
    for (const k of this.learned.values()) take(k);
    const defs = infos.map((info) => {
      const old = this.byGvr.get(gvr(info));
      if (old && old.kind === info.kind && old.namespaced === info.namespaced) return old;
      const def = genericResource(info);
      this.byGvr.set(gvr(info), def);
      return def;
    });
    const byName = new Map<string, ResourceDef>();
    for (const d of defs) for (const n of namesOf(d)) if (!byName.has(n)) byName.set(n, d);
    this.defs = defs;
    this.byName = byName;
    this.nameList = [...defs.map((d) => d.plural), ...defs.flatMap((d) => [d.singular, ...d.aliases])];
  }
}

/** What the prompt does with a command that waited for discovery (App.tsx does the same for the others). */
export function deliverToStore(store: AppStore): (cmd: ParsedCommand) => void {
  return (cmd) => {
    switch (cmd.type) {
      case 'pending':
        store.flash(cmd.message);
        return;
      case 'error':
        store.flash(cmd.message, 'error');
        return;
      case 'view':
        openViewCommand(store, cmd);
        return;
      default:
        return;
    }
  };
}
