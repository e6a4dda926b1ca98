// Kubernetes strategic merge patch for the built-in types: lists with a merge key are merged item by item
// (containers by name, container ports by containerPort, service ports by port, volumeMounts by
// mountPath, ...), other lists are replaced. Directives: `$patch: replace|delete|merge` in maps and list
// items, `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`, `$retainKeys`; null deletes a key.

import { isObj, PatchError } from './patch.js';
import type { Json } from './patch.js';

type JObj = { [k: string]: Json };

/** Merge key of a list, by field name and (for `ports`) by the name of the enclosing field. */
function mergeKey(field: string, parentField: string): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'env':
    case 'imagePullSecrets':
    case 'resourceClaims':
    case 'schedulingGates':
      return 'name';
    case 'podIPs':
    case 'hostIPs':
      return 'ip';
    case 'addresses':
      return parentField === 'status' ? 'type' : undefined;
    case 'ports':
      return parentField === 'spec' ? 'port' : 'containerPort';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'hostAliases':
      return 'ip';
    case 'conditions':
      return 'type';
    case 'ownerReferences':
      return 'uid';
    case 'topologySpreadConstraints':
      return 'topologyKey';
    default:
      return undefined;
  }
}

/** Primitive lists merged as sets. */
const MERGED_PRIMITIVE_LISTS = new Set(['finalizers']);

const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

export function strategicMergePatch(
  original: Json | undefined,
  patch: Json,
  field = '',
  parentField = '',
): Json {
  if (!isObj(patch)) return structuredClone(patch);
  const directive = patch['$patch'];
  if (directive === 'replace') {
    const out = structuredClone(patch);
    delete (out as JObj)['$patch'];
    return out;
  }
  if (directive === 'delete') return null;
  const out: JObj = isObj(original) ? { ...original } : {};
  const retain = patch['$retainKeys'];
  if (Array.isArray(retain))
    for (const k of Object.keys(out)) if (!retain.includes(k) && !(k in patch)) delete out[k];
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith(SET_ORDER)) continue;
    if (k.startsWith(DELETE_PRIMITIVE)) {
      const name = k.slice(DELETE_PRIMITIVE.length);
      const cur = out[name];
      if (Array.isArray(cur) && Array.isArray(v)) out[name] = cur.filter((x) => !v.includes(x));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const cur = out[k];
    if (Array.isArray(v)) out[k] = mergeList(cur, v, k, field, patch[SET_ORDER + k]);
    else if (isObj(v)) {
      const merged = strategicMergePatch(cur, v, k, field);
      if (merged === null) delete out[k];
      else out[k] = merged;
    } else out[k] = v;
  }
  // ordering directives of lists that were not otherwise patched
  for (const [k, order] of Object.entries(patch)) {
    if (!k.startsWith(SET_ORDER)) continue;
    const name = k.slice(SET_ORDER.length);
    const cur = out[name];
    if (Array.isArray(cur) && Array.isArray(order) && !(name in patch))
      out[name] = applyOrder(cur, order, mergeKey(name, field));
  }
  void parentField;
  return out;
}

function mergeList(
  original: Json | undefined,
  patch: Json[],
  field: string,
  parentField: string,
  order: Json | undefined,
): Json[] {
  const cur = Array.isArray(original) ? original : [];
  const key = mergeKey(field, parentField);
  // `$patch: replace` as a list item replaces the whole list
  if (patch.some((p) => isObj(p) && p['$patch'] === 'replace'))
    return structuredClone(patch.filter((p) => !(isObj(p) && p['$patch'] === 'replace')));
  if (key === undefined) {
    if (MERGED_PRIMITIVE_LISTS.has(field)) {
      const out = [...cur];
      for (const p of patch) if (!out.some((x) => x === p)) out.push(p);
      return Array.isArray(order) ? applyOrder(out, order, undefined) : out;
    }
    return structuredClone(patch);
  }
  const out: Json[] = cur.map((x) => structuredClone(x));
  for (const p of patch) {
    if (!isObj(p))
      throw new PatchError(
        `unable to find api field in struct for the merge key "${key}" in list "${field}"`,
      );
    const k = p[key];
    if (k === undefined)
      throw new PatchError(`map: ${JSON.stringify(p)} does not contain declared merge key: ${key}`);
    const i = out.findIndex((x) => isObj(x) && x[key] === k);
    if (p['$patch'] === 'delete') {
      if (i >= 0) out.splice(i, 1);
      continue;
    }
    if (i >= 0) {
      const merged = strategicMergePatch(out[i], p, field, parentField);
      if (merged === null) out.splice(i, 1);
      else out[i] = merged;
    } else {
      const fresh = strategicMergePatch(undefined, p, field, parentField);
      if (fresh !== null) out.push(fresh);
    }
  }
  return Array.isArray(order) ? applyOrder(out, order, key) : out;
}

/** Reorder `list` as `$setElementOrder` says; items it does not name keep their place at the end. */
function applyOrder(list: Json[], order: Json[], key: string | undefined): Json[] {
  const id = (x: Json): Json =>
    key !== undefined && isObj(x) ? (x[key] ?? null) : isObj(order[0]) ? null : x;
  const wanted = order.map((o) => (key !== undefined && isObj(o) ? (o[key] ?? null) : o));
  const pos = (x: Json): number => {
    const i = wanted.findIndex((w) => JSON.stringify(w) === JSON.stringify(id(x)));
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...list]
    .map((x, i) => ({ x, i }))
    .sort((a, b) => pos(a.x) - pos(b.x) || a.i - b.i)
    .map((e) => e.x);
}
