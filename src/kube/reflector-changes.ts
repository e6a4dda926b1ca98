// Which keys of a reflector's cache changed after a given version, so a reader that has seen version v can
// look at those records only instead of walking the whole cache. Bounded: when full, the oldest half is dropped,
// and a reader older than what is kept (or than the last reset: a relist) is told it
// cannot know, and walks everything as before.

/**
 * Entries kept before the oldest half is dropped (~0.4 MB when full: the keys are the cache's own strings).
 * A first list's pages are logged too, and the store looks once a second while it arrives: at ~5,000 pods a
 * second, 8,192 entries (half of them after a drop) did not reach back a second, and every look rebuilt the
 * sorted rows from all cached records.
 */
const CAPACITY = 32_768;

export class ChangeLog {
  private keys: string[] = [];
  /** The cache version each entry's change became visible at (non-decreasing). */
  private versions: number[] = [];
  /** Every change after this version is in the log. */
  private base: number;

  constructor(
    version = 0,
    private readonly capacity = CAPACITY,
  ) {
    this.base = version;
  }

  /** Changes up to `version` are not known one by one (the cache was replaced or filled in bulk). */
  reset(version: number): void {
    this.keys = [];
    this.versions = [];
    this.base = version;
  }

  /** The record under `key` was set or removed, visible from `version` on. */
  add(key: string, version: number): void {
    if (this.keys.length >= this.capacity) {
      const cut = this.capacity >> 1;
      this.base = this.versions[cut - 1] as number;
      this.keys = this.keys.slice(cut);
      this.versions = this.versions.slice(cut);
    }
    this.keys.push(key);
    this.versions.push(version);
  }

  /** Keys changed after `version` (a key may repeat), oldest first; undefined when the log does not reach back that far. */
  since(version: number): string[] | undefined {
    if (version < this.base) return undefined;
    const vs = this.versions;
    let lo = 0;
    let hi = vs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((vs[mid] as number) <= version) lo = mid + 1;
      else hi = mid;
    }
    return this.keys.slice(lo);
  }
}
