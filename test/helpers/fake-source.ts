import type { SlimBase } from '../../src/resources/types.js';
import type { Source, SourceFactory, SourceRequest, SourceState } from '../../src/store/sources/source.js';

/** A hand-driven Source for store and view tests. */
export class FakeSource implements Source {
  state: SourceState = { phase: 'connecting', since: 0, attempt: 0 };
  version = 0;
  started = false;
  stopped = false;
  readonly map = new Map<string, SlimBase>();
  constructor(readonly req: SourceRequest) {}
  get size() {
    return this.map.size;
  }
  items() {
    return this.map.values();
  }
  start() {
    this.started = true;
  }
  stop() {
    this.stopped = true;
  }
  put(...recs: SlimBase[]) {
    for (const r of recs) this.map.set(r.key, r);
    this.state = { phase: 'synced', since: 0, attempt: 0 };
    this.version++;
    this.req.onChange();
  }
  remove(key: string) {
    this.map.delete(key);
    this.version++;
    this.req.onChange();
  }
}

export function fakeSources(): { factory: SourceFactory; all: FakeSource[]; last: () => FakeSource } {
  const all: FakeSource[] = [];
  return {
    factory: (req) => {
      const s = new FakeSource(req);
      all.push(s);
      return s;
    },
    all,
    last: () => {
      const s = all[all.length - 1];
      if (!s) throw new Error('no source');
      return s;
    },
  };
}
