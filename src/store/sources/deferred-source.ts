import type { SlimBase } from '../../resources/types.js';
import type { Source, SourceFactory, SourceRequest, SourceState } from './source.js';

/**
 * A Source whose real factory is still on its way (the transport loads client-node lazily, after the
 * first frame). Until then it reports "connecting"; if the factory fails it reports that failure.
 */
export function deferredSources(factory: Promise<SourceFactory>, now: () => number = Date.now): SourceFactory {
  let ready: SourceFactory | undefined;
  let failure: string | undefined;
  factory.then(
    (f) => (ready = f),
    (e: unknown) => (failure = e instanceof Error ? e.message : String(e)),
  );
  return (req: SourceRequest): Source => {
    if (ready) return ready(req);
    const since = now();
    let inner: Source | undefined;
    let stopped = false;
    let started = false;
    const pending: Source = {
      get state(): SourceState {
        if (inner) return inner.state;
        if (failure) return { phase: 'error', message: failure, since, attempt: 0 };
        return { phase: 'connecting', since, attempt: 0 };
      },
      get version() {
        return inner ? inner.version + 1 : 0;
      },
      get size() {
        return inner ? inner.size : 0;
      },
      items(): IterableIterator<SlimBase> {
        return inner ? inner.items() : ([] as SlimBase[])[Symbol.iterator]();
      },
      // versions are the inner one's plus one (0 before it exists, which no inner log reaches back to)
      changesSince(version: number): readonly string[] | undefined {
        return inner?.get ? inner.changesSince?.(version - 1) : undefined;
      },
      get(key: string): SlimBase | undefined {
        return inner?.get?.(key);
      },
      start() {
        started = true;
        inner?.start();
      },
      stop() {
        stopped = true;
        inner?.stop();
      },
    };
    factory.then(
      (f) => {
        if (stopped) return;
        inner = f(req);
        if (started) inner.start();
        req.onChange();
      },
      () => req.onChange(),
    );
    return pending;
  };
}
