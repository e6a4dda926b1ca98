// Small HTTP helpers for the simulator's API server: Status bodies, JSON responses, Accept negotiation.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StatusObject } from '../../util/k8s.js';

export type Reason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Forbidden'
  | 'Unauthorized'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'Expired'
  | 'Gone'
  | 'InternalError'
  | 'Timeout'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'ServiceUnavailable'
  | 'TooManyRequests'
  | '';

export function statusObject(
  code: number,
  reason: Reason,
  message: string,
  details?: StatusObject['details'],
): StatusObject {
  const s: StatusObject = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    ...(reason ? { reason } : {}),
    code,
  };
  if (details) s.details = details;
  return s;
}

const BASE_HEADERS = { 'Cache-Control': 'no-cache, private' };

export function sendRaw(res: ServerResponse, code: number, contentType: string, body: string): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  res.writeHead(code, {
    ...BASE_HEADERS,
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Pieces of a joined body are written once they reach this many characters (young-generation strings). */
const PIECE_CHARS = 64 * 1024;

/**
 * `head + parts.join(',') + tail`, written in pieces of ~64 KB instead of as one string. A page of 500 real
 * pods is ~3.5 MB: as one string (and its Buffer) it went to V8's large-object space, which only a full
 * collection frees, so a client paging through 100,000 pods left ~0.7 GB of garbage per list behind in the
 * old generation. The bytes on the wire are the same, Content-Length included.
 */
export function sendJoined(res: ServerResponse, code: number, contentType: string, head: string, parts: readonly string[], tail: string): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  let bytes = Buffer.byteLength(head) + Buffer.byteLength(tail) + Math.max(0, parts.length - 1);
  for (const p of parts) bytes += Buffer.byteLength(p);
  res.writeHead(code, { ...BASE_HEADERS, 'Content-Type': contentType, 'Content-Length': bytes });
  let piece = head;
  for (let i = 0; i < parts.length; i++) {
    piece = i === 0 ? piece + (parts[i] ?? '') : `${piece},${parts[i] ?? ''}`;
    if (piece.length >= PIECE_CHARS) {
      res.write(piece);
      piece = '';
    }
  }
  res.end(piece + tail);
}

/** How long streamJoined makes items before it lets the event loop turn (ms). */
const STREAM_TURN_MS = 4;

/**
 * `head + parts.join(',') + tail` as a chunked 200 response, where the parts are made as they are written:
 * `part(i)` for i in 0…count-1 (undefined leaves the item out), for `turnMs` at a time (then the event loop
 * turns: an item may cost a pod's usage or a node's sum over its hundred pods), waiting for 'drain' when the
 * socket is full. For a list too big to make in one go (100,000 pods' metrics are ~50 MB and took 1.5-3 s
 * to make at once): the server's watches and other requests go on in between. Stops when the client goes away.
 */
export function streamJoined(
  res: ServerResponse,
  contentType: string,
  head: string,
  count: number,
  part: (i: number) => string | undefined,
  tail: string,
  turnMs = STREAM_TURN_MS,
): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': contentType });
  let first = true;
  let i = 0;
  const step = (): void => {
    if (res.destroyed) return;
    const until = performance.now() + turnMs;
    let piece = first ? head : '';
    do {
      const p = part(i++);
      if (p === undefined) continue;
      piece += first ? p : `,${p}`;
      first = false;
      if (piece.length >= PIECE_CHARS) {
        res.write(piece);
        piece = '';
      }
    } while (i < count && performance.now() < until);
    if (first) {
      // nothing written yet (no item so far): the head goes with the next piece
      if (i >= count) res.end(head + tail);
      else setImmediate(step);
      return;
    }
    if (i >= count) {
      res.end(piece + tail);
      return;
    }
    const flowing = piece === '' || res.write(piece);
    if (flowing) setImmediate(step);
    else res.once('drain', step);
  };
  if (count === 0) res.end(head + tail);
  else step();
}

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  sendRaw(res, code, 'application/json', typeof body === 'string' ? body : JSON.stringify(body));
}

export function sendStatus(
  res: ServerResponse,
  code: number,
  reason: Reason,
  message: string,
  details?: StatusObject['details'],
): void {
  sendJson(res, code, statusObject(code, reason, message, details));
}

/** Start a streaming (chunked) 200 response and flush the headers at once. */
export function startStream(res: ServerResponse, contentType = 'application/json'): void {
  res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': contentType, 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
}

interface MediaRange {
  type: string; // application/json, */*
  params: Record<string, string>;
}

/** Parse an Accept header into media ranges in the client's order (q=0 ranges dropped). */
function parseAccept(header: string | undefined): MediaRange[] {
  if (!header || header.trim() === '') return [{ type: '*/*', params: {} }];
  const out: MediaRange[] = [];
  for (const part of header.split(',')) {
    const [type = '', ...rest] = part.split(';').map((s) => s.trim());
    if (!type) continue;
    const params: Record<string, string> = {};
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq > 0)
        params[p.slice(0, eq).trim().toLowerCase()] = p
          .slice(eq + 1)
          .trim()
          .replace(/^"|"$/g, '');
    }
    if (params['q'] !== undefined && Number(params['q']) === 0) continue;
    out.push({ type: type.toLowerCase(), params });
  }
  return out;
}

const isJsonLike = (t: string): boolean => t === 'application/json' || t === '*/*' || t === 'application/*';

export type Representation = { as: 'json' } | { as: 'table'; apiVersion: string } | { as: 'discovery-v2' };

/**
 * Pick the first representation the client accepts that we can produce. `kinds` lists what this
 * endpoint offers besides plain JSON. Undefined = 406.
 */
export function negotiate(
  accept: string | undefined,
  kinds: { table?: boolean; discovery?: boolean },
): Representation | undefined {
  for (const r of parseAccept(accept)) {
    if (!isJsonLike(r.type)) continue;
    const as = r.params['as'];
    if (as === undefined) return { as: 'json' };
    if (
      kinds.table &&
      as === 'Table' &&
      r.params['g'] === 'meta.k8s.io' &&
      (r.params['v'] === 'v1' || r.params['v'] === 'v1beta1')
    )
      return { as: 'table', apiVersion: `meta.k8s.io/${r.params['v']}` };
    if (
      kinds.discovery &&
      as === 'APIGroupDiscoveryList' &&
      r.params['g'] === 'apidiscovery.k8s.io' &&
      r.params['v'] === 'v2'
    )
      return { as: 'discovery-v2' };
  }
  return undefined;
}

export function notAcceptable(res: ServerResponse, req: IncomingMessage): void {
  sendStatus(
    res,
    406,
    'NotAcceptable',
    `only the following media types are accepted: application/json; requested: ${req.headers.accept ?? ''}`,
  );
}
