// The pages of one list, each next page asked for as soon as the current one's continue token is known.
// A Kubernetes server writes a list's metadata (with the token) before its items, so page k+1 is on its way
// while page k's items still arrive and are parsed: the server's work overlaps ours instead of alternating
// with it. The token read early is checked against the parsed page; on any doubt the next page is asked
// for after the parse, as a plain client would. With `item`, a plain JSON list's objects are parsed one by
// one as they arrive and mapped at once (reflector-items.ts): the page's text and objects are not kept.
import { KubeError } from './errors.js';
import { ListSplitter } from './reflector-items.js';
import type { Query, Transport } from './transport.js';

export type PageTransport = Pick<Transport, 'request'> & Partial<Pick<Transport, 'streamText'>>;

export interface PageRequest {
  path: string;
  /** The list's query for a continue token (undefined: the first page). */
  query: (cont: string | undefined) => Query;
  accept?: string;
  signal: AbortSignal;
  /**
   * Maps each object of a plain JSON list (not a server-side Table) as soon as it is parsed; the pages
   * yielded then hold what it returned as their `items`, in order. It may throw: the list fails.
   */
  item?: (obj: unknown) => unknown;
}

interface Fetch {
  /** The page's continue token ("" when it has none), known from its head when possible. */
  token: Promise<string>;
  body: Promise<unknown>;
  abort: () => void;
}

/** A page body arriving with no bytes for this long fails (a plain request had a 60 s deadline). */
const IDLE_MS = 60_000;
/** Where a list's objects start (List items, Table rows); its metadata comes before them. */
const OBJECTS = /"(?:items|rows)":/;
const META = /"metadata":\{[^{}]*\}/;
const TOKEN = /"continue":"([^"\\]*)"/;
/** Past this many bytes without the objects' start, the token is taken from the parsed page. */
const HEAD_MAX = 256 * 1024;

const continueOf = (body: unknown): string => {
  const c = (body as { metadata?: { continue?: unknown } } | undefined)?.metadata?.continue;
  return typeof c === 'string' ? c : '';
};

/** The continue token in a list's head, or undefined when the head does not say (yet). */
export function headToken(head: string): string | undefined {
  const objects = OBJECTS.exec(head);
  if (!objects) return undefined;
  const meta = META.exec(head.slice(0, objects.index));
  if (!meta) return undefined;
  return TOKEN.exec(meta[0])?.[1] ?? '';
}

function fetchPage(t: PageTransport, req: PageRequest, cont: string | undefined): Fetch {
  const ac = new AbortController();
  const signal = AbortSignal.any([req.signal, ac.signal]);
  const opts = { query: req.query(cont), ...(req.accept ? { accept: req.accept } : {}), signal };
  let fetch: Fetch;
  const streamText = t.streamText?.bind(t);
  if (!streamText) {
    const item = req.item;
    const body = item
      ? t.request<unknown>(req.path, opts).then((b) => mapItems(b, item))
      : t.request<unknown>(req.path, opts);
    fetch = { token: body.then(continueOf), body, abort: () => ac.abort() };
  } else {
    let early: ((token: string) => void) | undefined;
    const token = new Promise<string>((resolve) => (early = resolve));
    const chunks = streamText(req.path, { ...opts, idleTimeoutMs: IDLE_MS });
    const found = (tok: string): void => early?.(tok);
    const body = req.item ? splitBody(chunks, req.item, req.path, found) : wholeBody(chunks, req.path, found);
    // without an early token, the parsed page says (a failed page fails its token too)
    body.then(
      (b) => early?.(continueOf(b)),
      () => early?.(''),
    );
    fetch = { token, body, abort: () => ac.abort() };
  }
  // a prefetched page nobody waits for (the list failed or stopped) must not be an unhandled rejection
  fetch.body.catch(() => undefined);
  fetch.token.catch(() => undefined);
  return fetch;
}

/** A list's body parsed as one once it is all in; `early` gets the token as soon as its head says. */
async function wholeBody(
  chunks: AsyncIterable<string>,
  path: string,
  early: (token: string) => void,
): Promise<unknown> {
  const parts: string[] = [];
  let head: string | undefined = '';
  for await (const text of chunks) {
    parts.push(text);
    if (head === undefined) continue;
    head += text;
    const tok = headToken(head);
    if (tok !== undefined) {
      early(tok);
      head = undefined;
    } else if (head.length > HEAD_MAX) head = undefined;
  }
  const text = parts.join('');
  parts.length = 0;
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new KubeError('Server', `invalid JSON from ${path}: ${text.slice(0, 80)}`);
  }
}

/** A page's objects mapped by `item` (a body parsed whole). */
function mapItems(body: unknown, item: (obj: unknown) => unknown): unknown {
  const items = (body as { items?: unknown } | undefined)?.items;
  return Array.isArray(items) ? { ...(body as object), items: items.map(item) } : body;
}

/** A plain JSON list's body, each object parsed and mapped as soon as it is in; `early` gets the head's token. */
async function splitBody(
  chunks: AsyncIterable<string>,
  item: (obj: unknown) => unknown,
  path: string,
  early: (token: string) => void,
): Promise<unknown> {
  const items: unknown[] = [];
  const splitter = new ListSplitter(
    (text) => {
      let obj: unknown;
      try {
        obj = JSON.parse(text);
      } catch {
        throw new KubeError('Server', `invalid JSON from ${path}: ${text.slice(0, 80)}`);
      }
      items.push(item(obj));
    },
    (head) => {
      if (head['metadata'] !== null && typeof head['metadata'] === 'object') early(continueOf(head));
    },
  );
  for await (const text of chunks) splitter.push(text);
  const end = splitter.end();
  if ('list' in end) return { ...end.list, items };
  if (end.whole === undefined) return undefined;
  try {
    return mapItems(JSON.parse(end.whole), item);
  } catch (e) {
    if (e instanceof KubeError) throw e;
    throw new KubeError('Server', `invalid JSON from ${path}: ${end.whole.slice(0, 80)}`);
  }
}

/** The list's pages, parsed, in order; the next one is already coming while the caller handles one. */
export async function* listPages(
  t: PageTransport,
  req: PageRequest,
): AsyncGenerator<unknown, void, undefined> {
  let cur: Fetch | undefined = fetchPage(t, req, undefined);
  let next: Fetch | undefined;
  try {
    while (cur) {
      const early: string = await Promise.race([cur.token, cur.body.then(continueOf)]);
      next = early ? fetchPage(t, req, early) : undefined;
      const body = await cur.body;
      const cont = continueOf(body);
      if (cont !== early) {
        // the head said otherwise than the page: ask again with the page's own token
        next?.abort();
        next = cont ? fetchPage(t, req, cont) : undefined;
      }
      cur = undefined;
      yield body;
      cur = next;
      next = undefined;
    }
  } finally {
    cur?.abort();
    next?.abort();
  }
}
