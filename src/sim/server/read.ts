// Reads of resources: GET of one object (also /status and /scale), LIST with paging, WATCH.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Storage } from '../storage/index.js';
import type { Scheduler } from '../scheduler.js';
import { negotiate, notAcceptable, sendJson, sendStatus } from './http-util.js';
import { serveGet, serveList } from './list.js';
import type { Ctx } from './list.js';
import { boolParam, intParam, parseQuery } from './query.js';
import type { Route } from './routes.js';
import { toScale } from './scale.js';
import { Watch } from './watch.js';
import { servePodLogs } from '../logs/wire.js';

export interface ReadEnv {
  storage: Storage;
  scheduler: Scheduler;
  /** Live watches, for close() and diagnostics. */
  watches: Set<Watch>;
  bookmarkIntervalMs: number;
  defaultWatchTimeoutSeconds: number;
  /** The simulation's seed (container logs derive from it). */
  seed: number;
}

const NOT_FOUND_MSG = 'the server could not find the requested resource';

export function serveRead(
  env: ReadEnv,
  r: Extract<Route, { kind: 'resource' }>,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const { storage, scheduler } = env;
  const { info, namespace, name, subresource } = r;
  const params = url.searchParams;
  if (subresource === 'scale' && name !== undefined && !r.watchPath) {
    const o = storage.get(info.gvr, namespace, name);
    return o
      ? sendJson(res, 200, toScale(o))
      : sendStatus(
          res,
          404,
          'NotFound',
          `${info.gvr.resource}${info.gvr.group ? `.${info.gvr.group}` : ''} "${name}" not found`,
        );
  }
  if (subresource === 'log' && name !== undefined && info.gvr.resource === 'pods' && !info.gvr.group)
    return servePodLogs({ storage, scheduler, seed: env.seed }, namespace, name, req, res);
  if (subresource !== undefined && subresource !== 'status' && subresource !== 'ephemeralcontainers')
    return sendStatus(
      res,
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    );
  const rep = negotiate(req.headers.accept, { table: true });
  if (!rep) return notAcceptable(res, req);
  const q = parseQuery(params, info, namespace, name);
  if ('error' in q) return sendStatus(res, 400, 'BadRequest', q.error);
  const ctx: Ctx = {
    storage,
    now: scheduler.now(),
    info,
    table: rep.as === 'table' ? rep.apiVersion : undefined,
  };
  const watch = r.watchPath || boolParam(params, 'watch');
  if (name !== undefined && !watch) {
    if (info.namespaced && namespace === undefined) return sendStatus(res, 404, 'NotFound', NOT_FOUND_MSG);
    return serveGet(ctx, res, namespace, name, q);
  }
  if (watch) {
    const rv = params.get('resourceVersion') ?? undefined;
    if (rv !== undefined && rv !== '' && !/^\d+$/.test(rv))
      return sendStatus(
        res,
        400,
        'BadRequest',
        `resourceVersion: Invalid value: "${rv}": must be a non-negative integer`,
      );
    const timeout = intParam(params, 'timeoutSeconds');
    if (Number.isNaN(timeout))
      return sendStatus(res, 400, 'BadRequest', 'timeoutSeconds: must be a non-negative integer');
    const w = new Watch(
      {
        storage,
        scheduler,
        info,
        query: q,
        resourceVersion: rv,
        bookmarks: boolParam(params, 'allowWatchBookmarks'),
        sendInitialEvents: boolParam(params, 'sendInitialEvents'),
        timeoutSeconds: timeout === undefined || timeout === 0 ? env.defaultWatchTimeoutSeconds : timeout,
        bookmarkIntervalMs: env.bookmarkIntervalMs,
        table: ctx.table,
      },
      res,
      (done) => env.watches.delete(done),
    );
    env.watches.add(w);
    return w.start();
  }
  const limit = intParam(params, 'limit');
  if (Number.isNaN(limit)) return sendStatus(res, 400, 'BadRequest', 'limit: must be a non-negative integer');
  serveList(ctx, res, namespace, q, limit, params.get('continue') ?? undefined);
}
