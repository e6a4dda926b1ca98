import type { SlimBase } from '../resources/types.js';
import { resolveResource } from '../resources/registry.js';
import type { Cancel, Clock } from '../util/clock.js';
import { repeat, systemClock } from '../util/clock.js';
import { Coalescer } from './coalescer.js';
import { andSelectors, clientFilter, parseFilter } from './table/filter.js';
import type { FilterState } from './table/filter.js';
import { addRecentNamespace, NavStack } from './table/nav.js';
import type { NavEntry, ViewSpec } from './table/nav.js';
import { defaultSort, validSortColumn } from './table/sort.js';
import type { SortColumn } from './table/sort.js';
import type { Source, SourceRequest } from './sources/source.js';
import type { AppStoreOptions, Flash, FlashLevel, Snapshot } from './table/snapshot.js';
import { ViewRows } from './table/view-rows.js';

export type { ViewSpec } from './table/nav.js';
export type { FilterState } from './table/filter.js';
export type { SortColumn } from './table/sort.js';

/** What the store reads of the metrics overlay (which itself follows the store): usage by kind and row key. */
export interface UsageSource {
  usage(kind: 'pods' | 'nodes', key: string): { cpuMilli: number; memBytes: number } | undefined;
  getVersion(): number;
  subscribe(listener: () => void): () => void;
}
export type { AppStoreOptions, Flash, FlashLevel, Snapshot } from './table/snapshot.js';

/**
 * While a first list is still arriving, a snapshot at most this often (the title counts the rows so far);
 * its first rows are shown as soon as they are in, and the complete list at once.
 * Each one is a whole Ink frame (~26 ms of CPU and its garbage at 190×50): at 250 ms a 10k list took
 * ~1 s more CPU (test/bench/first-list.ts, paired: 5.0 → 4.05 s CPU, full list 15.3 → 11.4 s under load).
 */
const LOADING_PUBLISH_MS = 1000;

const requestKey = (r: Omit<SourceRequest, 'onChange'>): string =>
  JSON.stringify([r.resource.group, r.resource.version, r.resource.plural, r.namespace ?? null, r.labelSelector ?? '', r.fieldSelector ?? '']);

/**
 * UI-free application state: the navigation stack, the active view's live cache, filter and sort, coalesced
 * into snapshots. A burst of watch events or keystrokes produces at most one snapshot per `publishIntervalMs`,
 * and nothing is published when nothing changed. Sorting happens when the rows or the sort change, filtering
 * when the rows or the filter change; neither per event.
 */
export class AppStore {
  private readonly opts: Required<Omit<AppStoreOptions, 'clock' | 'resolveKind'>> & Pick<AppStoreOptions, 'resolveKind'> & { clock: Clock };
  private readonly nav: NavStack;
  private source: Source;
  private sourceKey = '';
  private readonly rows = new ViewRows();
  private snapshot: Snapshot;
  private listeners = new Set<() => void>();
  private readonly publisher: Coalescer;
  private readonly stopPolling: Cancel;
  private flashTimer: Cancel | undefined;
  private publishedVersion = -1;
  /** Counts the user's changes to what is shown (view, namespace, filter, sort); a snapshot carries the count it shows. */
  private intent = 0;
  private flashSeq = 0;
  private flashValue: Flash | undefined;
  /** A refused filter, shown in place of the applied one until the next filter change. */
  private refused: FilterState | undefined;
  private recents: readonly string[] = [];
  private disposed = false;
  private usageSource: UsageSource | undefined;
  private usageOff: (() => void) | undefined;
  private markListed: (() => void) | undefined;
  /**
   * Resolves once the first view's list is in (complete, or failed): what would compete with it on the
   * server (discovery, the header's usage poll) waits for this.
   */
  readonly listed: Promise<void>;

