// Equality of JSON data as JSON.stringify sees it (key order included, undefined members left out),
// without serialising, and structural sharing of a write with the version it replaces: every part of the
// new object that is equal to the old one's becomes the old (frozen) part. After that, what a write
// changed is exactly what is not identical to the old version, so the field manager's compare, the
// freeze and the sharing of pod parts only walk the changed paths, and two versions of an object share
// everything they have in common (a status write keeps the spec, labels and managedFields entries).

type Rec = Record<string, unknown>;

const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The keys JSON.stringify writes (those whose value is not undefined), in order. */
function jsonKeys(o: Rec): string[] {
  const keys = Object.keys(o);
  for (const k of keys) if (o[k] === undefined) return keys.filter((x) => o[x] !== undefined);
  return keys;
}

/**
 * `a` and `b` serialise to the same JSON. When `into` is true and `a` is not frozen, members of `a` equal
 * to `b`'s are replaced by `b`'s, so `a` shares them.
 */
function same(a: unknown, b: unknown, into: boolean): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const write = into && !Object.isFrozen(a);
  if (Array.isArray(a)) {
    if (!Array.isArray(b)) return false;
    let eq = a.length === b.length;
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x: unknown = a[i];
      const y: unknown = b[i];
      if (x === y) continue;
      if (same(x, y, write)) {
        if (write) a[i] = y;
      } else if (!write) return false;
      else eq = false;
    }
    return eq;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Rec;
  const bo = b as Rec;
  // a's JSON keys by for-in (no array of them), against b's in order
  const kb = jsonKeys(bo);
  let eq = true;
  let i = 0;
  for (const k in ao) {
    const x = ao[k];
    if (x === undefined) continue;
    if (eq && kb[i] !== k) eq = false;
    i++;
    if (!(k in bo)) {
      if (!write) return false;
      continue;
    }
    const y = bo[k];
    if (x === y) continue;
    if (same(x, y, write)) {
      if (write) ao[k] = y;
    } else if (!write) return false;
    else eq = false;
  }
  return eq && i === kb.length;
}

/** `a` and `b` serialise to the same JSON (JSON.stringify(a) === JSON.stringify(b)), without serialising. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  return same(a, b, false);
}

/** The write and stored version reshare saw last. */
let lastObj: Rec | undefined;
let lastOld: Rec | undefined;

/**
 * Makes the write `obj` share every part equal to the stored version `old` (not `obj` itself nor its
 * metadata object, which storage still stamps). Parts of `obj` that are frozen are left as they are.
 */
export function reshare(obj: Rec, old: Rec | undefined): void {
  if (!old || obj === old || Object.isFrozen(obj)) return;
  // the same write again (storage's update after the field manager's admission step, which only sets
  // metadata.managedFields in between): the rest is shared already, and walking its changed parts again
  // would only find them changed again
  const again = obj === lastObj && old === lastOld;
  lastObj = obj;
  lastOld = old;
  for (const k of Object.keys(obj)) {
    if (again && k !== 'metadata') continue;
    const x = obj[k];
    const y = old[k];
    if (x === y || y === undefined) continue;
    if (k === 'metadata') {
      if (isRec(x) && isRec(y)) same(x, y, true);
    } else if (same(x, y, true)) obj[k] = y;
  }
}
