import type { ResourceDef, SlimBase } from '../resources/types.js';
import type { Clock } from '../util/clock.js';
import { systemClock } from '../util/clock.js';
import { sortRows } from './sort.js';
import type { Source, SourceFactory, SourceState } from './source.js';

export interface ViewSpec {
  resource: ResourceDef;
  /** undefined = all namespaces */
  namespace: string | undefined;
}

export type FlashLevel = 'info' | 'warn' | 'error';
export interface Flash {
  text: string;
  level: FlashLevel;
  id: number;
}

/** What the UI renders: immutable, replaced as a whole, published at a bounded rate. */
export interface Snapshot {
  seq: number;
  view: ViewSpec;
  rows: readonly SlimBase[];
  state: SourceState;
  flash: Flash | undefined;
}

export interface AppStoreOptions {
  sources: SourceFactory;
  initial: ViewSpec;
  clock?: Clock;
  /** Minimum interval between two published snapshots. */
  publishIntervalMs?: number;
  /** How long a flash message stays. */
  flashMs?: number;
  /** How often the source's connection state is checked for changes it did not announce. */
  pollMs?: number;
}

/**
 * UI-free application state: the active view and its live cache, coalesced into snapshots.
 * A burst of watch events produces at most one snapshot per `publishIntervalMs`, and nothing is
 * published when nothing changed.
 */
export class AppStore {
  private readonly opts: Required<Omit<AppStoreOptions, 'clock'>> & { clock: Clock };
  private source: Source;
  private view: ViewSpec;
  private snapshot: Snapshot;
  private listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private poller: NodeJS.Timeout | undefined;
  private flashTimer: NodeJS.Timeout | undefined;
  private lastPublish = 0;
  private publishedVersion = -1;
  private flashSeq = 0;
  private flashValue: Flash | undefined;
  private disposed = false;

  constructor(options: AppStoreOptions) {
    this.opts = {
      publishIntervalMs: 50,
      flashMs: 4000,
      pollMs: 250,
      clock: systemClock,
      ...options,
    };
    this.view = options.initial;
    this.source = this.open(this.view);
    this.snapshot = this.build(0);
    this.poller = setInterval(() => this.poll(), this.opts.pollMs);
    this.poller.unref();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Snapshot => this.snapshot;

  /** Switches the view; the old cache is stopped, the new one starts empty ("connecting"). */
  setView(view: ViewSpec): void {
    if (this.disposed) return;
    this.source.stop();
    this.view = view;
    this.source = this.open(view);
    this.publishNow();
  }

  flash(text: string, level: FlashLevel = 'info'): void {
    if (this.disposed) return;
    this.flashValue = { text, level, id: ++this.flashSeq };
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => {
      this.flashValue = undefined;
      this.publishNow();
    }, this.opts.flashMs);
    this.flashTimer.unref();
    this.publishNow();
  }

  dispose(): void {
    this.disposed = true;
    this.source.stop();
    clearTimeout(this.timer);
    clearTimeout(this.flashTimer);
    clearInterval(this.poller);
    this.listeners.clear();
  }

  private open(view: ViewSpec): Source {
    const src = this.opts.sources({
      resource: view.resource,
      namespace: view.resource.namespaced ? view.namespace : undefined,
      onChange: () => {
        if (src === this.source) this.schedule();
      },
    });
    src.start();
    return src;
  }

  private poll(): void {
    const s = this.snapshot.state;
    const now = this.source.state;
    if (now.phase !== s.phase || now.message !== s.message || this.source.version !== this.publishedVersion) {
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.timer || this.disposed) return;
    const wait = Math.max(0, this.lastPublish + this.opts.publishIntervalMs - this.opts.clock.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.publishNow();
    }, wait);
  }

  private publishNow(): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.snapshot = this.build(this.snapshot.seq + 1);
    this.lastPublish = this.opts.clock.now();
    for (const l of this.listeners) l();
  }

  private build(seq: number): Snapshot {
    const rowsUnchanged = this.snapshot?.view === this.view && this.publishedVersion === this.source.version;
    this.publishedVersion = this.source.version;
    return {
      seq,
      view: this.view,
      rows: rowsUnchanged ? this.snapshot.rows : sortRows(this.source.items()),
      state: { ...this.source.state },
      flash: this.flashValue,
    };
  }
}
