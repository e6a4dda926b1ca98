// One copy of the strings and small values that repeat across cached records (issue 10, RSS per cached
// pod): JSON.parse gives every pod its own copy of its namespace, node name, labels, owner and container
// names, and a cached record would keep them all alive (at 10k realistic pods, ≈400 B a pod). Records that
// share a value share one string or one frozen object instead. Each table is bounded: when it is full it
// starts again empty (values handed out stay valid; only their sharing with later ones is lost), so a
// long session with churning names (ReplicaSet hashes, pod IPs) cannot grow it without limit.

/** A bounded table of canonical values by key. */
export class InternTable<T> {
  private map = new Map<string, T>();

  constructor(private readonly limit: number) {}

  /** The value stored under `key`, else `make()` stored under it. */
  get(key: string, make: () => T): T {
    const hit = this.map.get(key);
    if (hit !== undefined) return hit;
    if (this.map.size >= this.limit) this.map = new Map();
    const v = make();
    this.map.set(key, v);
    return v;
  }

  get size(): number {
    return this.map.size;
  }
}

const strings = new InternTable<string>(50_000);

/** The shared copy of `s` (equal content, one string in memory). */
export function intern(s: string): string {
  return s === '' ? '' : strings.get(s, () => s);
}

const EMPTY_STRINGS: readonly string[] = Object.freeze([]);
const stringLists = new InternTable<readonly string[]>(10_000);

/** One frozen array per distinct list of strings (a pod's container names: the same for a whole workload). */
export function internList(items: readonly string[]): readonly string[] {
  if (items.length === 0) return EMPTY_STRINGS;
  return stringLists.get(items.join('\0'), () => Object.freeze(items.map(intern)));
}

const EMPTY_RECORD: Readonly<Record<string, string>> = Object.freeze({});
const records = new InternTable<Readonly<Record<string, string>>>(20_000);

/**
 * One frozen object per distinct string map in the same key order (labels: the same for every pod of a
 * ReplicaSet). Not a string-to-string map (a bad object from the server): returned as it is.
 */
export function internRecord(rec: Record<string, string> | undefined): Readonly<Record<string, string>> {
  if (!rec) return EMPTY_RECORD;
  let key = '';
  let n = 0;
  for (const k in rec) {
    const v = rec[k];
    if (typeof v !== 'string') return rec;
    key += `${k}\0${v}\0`;
    n++;
  }
  if (n === 0) return EMPTY_RECORD;
  return records.get(key, () => {
    const copy: Record<string, string> = {};
    for (const k in rec) copy[k] = intern(rec[k] as string); // keys: JSON.parse already shares them
    return Object.freeze(copy);
  });
}
