// The `:xray` tree over the caches' records (pure): every object of the root kind, under each what it owns
// (a child index by owner uid over every cache the tree has open, whatever the kind, CRDs included), the
// objects its selector picks (a Service's pods), its rows (a pod's containers) and what it names (a pod's
// ConfigMaps, Secrets, PVCs and ServiceAccount; a PVC's PV). A named object that is not there is a node
// marked missing (only once its kind's cache has synced: before that nobody knows).
import type { ResourceDef, SlimBase } from '../../resources/types.js';
import { matchesLabels, parseLabelSelector } from '../../util/selector.js';
import type { Selector } from '../../util/selector.js';
import type { XrayRec } from './plan.js';

export interface XrayNode {
  /** Unique in the tree: the path of kinds and keys from the root. */
  id: string;
  resource: ResourceDef;
  rec: SlimBase;
  /** A named object that is not there: `missing` once its kind's cache has synced, `unknown` before. */
  absent?: 'missing' | 'unknown';
  children: XrayNode[];
}

interface XrayCacheView {
  resource: ResourceDef;
  records: Iterable<SlimBase>;
  /** The cache has listed once: what is not in it does not exist. */
  synced: boolean;
}

export interface XrayTreeInput {
  root: ResourceDef;
  /** One per open cache, the root's first; each `records` is read once. */
  caches: readonly XrayCacheView[];
  /** A kind by the plural a declaration names. */
  resolve(plural: string): ResourceDef | undefined;
}

const NO_CHILDREN: XrayNode[] = [];
const NO_RECORDS: readonly SlimBase[] = [];

/** Deeper than any real owner chain; a guard against owner cycles a broken controller could make. */
const MAX_DEPTH = 12;

interface Entry {
  resource: ResourceDef;
  rec: XrayRec;
}

const byName = (a: Entry, b: Entry): number => (a.rec.name < b.rec.name ? -1 : a.rec.name > b.rec.name ? 1 : 0);

