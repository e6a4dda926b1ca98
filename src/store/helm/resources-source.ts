// The rows of a release's objects (Enter on `:helm`): the release's records are watched (its latest
// revision names the objects), and a watch per kind the manifest names, in its namespace, gives each
// object's live status through its own kind's `status`. When a rollback changes the manifest, the watched
// kinds follow.
import { helmResources } from '../../resources/helmresources.js';
import type { HelmResourceObject } from '../../resources/helmresources.js';
import type { HelmReleaseRec } from '../../resources/helmreleases.js';
import { resolveResource } from '../../resources/registry.js';
import type { ResourceDef, SlimBase } from '../../resources/types.js';
import { groupOf } from '../../util/helm/manifest.js';
import { glyphs } from '../../util/charset.js';
import type { Source, SourceFactory, SourceRequest, SourceState } from '../sources/source.js';
import { releaseSource } from './release-source.js';

interface Wanted {
  /** The release's namespace (where objects without one of their own live). */
  releaseNs: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

const parse = (releaseNs: string) => (ref: string): Wanted => {
  const [apiVersion = '', kind = '', namespace = '', name = ''] = ref.split(' ');
  return { releaseNs, apiVersion, kind, namespace, name };
};

/** The built-in kind of a manifest object, when kubedeck knows it (others are listed without a status). */
function kindOf(w: Wanted): ResourceDef | undefined {
  const def = resolveResource(w.kind);
  return def && !def.local && !def.generic && def.kind === w.kind && def.group === groupOf(w.apiVersion) ? def : undefined;
}

export function releaseObjectsSource(cluster: SourceFactory, req: SourceRequest): Source {
  let bump = 0;
  const onChange = () => {
    bump++;
    req.onChange();
  };
  const records = releaseSource(cluster, { ...req, resource: req.resource, onChange: () => (reconcile(), onChange()) });
  const watches = new Map<string, { def: ResourceDef; source: Source }>();
  let started = false;
  /** The objects of the releases shown (one release when drilled into; every release of `:helmresources`). */
  let wanted: Wanted[] = [];

  const watchKey = (def: ResourceDef, ns: string) => `${def.group}/${def.plural}/${ns}`;
  const nsOf = (w: Wanted) => w.namespace || w.releaseNs;

  function reconcile(): void {
    const recs = [...records.items()] as HelmReleaseRec[];
    wanted = recs.flatMap((r) => r.objects.map(parse(r.namespace ?? '')));
    const need = new Map<string, { def: ResourceDef; ns: string }>();
    for (const w of wanted) {
      const def = kindOf(w);
      if (def) need.set(watchKey(def, def.namespaced ? nsOf(w) : ''), { def, ns: def.namespaced ? nsOf(w) : '' });
    }
    for (const [k, w] of watches) {
      if (need.has(k)) continue;
      w.source.stop();
      watches.delete(k);
    }
    for (const [k, n] of need) {
      if (watches.has(k)) continue;
      const source = cluster({ resource: n.def, namespace: n.def.namespaced ? n.ns : undefined, onChange });
      watches.set(k, { def: n.def, source });
      if (started) source.start();
    }
    bump++;
  }

  const rows = (): SlimBase[] => {
    const out: SlimBase[] = [];
    for (const w of wanted) {
      const def = kindOf(w);
      const ns = def && !def.namespaced ? '' : nsOf(w);
      const watch = def && watches.get(watchKey(def, ns));
      let inner: SlimBase | undefined;
      if (watch) for (const r of watch.source.items()) if (r.name === w.name && (r.namespace ?? '') === ns) inner = r;
      const st = inner && def ? def.status(inner) : { text: watch ? (watch.source.state.phase === 'synced' ? 'Missing' : glyphs().ellipsis) : '-', tone: watch ? ('error' as const) : ('dim' as const) };
      const drill = inner && def?.drill?.(inner);
      const obj: HelmResourceObject = {
        metadata: { name: w.name, ...(ns ? { namespace: ns } : {}), ...(inner && Number.isFinite(inner.created) ? { creationTimestamp: new Date(inner.created).toISOString() } : {}) },
        spec: { kind: w.kind, apiVersion: w.apiVersion, status: st.text, tone: st.tone, ...(drill ? { drill } : {}), rv: inner?.rv ?? '', uid: inner?.uid ?? '' },
      };
      out.push(helmResources.project(obj));
    }
    return out;
  };

  let seen = -1;
  let cached: SlimBase[] = [];
  const version = () => bump + records.version + [...watches.values()].reduce((n, w) => n + w.source.version, 0);
  const current = () => {
    const v = version();
    if (v !== seen) {
      seen = v;
      cached = rows();
    }
    return cached;
  };
  return {
    get state(): SourceState {
      const bad = [...watches.values()].map((w) => w.source.state).find((s) => s.phase !== 'synced');
      return records.state.phase !== 'synced' ? records.state : (bad ?? records.state);
    },
    get version() {
      return version();
    },
    get size() {
      return current().length;
    },
    items: () => current()[Symbol.iterator](),
    start: () => {
      started = true;
      records.start();
      for (const w of watches.values()) w.source.start();
    },
    stop: () => {
      started = false;
      records.stop();
      for (const w of watches.values()) w.source.stop();
    },
  };
}
