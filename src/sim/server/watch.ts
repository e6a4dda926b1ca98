// WATCH: one JSON event per line on a chunked 200 response.
// - resourceVersion unset or "0": a synthetic ADDED per matching object, then live events.
// - "N": the kept changes after N, then live events; N older than the kept history: one ERROR (410 Expired).
// - Selector transitions: an object that starts matching is ADDED, one that stops matching is DELETED
//   (its previous state stamped with the new resourceVersion, as the API server's cacher does).
// - BOOKMARKs only with allowWatchBookmarks=true: periodically, and after the initial events when
//   sendInitialEvents=true (annotated k8s.io/initial-events-end).
// - Tables: every event is a one-row Table, only the first carries columnDefinitions.
// Per event the work is a filter plus string concatenation around the change's shared serialisation.

import type { ServerResponse } from 'node:http';
import type { KObject } from '../../util/k8s.js';
import { listJson } from '../storage/index.js';
import type { Storage, StoredEvent } from '../storage/index.js';
import type { Scheduler, TimerHandle } from '../scheduler.js';
import type { ResourceInfo } from '../resources.js';
import { apiVersionOf } from '../resources.js';
import { startStream, statusObject } from './http-util.js';
import type { Query } from './query.js';
import { rowJson, tableFor, tableJson } from './tables.js';

export interface WatchOptions {
  storage: Storage;
  scheduler: Scheduler;
  info: ResourceInfo;
  query: Query;
  /** Raw resourceVersion parameter. */
  resourceVersion: string | undefined;
  bookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds: number;
  bookmarkIntervalMs: number;
  /** Table apiVersion when a Table was negotiated. */
  table: string | undefined;
}

/** Largest amount of unsent output before a slow watcher is dropped (the API server does the same). */
const MAX_BUFFERED = 16 * 1024 * 1024;
/** Objects per slice of a watch's initial ADDED events. */
const INITIAL_SLICE = 500;
/**
 * The initial events are written in pieces of about this many characters: a slice joined into one string
 * (500 pods: ~3.5 MB) went to V8's large-object space, which only a full collection frees (as sendJoined).
 */
