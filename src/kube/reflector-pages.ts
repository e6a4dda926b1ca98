// The pages of one list, each next page asked for as soon as the current one's continue token is known.
// A Kubernetes server writes a list's metadata (with the token) before its items, so page k+1 is on its way
// while page k's items still arrive and are parsed: the server's work overlaps ours instead of alternating
// with it. The token read early is checked against the parsed page; on any doubt the next page is asked
// for after the parse, as a plain client would.
import { KubeError } from './errors.js';
import type { Query, Transport } from './transport.js';

export type PageTransport = Pick<Transport, 'request'> & Partial<Pick<Transport, 'streamText'>>;

export interface PageRequest {
  path: string;
  /** The list's query for a continue token (undefined: the first page). */
  query: (cont: string | undefined) => Query;
  accept?: string;
  signal: AbortSignal;
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
    const body = t.request<unknown>(req.path, opts);
    fetch = { token: body.then(continueOf), body, abort: () => ac.abort() };
  } else {
    let early: ((token: string) => void) | undefined;
    const token = new Promise<string>((resolve) => (early = resolve));
    const body = (async (): Promise<unknown> => {
      const parts: string[] = [];
      let head: string | undefined = '';
      for await (const text of streamText(req.path, { ...opts, idleTimeoutMs: IDLE_MS })) {
        parts.push(text);
        if (head === undefined) continue;
        head += text;
        const tok = headToken(head);
        if (tok !== undefined) {
          early?.(tok);
          head = undefined;
        } else if (head.length > HEAD_MAX) head = undefined;
      }
      const text = parts.join('');
      parts.length = 0;
      if (!text) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new KubeError('Server', `invalid JSON from ${req.path}: ${text.slice(0, 80)}`);
      }
    })();
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

/** The list's pages, parsed, in order; the next one is already coming while the caller handles one. */
export async function* listPages(t: PageTransport, req: PageRequest): AsyncGenerator<unknown, void, undefined> {
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
