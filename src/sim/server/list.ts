// GET of a collection (with limit/continue paging) and of a single object, as JSON or as a Table.

import type { ServerResponse } from 'node:http';
import type { KObject } from '../../util/k8s.js';
import { keyRange, listJson, lowerBound, objectJson, objectKey, qualifiedName } from '../storage/index.js';
import type { Storage } from '../storage/index.js';
import type { ResourceInfo } from '../resources.js';
import { apiVersionOf } from '../resources.js';
import { sendJoined, sendJson, sendRaw, sendStatus, streamJoined } from './http-util.js';
import type { Query } from './query.js';
import { rowJson, tableFor, tableJson, tableJsonEnds } from './tables.js';

/**
 * Lists of more items than this (no `limit`, or a large one) are streamed (`streamJoined`: chunked, made a
 * few ms at a time); a page of kubectl's 500 is sent whole, with its Content-Length.
 */
const STREAM_ITEMS = 1000;

export interface Ctx {
  storage: Storage;
  now: number;
  info: ResourceInfo;
  /** Table apiVersion when a Table was negotiated, else undefined (plain JSON). */
  table: string | undefined;
}

interface ContinueToken {
  rv: number;
  start: string; // key of the last item returned
}

const TOO_OLD =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** The API server labels Table responses with their kind: application/json;as=Table;v=v1;g=meta.k8s.io. */
const tableContentType = (apiVersion: string): string =>
  `application/json;as=Table;v=${apiVersion.split('/')[1] ?? 'v1'};g=meta.k8s.io`;

function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'kubedeck.sim/v1', rv: t.rv, start: t.start })).toString(
    'base64url',
  );
}

function decodeContinue(s: string): ContinueToken | undefined {
  try {
    const o = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (o['v'] !== 'kubedeck.sim/v1' || typeof o['rv'] !== 'number' || typeof o['start'] !== 'string')
      return undefined;
    if (!Number.isSafeInteger(o['rv']) || o['rv'] < 0) return undefined;
    return { rv: o['rv'], start: o['start'] };
  } catch {
    return undefined;
  }
}

/**
 * LIST. Pages are cut from the current state in key order; a continue token carries the list's RV and the
 * last key, and expires (410) once that RV is compacted. Unlike etcd, later pages show the current state,
 * not a snapshot at the first page's RV.
 */
export function serveList(
  ctx: Ctx,
  res: ServerResponse,
  namespace: string | undefined,
  q: Query,
  limit: number | undefined,
  cont: string | undefined,
): void {
  const { storage, info } = ctx;
  let listRV = storage.currentRV();
  let start: string | undefined;
  if (cont) {
    const tok = decodeContinue(cont);
    if (!tok)
      return sendStatus(
        res,
        400,
        'BadRequest',
        'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
      );
    if (storage.isContinueExpired(tok.rv)) return sendStatus(res, 410, 'Expired', TOO_OLD);
    listRV = tok.rv;
    start = tok.start;
  }
  // one page: binary search to the first key after the token, then walk until the page is full
  const keys = storage.sortedKeys(info.gvr);
  const range = keyRange(keys, namespace);
  let i = start === undefined ? range.from : Math.max(range.from, lowerBound(keys, `${start}\0`));
  const matched: KObject[] = [];
  const max = limit !== undefined && limit > 0 ? limit : Number.POSITIVE_INFINITY;
  for (; i < range.to && matched.length < max; i++) {
    const o = storage.getByKey(info.gvr, keys[i] ?? '');
    if (o && q.match(o)) matched.push(o);
  }
  // like etcd: a continue token whenever keys remain past a full page (they may not match a selector)
  const remaining = matched.length >= max ? range.to - i : 0;
  let next: string | undefined;
  if (remaining > 0) {
    const last = matched[matched.length - 1];
    next = encodeContinue({
      rv: listRV,
      start: objectKey(last?.metadata.namespace, last?.metadata.name ?? ''),
    });
  }
  const meta: Record<string, unknown> = { resourceVersion: String(listRV) };
  if (next) {
    meta['continue'] = next;
    if (!q.filtered) meta['remainingItemCount'] = remaining;
  }
  // a big list (no limit, or a large one) is made as it is written, over turns of the event loop: its items'
  // JSON all at once (100,000 pods: ~700 MB) lived long enough to be promoted, and the server stood still
  const stream = matched.length > STREAM_ITEMS;
  if (ctx.table) {
    const def = tableFor(info);
    const table = ctx.table;
    const row = (o: KObject): string => rowJson(def, o, listJson(o), q.include, ctx.now, table);
    const [head, tail] = tableJsonEnds(table, meta, def.columns);
    if (stream) return streamJoined(res, tableContentType(table), head, matched.length, (i) => row(matched[i] as KObject), tail);
    return sendJoined(res, 200, tableContentType(table), head, matched.map(row), tail);
  }
  const head = `{"kind":"${info.listKind}","apiVersion":"${apiVersionOf(info.gvr)}","metadata":${JSON.stringify(meta)},"items":[`;
  if (stream) return streamJoined(res, 'application/json', head, matched.length, (i) => listJson(matched[i] as KObject), ']}');
  sendJoined(res, 200, 'application/json', head, matched.map(listJson), ']}');
}

/** GET of one object (also `.../status`, which answers the whole object). */
export function serveGet(
  ctx: Ctx,
  res: ServerResponse,
  namespace: string | undefined,
  name: string,
  q: Query,
): void {
  const { storage, info } = ctx;
  const o = storage.get(info.gvr, namespace, name);
  if (!o) {
    const details = info.gvr.group
      ? { name, group: info.gvr.group, kind: info.gvr.resource }
      : { name, kind: info.gvr.resource };
    return sendStatus(res, 404, 'NotFound', `${qualifiedName(info.gvr, name)} not found`, details);
  }
  if (ctx.table) {
    const def = tableFor(info);
    const row = rowJson(def, o, objectJson(o), q.include, ctx.now, ctx.table);
    return sendRaw(
      res,
      200,
      tableContentType(ctx.table),
      tableJson(ctx.table, { resourceVersion: o.metadata.resourceVersion }, def.columns, [row]),
    );
  }
  sendJson(res, 200, objectJson(o));
}