const PIECE_CHARS = 64 * 1024;

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export class Watch {
  private unsubscribe: (() => void) | undefined;
  private timers: TimerHandle[] = [];
  private closed = false;
  private sentColumns = false;
  /** Events of the current tick, written as one chunk (one TLS record) on the next turn of the loop. */
  private batch: string[] = [];
  /** Characters in `batch`. */
  private batchChars = 0;
  private flushHandle: NodeJS.Immediate | undefined;
  /** Live changes that arrive while the initial list is being streamed. */
  private held: StoredEvent[] | undefined;

  constructor(
    private readonly o: WatchOptions,
    private readonly res: ServerResponse,
    private readonly onDone: (w: Watch) => void,
  ) {}

  /** Start streaming; the caller has validated the parameters. */
  start(): void {
    const { storage, info, query, scheduler } = this.o;
    this.res.on('close', () => this.stop());
    this.res.on('error', () => this.stop());
    startStream(this.res);
    const rvParam = this.o.resourceVersion ?? '';
    const fromList = rvParam === '' || rvParam === '0';
    let initial: KObject[] | undefined;
    if (fromList) {
      // a snapshot now; streamed in slices that respect back-pressure, live events held until it is sent
      initial = storage.list(info.gvr).items;
      this.held = [];
    } else {
      const rv = Number(rvParam);
      const changes = storage.changesSince(info.gvr, rv);
      if (!changes) {
        const oldest = storage.oldestWatchableRV(info.gvr);
        const status = statusObject(410, 'Expired', `too old resource version: ${rv} (${oldest})`);
        this.write(`{"type":"ERROR","object":${JSON.stringify(status)}}\n`);
        return this.stop();
      }
      for (const ev of changes) this.onChange(ev);
    }
    if (this.closed) return;
    this.unsubscribe = storage.subscribe(info.gvr, (ev) => {
      if (this.held) this.held.push(ev);
      else this.onChange(ev);
    });
    this.timers.push(scheduler.setTimer(this.o.timeoutSeconds * 1000, () => this.stop()));
    if (this.o.bookmarks) this.scheduleBookmark();
    if (initial) this.streamInitial(initial, 0, query.match);
  }

  /** Synthetic ADDEDs for `items[i..]`, INITIAL_SLICE at a time, waiting for 'drain' when the socket is full. */
  private streamInitial(items: readonly KObject[], i: number, match: (o: KObject) => boolean): void {
    if (this.closed) return;
    const end = Math.min(items.length, i + INITIAL_SLICE);
    for (; i < end; i++) {
      const obj = items[i];
      if (obj && match(obj)) this.send('ADDED', obj, listJson(obj), undefined);
      if (this.batchChars >= PIECE_CHARS) this.writeBatch();
    }
    const flowing = this.flushNow();
    if (i < items.length) {
      if (flowing) setImmediate(() => this.streamInitial(items, i, match));
      else this.res.once('drain', () => this.streamInitial(items, i, match));
      return;
    }
    if (this.o.bookmarks && this.o.sendInitialEvents) this.bookmark(true);
    const held = this.held ?? [];
    this.held = undefined;
    for (const ev of held) this.onChange(ev);
  }

  /** Write the pending batch now; false when the socket asks to wait for 'drain'. */
  private flushNow(): boolean {
    if (this.flushHandle) clearImmediate(this.flushHandle);
    this.flushHandle = undefined;
    if (this.closed || this.res.destroyed) return false;
    if (this.batch.length > 0) this.writeBatch();
    return !this.res.writableNeedDrain;
  }

  private writeBatch(): boolean {
    const chunk = this.batch.join('');
    this.batch = [];
    this.batchChars = 0;
    return this.res.write(chunk);
  }

  /** End the stream cleanly (timeout, server close) and release everything. Idempotent. */
  stop(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const t of this.timers) this.o.scheduler.clearTimer(t);
    this.timers = [];
    if (this.flushHandle) clearImmediate(this.flushHandle);
    this.flushHandle = undefined;
    if (!this.res.writableEnded && !this.res.destroyed) this.res.end(this.batch.join(''));
    this.batch = [];
    this.batchChars = 0;
    this.onDone(this);
  }

  private scheduleBookmark(): void {
    const t = this.o.scheduler.setTimer(this.o.bookmarkIntervalMs, () => {
      this.timers = this.timers.filter((x) => x !== t);
      if (this.closed) return;
      this.bookmark(false);
      this.scheduleBookmark();
    });
    this.timers.push(t);
  }

  private bookmark(initialEnd: boolean): void {
    const rv = String(this.o.storage.currentRV());
    const metadata: Record<string, unknown> = { resourceVersion: rv };
    if (initialEnd) metadata['annotations'] = { 'k8s.io/initial-events-end': 'true' };
    const object = this.o.table
      ? tableJson(this.o.table, metadata, undefined, [])
      : JSON.stringify({ kind: this.o.info.kind, apiVersion: apiVersionOf(this.o.info.gvr), metadata });
    this.write(`{"type":"BOOKMARK","object":${object}}\n`);
  }

  private onChange(ev: StoredEvent): void {
    if (this.closed) return;
    const m = this.o.query.match;
    const now = m(ev.object);
    const before = ev.prev !== undefined && ev.type !== 'DELETED' ? m(ev.prev) : false;
    if (ev.type === 'ADDED') {
      if (now) this.send('ADDED', ev.object, ev.json, ev);
    } else if (ev.type === 'DELETED') {
      if (now) this.send('DELETED', ev.object, ev.json, ev);
    } else if (now && before) this.send('MODIFIED', ev.object, ev.json, ev);
    else if (now) this.send('ADDED', ev.object, ev.json, ev);
    else if (before && ev.prev) {
      // Left the selector: the previous state, stamped with this change's resourceVersion.
      const prev = ev.prev;
      const gone = ev.memo('left-selector', () => ({
        ...prev,
        metadata: { ...prev.metadata, resourceVersion: String(ev.rv) },
      }));
      this.send(
        'DELETED',
        gone,
        ev.memo('left-selector-json', () => JSON.stringify(gone)),
        ev,
      );
    }
  }

  private send(type: EventType, obj: KObject, json: string, ev: StoredEvent | undefined): void {
    if (!this.o.table) {
      this.write(`{"type":"${type}","object":${json}}\n`);
      return;
    }
    const tableVersion = this.o.table;
    const include = this.o.query.include;
    const makeRow = (): string =>
      rowJson(tableFor(this.o.info), obj, json, include, this.o.scheduler.now(), tableVersion);
    // Rows are shared by all Table watchers of the same change with the same options.
    const row = ev
      ? ev.memo(`row:${tableVersion}:${include}:${obj === ev.object ? 'cur' : 'prev'}`, makeRow)
      : makeRow();
    const columns = this.sentColumns ? undefined : tableFor(this.o.info).columns;
    this.sentColumns = true;
    this.write(
      `{"type":"${type}","object":${tableJson(tableVersion, { resourceVersion: obj.metadata.resourceVersion }, columns, [row])}}\n`,
    );
  }

  private write(s: string): void {
    if (this.closed || this.res.destroyed) return;
    this.batch.push(s);
    this.batchChars += s.length;
    this.flushHandle ??= setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushHandle = undefined;
    if (this.closed || this.res.destroyed || this.batch.length === 0) return;
    if (this.res.writableLength > MAX_BUFFERED) {
      // a client this far behind would never catch up: drop it, as the API server does
      this.batch = [];
      this.batchChars = 0;
      this.res.destroy();
      this.stop();
      return;
    }
    this.writeBatch();
  }
}