/** Builds the forest: one root per object of the root kind, sorted by namespace and name. */
export function buildXrayTree(input: XrayTreeInput): XrayNode[] {
  const owned = new Map<string, Entry[]>();
  const records = new Map<ResourceDef, XrayRec[]>();
  const synced = new Set<ResourceDef>();
  const order = new Map<ResourceDef, number>();
  const byPlural = new Map<string, ResourceDef>();
  const rootRecs: Entry[] = [];
  input.caches.forEach((c, i) => {
    order.set(c.resource, i);
    if (!byPlural.has(c.resource.plural)) byPlural.set(c.resource.plural, c.resource);
    if (c.synced) synced.add(c.resource);
    const all: XrayRec[] = [];
    records.set(c.resource, all);
    const isRoot = c.resource === input.root;
    for (const rec of c.records as Iterable<XrayRec>) {
      all.push(rec);
      if (isRoot) rootRecs.push({ resource: c.resource, rec });
      for (const uid of rec.xray?.owners ?? []) {
        const list = owned.get(uid);
        if (list) list.push({ resource: c.resource, rec });
        else owned.set(uid, [{ resource: c.resource, rec }]);
      }
    }
  });
  const kindOf = (plural: string): ResourceDef | undefined => byPlural.get(plural) ?? input.resolve(plural);
  // a kind's records by key, made when a reference first looks one up
  const byKey = new Map<ResourceDef, Map<string, SlimBase>>();
  const lookup = (kind: ResourceDef, key: string): SlimBase | undefined => {
    let m = byKey.get(kind);
    if (!m) {
      m = new Map((records.get(kind) ?? []).map((r) => [r.key, r]));
      byKey.set(kind, m);
    }
    return m.get(key);
  };
  // a kind's records by namespace, made when a selector first needs them
  const byNs = new Map<ResourceDef, Map<string, SlimBase[]>>();
  const inNamespace = (kind: ResourceDef, ns: string | undefined): readonly SlimBase[] => {
    let m = byNs.get(kind);
    if (!m) {
      m = new Map();
      for (const r of records.get(kind) ?? []) {
        const list = m.get(r.namespace ?? '');
        if (list) list.push(r);
        else m.set(r.namespace ?? '', [r]);
      }
      byNs.set(kind, m);
    }
    return m.get(ns ?? '') ?? NO_RECORDS;
  };
  const selectors = new Map<string, Selector | undefined>();
  const selector = (text: string): Selector | undefined => {
    if (!selectors.has(text)) {
      const r = parseLabelSelector(text);
      selectors.set(text, r.ok && r.selector.requirements.length > 0 ? r.selector : undefined);
    }
    return selectors.get(text);
  };

  // each object's owned children, sorted once: by kind (the caches' order), then name
  for (const list of owned.values()) if (list.length > 1) list.sort((a, b) => (order.get(a.resource) ?? 0) - (order.get(b.resource) ?? 0) || byName(a, b));

  const children = (parentId: string, e: Entry, path: readonly string[], depth: number): XrayNode[] => {
    const d = e.resource.xray;
    const mine = e.rec.uid ? owned.get(e.rec.uid) : undefined;
    if (depth >= MAX_DEPTH || (!mine && !e.rec.xray && !d?.selects)) return NO_CHILDREN;
    const out: XrayNode[] = [];
    const add = (resource: ResourceDef, rec: SlimBase, absent?: XrayNode['absent']): void => {
      const id = `${parentId}>${resource.plural}:${rec.key}`;
      if ((rec.uid && path.includes(rec.uid)) || out.some((n) => n.id === id)) return;
      if (absent) out.push({ id, resource, rec, absent, children: NO_CHILDREN });
      else out.push({ id, resource, rec, children: children(id, { resource, rec }, rec.uid ? [...path, rec.uid] : path, depth + 1) });
    };
    // a pod's containers: records of the rows kind, which has no cache of its own
    const rowsKind = e.resource.xray?.rows ? kindOf(e.resource.xray.rows) : undefined;
    if (rowsKind) for (const r of e.rec.xray?.rows ?? []) add(rowsKind, r);
    for (const o of mine ?? []) add(o.resource, o.rec);
    const selects = d?.selects;
    const target = selects ? e.resource.drill?.(e.rec) : undefined;
    const picked = selects ? kindOf(selects) : undefined;
    const sel = target?.labelSelector ? selector(target.labelSelector) : undefined;
    if (picked && sel) {
      const hits: Entry[] = [];
      for (const r of inNamespace(picked, e.rec.namespace)) if (matchesLabels(sel, r.labels)) hits.push({ resource: picked, rec: r });
      for (const h of hits.sort(byName)) add(h.resource, h.rec);
    }
    for (const ref of e.rec.xray?.refs ?? []) {
      const kind = kindOf(ref.resource);
      if (!kind) continue;
      const key = kind.namespaced && e.rec.namespace ? `${e.rec.namespace}/${ref.name}` : ref.name;
      const found = lookup(kind, key);
      if (found) add(kind, found);
      else add(kind, placeholder(kind, ref.name, e.rec.namespace), synced.has(kind) ? 'missing' : 'unknown');
    }
    return out;
  };

  rootRecs.sort((a, b) => ((a.rec.namespace ?? '') < (b.rec.namespace ?? '') ? -1 : (a.rec.namespace ?? '') > (b.rec.namespace ?? '') ? 1 : byName(a, b)));
  return rootRecs.map((e) => {
    const id = `${e.resource.plural}:${e.rec.key}`;
    return { id, resource: e.resource, rec: e.rec, children: children(id, e, e.rec.uid ? [e.rec.uid] : [], 1) };
  });
}

/** A named object not (yet) in its cache: enough of a record for its name, and for keys to say it is missing. */
function placeholder(kind: ResourceDef, name: string, namespace: string | undefined): SlimBase {
  const ns = kind.namespaced ? namespace : undefined;
  return { key: ns ? `${ns}/${name}` : name, uid: '', name, namespace: ns, rv: '', labels: {}, created: NaN, deleting: false };
}
