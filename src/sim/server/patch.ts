// Patch formats the API server accepts: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and
// Kubernetes' strategic merge patch (lists merged by key, `$patch`, `$setElementOrder`,
// `$deleteFromPrimitiveList`, `$retainKeys`). Pure functions on plain JSON values; failures throw
// PatchError, which the server answers with 400 BadRequest or 422 Invalid.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JObj = { [k: string]: Json };

export class PatchError extends Error {
  constructor(
    message: string,
    /** 422 for a failed `test` op or a path that does not exist (as the API server answers), else 400. */
    readonly code: 400 | 422 = 400,
  ) {
    super(message);
    this.name = 'PatchError';
  }
}

export const isObj = (v: unknown): v is JObj => v !== null && typeof v === 'object' && !Array.isArray(v);

// ------------------------------------------------------------------ RFC 7386

export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObj(patch)) return structuredClone(patch);
  const out: JObj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

// ------------------------------------------------------------------ RFC 6902

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer "${path}"`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: Json, parts: string[], path: string): { parent: Json; key: string } {
  let cur: Json = doc;
  for (const p of parts.slice(0, -1)) {
    const next: Json | undefined = Array.isArray(cur) ? cur[Number(p)] : isObj(cur) ? cur[p] : undefined;
    if (next === undefined || next === null || typeof next !== 'object')
      throw new PatchError(`doc is missing path: "${path}": missing value`, 422);
    cur = next;
  }
  return { parent: cur, key: parts[parts.length - 1] ?? '' };
}

function arrayIndex(arr: Json[], key: string, path: string, forAdd: boolean): number {
  if (forAdd && key === '-') return arr.length;
  if (!/^(0|[1-9]\d*)$/.test(key)) throw new PatchError(`invalid array index "${key}" in "${path}"`, 422);
  const i = Number(key);
  if (i > arr.length || (!forAdd && i === arr.length))
    throw new PatchError(`unable to access invalid index: ${i}`, 422);
  return i;
}

function getAt(doc: Json, path: string): Json {
  const parts = pointer(path);
  if (parts.length === 0) return doc;
  const { parent, key } = parentOf(doc, parts, path);
  const v = Array.isArray(parent)
    ? parent[arrayIndex(parent, key, path, false)]
    : isObj(parent)
      ? parent[key]
      : undefined;
  if (v === undefined) throw new PatchError(`doc is missing path: "${path}": missing value`, 422);
  return v;
}

function removeAt(doc: Json, path: string): Json {
  const parts = pointer(path);
  if (parts.length === 0) throw new PatchError('cannot remove the whole document');
  const { parent, key } = parentOf(doc, parts, path);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, key, path, false), 1)[0] ?? null;
  if (!isObj(parent) || !(key in parent))
    throw new PatchError(`Unable to remove nonexistent key: ${key}: missing value`, 422);
  const v = parent[key] ?? null;
  delete parent[key];
  return v;
}

function addAt(doc: Json, path: string, value: Json, replace: boolean): Json {
  const parts = pointer(path);
  if (parts.length === 0) return value;
  const { parent, key } = parentOf(doc, parts, path);
  if (Array.isArray(parent)) {
    const i = arrayIndex(parent, key, path, !replace);
    parent.splice(i, replace ? 1 : 0, value);
  } else if (isObj(parent)) {
    if (replace && !(key in parent))
      throw new PatchError(
        `replace operation does not apply: doc is missing key: ${path}: missing value`,
        422,
      );
    parent[key] = value;
  } else throw new PatchError(`doc is missing path: "${path}": missing value`, 422);
  return doc;
}

export function jsonPatch(doc: Json, ops: Json): Json {
  if (!Array.isArray(ops))
    throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let cur = structuredClone(doc);
  for (const raw of ops) {
    if (!isObj(raw)) throw new PatchError('invalid JSON patch operation');
    const op = raw['op'];
    const path = raw['path'];
    if (typeof path !== 'string') throw new PatchError(`missing path in operation ${JSON.stringify(raw)}`);
    const value = raw['value'];
    const from = raw['from'];
    switch (op) {
      case 'add':
      case 'replace':
        if (value === undefined) throw new PatchError(`missing value in ${op} operation`);
        cur = addAt(cur, path, structuredClone(value), op === 'replace');
        break;
      case 'remove':
        removeAt(cur, path);
        break;
      case 'move':
      case 'copy': {
        if (typeof from !== 'string') throw new PatchError(`missing from in ${op} operation`);
        const v = op === 'move' ? removeAt(cur, from) : structuredClone(getAt(cur, from));
        cur = addAt(cur, path, v, false);
        break;
      }
      case 'test':
        if (JSON.stringify(getAt(cur, path)) !== JSON.stringify(value ?? null))
          throw new PatchError(`testing value ${path} failed: test failed`, 422);
        break;
      default:
        throw new PatchError(`Unexpected kind: ${String(op)}`);
    }
  }
  return cur;
}
