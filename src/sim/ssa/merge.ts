// The merge of server-side apply: the applied configuration laid over the live object. Granular maps
// merge key by key, keyed lists and sets item by item (the order of the applied items wins, live items
// the configuration does not name keep their place), everything else (scalars, atomic lists and maps)
// is replaced. A null in the configuration removes the field.

import { itemPE } from './fieldset.js';
import { fieldShape } from './schema.js';
import type { Shape } from './schema.js';

type Value = unknown;
type Obj = Record<string, Value>;
const isObject = (v: Value): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export function applyMerge(live: Value, config: Value, shape: Shape): Value {
  if (config === undefined) return live;
  if (isObject(config) && (shape.t === 'obj' || shape.t === 'mapof')) {
    const out: Obj = isObject(live) ? { ...live } : {};
    for (const [k, v] of Object.entries(config)) {
      if (v === null) {
        delete out[k];
        continue;
      }
      const merged = applyMerge(out[k], v, fieldShape(shape, k));
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
    return out;
  }
  if (Array.isArray(config) && shape.t === 'list')
    return mergeList(Array.isArray(live) ? live : [], config, shape);
  return config;
}

/**
 * structured-merge-diff's list merge: walk both lists; an item only the live list has stays where it is,
 * items of the configuration come in its order, each merged with the live item of the same key.
 */
function mergeList(live: Value[], config: Value[], shape: Shape & { t: 'list' }): Value[] {
  const key = (item: Value, i: number): string => itemPE(item, shape, i) ?? `#${i}`;
  const lpe = live.map(key);
  const rpe = config.map(key);
  const lmap = new Map<string, Value>();
  live.forEach((x, i) => {
    const k = lpe[i] ?? '';
    if (!lmap.has(k)) lmap.set(k, x);
  });
  const rset = new Set(rpe);
  const shared = rpe.filter((pe) => lmap.has(pe));
  let nextShared = 0;
  const merged = new Set<string>();
  const out: Value[] = [];
  const take = (pe: string, r: Value): void => {
    merged.add(pe);
    const m = applyMerge(lmap.get(pe), r, shape.elem);
    if (m !== undefined) out.push(m);
  };
  let li = 0;
  let ri = 0;
  while (li < live.length || ri < config.length) {
    const l = lpe[li];
    const r = rpe[ri];
    if (l !== undefined && r !== undefined) {
      if (l === r) {
        take(r, config[ri]);
        li++;
        ri++;
        if (shared[nextShared] === r) nextShared++;
        continue;
      }
      if (rset.has(l) && nextShared < shared.length && shared[nextShared] !== l) {
        li++;
        continue;
      }
    }
    if (l !== undefined) {
      if (!rset.has(l)) {
        out.push(live[li]);
        li++;
        continue;
      }
      if (merged.has(l)) {
        li++;
        continue;
      }
    }
    if (r !== undefined) {
      take(r, config[ri]);
      if (shared[nextShared] === r) nextShared++;
      ri++;
    } else li++;
  }
  return out;
}
