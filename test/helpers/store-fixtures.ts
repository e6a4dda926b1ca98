import type { DrillTarget, ResourceDef, SlimBase } from '../../src/resources/types.js';
import { things } from './tiny-resource.js';

/** A slim record with labels, a creation time and a status, for filter, sort and drill tests. */
export function recWith(
  namespace: string | undefined,
  name: string,
  extra: { labels?: Record<string, string>; created?: number; deleting?: boolean } = {},
): SlimBase {
  const key = namespace ? `${namespace}/${name}` : name;
  return {
    key,
    uid: key,
    name,
    ...(namespace ? { namespace } : {}),
    rv: '1',
    labels: extra.labels ?? {},
    created: extra.created ?? 0,
    deleting: extra.deleting ?? false,
  };
}

/** A kind whose rows drill down to the pods labelled app=<name> in the row's namespace. */
export const parents: ResourceDef & { drill: (rec: SlimBase) => DrillTarget | undefined } = {
  ...things,
  kind: 'Parent',
  plural: 'parents',
  singular: 'parent',
  aliases: [],
  columns: [{ name: 'NAME' }, { name: 'STATUS' }, { name: 'REPLICAS', align: 'right' }, { name: 'AGE' }],
  row: (r) => [r.name, r.deleting ? 'Terminating' : 'Fine', r.labels['replicas'] ?? '0', '1d'],
  drill: (r) => (r.name === 'orphan' ? undefined : { resource: 'pods', namespace: r.namespace, labelSelector: `app=${r.name}` }),
};

/** A cluster-scoped kind with no drill-down. */
export const globals: ResourceDef = { ...things, kind: 'Global', plural: 'globals', singular: 'global', namespaced: false, aliases: [] };

/** mulberry32: a small seeded generator whose low bits are as good as its high ones; `r(n)` is in [0, n). */
export function seededRng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}
