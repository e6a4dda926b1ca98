// Which caches an `:xray` tree opens, read from the kinds' declarations (resources' `xray`): the root kind,
// the kinds it owns (and theirs, transitively), the kind its selector picks from and the kinds its objects
// name. Nothing here names a kind. The caches are projected for the tree: each record also carries its
// owner uids, what it names and its rows (a pod's containers), so the table's caches stay as slim as before.
import type { KObject } from '../../util/k8s.js';
import { resources } from '../../resources/registry.js';
import type { ResourceDef, SlimBase, XrayRef } from '../../resources/types.js';

/** What the tree reads of a record beyond its kind's own fields. Absent when there is nothing. */
interface XrayExtras {
  /** metadata.ownerReferences[].uid */
  owners: readonly string[];
  refs: readonly XrayRef[];
  /** The rows kind's records for this object (a pod's containers). */
  rows: readonly SlimBase[];
}

export type XrayRec = SlimBase & { xray?: XrayExtras };

export interface XrayPlan {
  /** Every kind whose cache the tree needs, the root first. */
  kinds: ResourceDef[];
}

const NONE: readonly never[] = Object.freeze([]);
const idOf = (r: ResourceDef): string => `${r.plural}.${r.group}`;

/** A built-in kind by plural (declarations name plurals of built-in kinds). */
export function builtInKind(plural: string): ResourceDef | undefined {
  return resources.find((r) => r.plural === plural && !r.local);
}

/** What a kind's objects may have as children: its own `owns`, or for a discovered kind (a CRD) the operands. */
function ownedKinds(def: ResourceDef, root: ResourceDef): readonly string[] {
  if (def.xray?.owns) return def.xray.owns;
  if (!def.generic) return NONE;
  const operands = resources.filter((r) => r.xray?.operand).map((r) => r.plural);
  return def === root ? operands : NONE;
}

/** The kinds the tree of `root` needs, found by following the declarations (each kind once). */
export function xrayPlan(root: ResourceDef, resolve: (plural: string) => ResourceDef | undefined = builtInKind): XrayPlan {
  const kinds: ResourceDef[] = [];
  const seen = new Set<string>();
  const add = (def: ResourceDef | undefined): void => {
    if (!def || def.local || seen.has(idOf(def))) return;
    seen.add(idOf(def));
    kinds.push(def);
  };
  // breadth first: the order of the caches is the order of an object's owned children (workloads first)
  add(root);
  for (let i = 0; i < kinds.length; i++) {
    const def = kinds[i] as ResourceDef;
    for (const p of ownedKinds(def, root)) add(resolve(p));
    if (def.xray?.selects) add(resolve(def.xray.selects));
    for (const p of def.xray?.refs?.kinds ?? NONE) add(resolve(p));
  }
  return { kinds };
}

/** The def the tree's cache of `def` is opened with: the same kind, its records carrying the tree's extras. */
export function xrayCacheDef(def: ResourceDef, resolve: (plural: string) => ResourceDef | undefined = builtInKind): ResourceDef {
  const rowsDef = def.xray?.rows ? resolve(def.xray.rows) : undefined;
  const refsOf = def.xray?.refs?.of;
  const project = (obj: KObject): XrayRec => {
    const rec: XrayRec = def.project(obj);
    const owners = (obj.metadata?.ownerReferences ?? []).map((o) => o.uid).filter(Boolean);
    const refs = refsOf ? refsOf(obj) : NONE;
    let rows: readonly SlimBase[] = NONE;
    if (rowsDef) {
      const r = rowsDef.project(obj);
      rows = rowsDef.expand ? rowsDef.expand(r) : [r];
    }
    if (owners.length === 0 && refs.length === 0 && rows.length === 0) return rec;
    return { ...rec, xray: { owners: owners.length > 0 ? owners : NONE, refs, rows } };
  };
  return { ...def, project };
}

/** The namespace a kind's cache is opened in: the tree's for namespaced kinds, none for cluster-scoped ones. */
export const cacheNamespace = (def: ResourceDef, namespace: string | undefined): string | undefined => (def.namespaced ? namespace : undefined);