  constructor(options: AppStoreOptions) {
    this.opts = { publishIntervalMs: 50, flashMs: 4000, pollMs: 250, clock: systemClock, ...options };
    this.listed = new Promise<void>((resolve) => (this.markListed = resolve));
    this.nav = new NavStack(entry(options.initial));
    this.recents = addRecentNamespace(this.recents, nsOf(options.initial));
    this.source = this.activate();
    // while the first list arrives, pages are shown at a slower pace (each publish re-renders the table)
    const interval = (): number => (this.source.state.loading ? Math.max(LOADING_PUBLISH_MS, this.opts.publishIntervalMs) : this.opts.publishIntervalMs);
    this.publisher = new Coalescer(this.opts.clock, interval, () => {
      this.snapshot = this.build(this.snapshot.seq + 1);
      for (const l of this.listeners) l();
    });
    this.snapshot = this.build(0);
    this.publisher.published();
    this.stopPolling = repeat(this.opts.clock, () => this.poll(), this.opts.pollMs);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Snapshot => this.snapshot;

  /**
   * Does `shown` (the snapshot on screen) show every change the user made (view, namespace, filter, sort)?
   * Keys typed ahead of one wait until it is on screen (App.tsx): they are meant for what it shows.
   */
  caughtUp(shown: Snapshot): boolean {
    return this.disposed || shown.intent === this.intent;
  }

  /** A `:` command: a new root (k9s resets its stack on a command), no filter, default sort. */
  setView(view: ViewSpec): void {
    if (this.disposed) return;
    this.nav.reset(entry(view));
    this.entered();
  }

  /** Shows `view` on top of the current one; `leavingKey` is the selection `back()` will restore. */
  push(view: ViewSpec, leavingKey?: string): void {
    if (this.disposed) return;
    this.nav.push(entry(view), leavingKey);
    this.entered();
  }

  /**
   * Enter on a row: shows what the current kind's `drill(rec)` points at (a deployment's pods, a namespace's
   * pods…), remembering `rec` as the selection to restore. False when this kind has no drill-down for it.
   */
  drill(rec: SlimBase): boolean {
    if (this.disposed) return false;
    const from = this.nav.top.view.resource;
    const target = from.drill?.(rec);
    if (!target) return false;
    const resource = resolveResource(target.resource) ?? this.opts.resolveKind?.(target.resource);
    if (!resource) {
      this.flash(`cannot show ${target.resource}: unknown resource`, 'error');
      return false;
    }
    const view: ViewSpec = { resource, namespace: target.namespace, title: `${from.singular} ${rec.key}` };
    if (target.labelSelector) view.labelSelector = target.labelSelector;
    if (target.fieldSelector) view.fieldSelector = target.fieldSelector;
    this.push(view, rec.key);
    return true;
  }

  /** Esc: back to the previous view with its filter, sort and selection (`view.selectedKey`). False at the root. */
  back(): boolean {
    if (this.disposed || !this.nav.pop()) return false;
    this.entered();
    return true;
  }

  /** Keys 0–9: the current view in another namespace (undefined = all). Drill-down selectors are dropped. */
  setNamespace(namespace: string | undefined): void {
    if (this.disposed) return;
    const top = this.nav.top;
    const v = top.view;
    if (v.namespace === namespace && !v.labelSelector && !v.fieldSelector && !v.title) return;
    this.nav.replaceTop({ ...top, view: { resource: v.resource, namespace } });
    this.entered();
  }

  /** `0` = all namespaces, `1`–`9` = `recentNamespaces[digit - 1]`. False when there is no such favourite. */
  selectFavourite(digit: number): boolean {
    const ns = digit === 0 ? undefined : this.recents[digit - 1];
    if (digit !== 0 && ns === undefined) return false;
    this.setNamespace(ns);
    return true;
  }

  /**
   * Applies what was typed after `/` (see filter.ts for the syntax). Fuzzy and inverse filters are cheap
   * enough to call on every keystroke; `-l`/`-f` reopen the cache, so call them on Enter (use `parseFilter`
   * to show the prompt's validity while typing). A bad selector flashes its error and changes nothing else.
   */
  setFilter(text: string): void {
    if (this.disposed) return;
    const top = this.nav.top;
    const p = parseFilter(text, top.view.resource);
    if ('error' in p) {
      this.refused = { text: p.text, kind: p.kind, error: p.error };
      this.flash(p.error, 'error');
      return;
    }
    const wasRefused = this.refused !== undefined;
    this.refused = undefined;
    if (p.text === top.filter && !wasRefused) return;
    this.nav.replaceTop({ ...top, filter: p.text });
    this.intent++;
    if (this.reopen()) this.publishNow();
    else this.publishSoon();
  }

  /** Esc on a filtered table: removes the filter. False when there was none (then Esc means `back()`). */
  clearFilter(): boolean {
    if (this.disposed) return false;
    const top = this.nav.top;
    if (top.filter === '' && !this.refused) return false;
    this.refused = undefined;
    this.nav.replaceTop({ ...top, filter: '' });
    this.intent++;
    if (this.reopen()) this.publishNow();
    else this.publishSoon();
    return true;
  }

  /** Shift+N / Shift+A / Shift+S or a column index. False (and no change) for a column this kind lacks. */
  setSort(column: SortColumn, desc = false): boolean {
    if (this.disposed) return false;
    const top = this.nav.top;
    if (!validSortColumn(column, top.view.resource)) return false;
    if (top.sort.column === column && top.sort.desc === desc) return true;
    this.nav.replaceTop({ ...top, sort: { column, desc } });
    this.intent++;
    this.publishSoon();
    return true;
  }

  flash(text: string, level: FlashLevel = 'info'): void {
    if (this.disposed) return;
    this.flashValue = { text, level, id: ++this.flashSeq };
    this.flashTimer?.();
    this.flashTimer = this.opts.clock.schedule(() => {
      this.flashValue = undefined;
      this.publishNow();
    }, this.opts.flashMs);
    this.publishNow();
  }

  /** The metrics overlay, for the CPU / memory sorts: a sort by usage is redone when a new poll lands. */
  setUsage(source: UsageSource | undefined): void {
    this.usageOff?.();
    this.usageSource = source;
    this.usageOff = source?.subscribe(() => {
      const c = this.nav.top.sort.column;
      if (c === 'cpu' || c === 'memory') this.publishSoon();
    });
  }

  /** Another cache from this connection's sources (`:xray` opens the caches its tree needs, and stops them). */
  openSource(req: SourceRequest): Source {
    return this.opts.sources(req);
  }

  dispose(): void {
    this.markListed?.();
    this.usageOff?.();
    this.disposed = true;
    this.source.stop();
    this.publisher.stop();
    this.flashTimer?.();
    this.stopPolling();
    this.listeners.clear();
  }

  /** After the stack changed: fresh filter state, the right cache, a snapshot now. */
  private entered(): void {
    this.intent++;
    this.refused = undefined;
    this.recents = addRecentNamespace(this.recents, nsOf(this.nav.top.view));
    this.reopen();
    this.publishNow();
  }

  /** The source request the top entry needs: its view's selectors ANDed with a `-l`/`-f` filter. */
  private request(top: NavEntry): Omit<SourceRequest, 'onChange'> {
    const { resource, namespace, labelSelector, fieldSelector } = top.view;
    const p = parseFilter(top.filter, resource);
    const label = andSelectors(labelSelector, p.kind === 'label' && 'selector' in p ? p.selector : undefined);
    const field = andSelectors(fieldSelector, p.kind === 'field' && 'selector' in p ? p.selector : undefined);
    return {
      resource,
      namespace: resource.namespaced ? namespace : undefined,
      ...(label ? { labelSelector: label } : {}),
      ...(field ? { fieldSelector: field } : {}),
    };
  }

  /** Opens the cache the top entry needs (stopping the old one) unless it is already open. True if reopened. */
  private reopen(): boolean {
    const req = this.request(this.nav.top);
    if (requestKey(req) === this.sourceKey) return false;
    this.source.stop();
    this.source = this.activate();
    return true;
  }

  private activate(): Source {
    const req = this.request(this.nav.top);
    this.sourceKey = requestKey(req);
    const src = this.opts.sources({
      ...req,
      onChange: () => {
        if (src !== this.source) return;
        // the list is complete, or its first rows are in: shown at once, not at the pace of its pages
        const complete = this.snapshot.state.loading && !src.state.loading;
        const first = src.state.loading && this.snapshot.total === 0 && src.size > 0;
        if (complete || first) this.publishNow();
        else this.schedule();
      },
    });
    src.start();
    return src;
  }

  private poll(): void {
    const s = this.snapshot.state;
    const now = this.source.state;
    if (now.phase !== s.phase || now.message !== s.message || now.loading !== s.loading || this.source.version !== this.publishedVersion) {
      this.schedule();
    }
  }

  /**
   * A user action: published at once unless one was published less than an interval ago; at the base
   * interval even while a first list arrives (keys typed ahead wait for it, see `caughtUp`).
   */
  private publishSoon(): void {
    this.publisher.soon(this.opts.publishIntervalMs);
  }

  private schedule(): void {
    this.publisher.schedule();
  }

  private publishNow(): void {
    if (this.disposed) return;
    this.publisher.now();
  }

  private rowsInput() {
    const top = this.nav.top;
    const { resource, namespace } = top.view;
    const kind = resource.usage?.source;
    const u = this.usageSource;
    const usage = kind && u ? { usage: (key: string) => u.usage(kind, key), usageVersion: u.getVersion() } : {};
    return { source: this.source, resource, allNamespaces: resource.namespaced && namespace === undefined, sort: top.sort, ...usage };
  }

  private build(seq: number): Snapshot {
    const top = this.nav.top;
    const p = parseFilter(top.filter, top.view.resource);
    this.publishedVersion = this.source.version;
    const out = this.rows.compute({ ...this.rowsInput(), filter: clientFilter(p) });
    const state = this.source.state;
    if (this.markListed && state.phase !== 'connecting' && !state.loading) {
      this.markListed();
      this.markListed = undefined;
    }
    const list = out.list;
    return {
      seq,
      intent: this.intent,
      view: top.view,
      // built only if asked for: the UI reads `list`, a window at a time
      get rows() {
        return list.toArray();
      },
      list,
      total: out.total,
      state: { ...state },
      flash: this.flashValue,
      filter: this.refused ?? (p.kind === 'none' ? undefined : { text: p.text, kind: p.kind }),
      sort: top.sort,
      crumbs: this.nav.crumbs(),
      recentNamespaces: this.recents,
      matchAt: out.matchAt,
    };
  }
}

function entry(view: ViewSpec): NavEntry {
  return { view, filter: '', sort: defaultSort };
}

function nsOf(view: ViewSpec): string | undefined {
  return view.resource.namespaced ? view.namespace : undefined;
}
