import type { SlimBase } from '../../resources/types.js';
import type { Source } from './source.js';

/**
 * One cached record → several rows (a pod → its containers): the inner cache stays keyed by the
 * watched object, the view sees the expanded rows.
 */
export function expandingSource(inner: Source, expand: (rec: SlimBase) => SlimBase[]): Source {
  return {
    get state() {
      return inner.state;
    },
    get version() {
      return inner.version;
    },
    get size() {
      let n = 0;
      for (const r of inner.items()) n += expand(r).length;
      return n;
    },
    *items() {
      for (const r of inner.items()) yield* expand(r);
    },
    start: () => inner.start(),
    stop: () => inner.stop(),
  };
}
