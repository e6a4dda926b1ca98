// Request bodies: read with a size limit, parsed as JSON (or YAML for server-side apply, or protobuf for
// the built-in kinds: ../protobuf/).

import type { IncomingMessage } from 'node:http';
import { load } from 'js-yaml';
import { PROTOBUF, UNKNOWN_FORMAT, decodeProtobufBody } from '../protobuf/index.js';
import type { Json } from './patch.js';

/** The API server's limit for a request body (3 MiB). */
export const MAX_BODY = 3 * 1024 * 1024;

export class BodyError extends Error {
  constructor(
    message: string,
    readonly code: 400 | 413 | 415,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

export function readBody(req: IncomingMessage, limit = MAX_BODY): Promise<string> {
  return readBodyBytes(req, limit).then((b) => b.toString('utf8'));
}

/** The body as bytes (a protobuf body is binary). */
export function readBodyBytes(req: IncomingMessage, limit = MAX_BODY): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        // answer at once and discard the rest (destroying the socket would lose the answer)
        req.removeAllListeners('data');
        req.resume();
        chunks.length = 0;
        reject(new BodyError(`Request entity too large: limit is ${limit}`, 413));
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export const mediaType = (h: string | undefined): string =>
  (h ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** Read and parse a request body by its Content-Type (JSON, YAML or protobuf); an empty body is null. */
export async function readJsonBody(
  req: IncomingMessage,
  contentType: string,
  limit = MAX_BODY,
): Promise<Json> {
  const bytes = await readBodyBytes(req, limit);
  if (contentType === PROTOBUF) return bytes.length === 0 ? null : parseBody(bytes, contentType);
  const text = bytes.toString('utf8');
  return text.trim() === '' ? null : parseBody(text, contentType);
}

/** Parse a body; protobuf needs the bytes (text read as UTF-8 has lost them). */
export function parseBody(body: string | Buffer, contentType: string): Json {
  if (contentType === PROTOBUF) {
    const r = typeof body === 'string' ? undefined : decodeProtobufBody(body);
    if (!r) throw new BodyError(UNKNOWN_FORMAT, 415);
    if (!r.ok) throw new BodyError(r.message, r.code);
    return r.value;
  }
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (contentType === 'application/apply-patch+yaml' || contentType === 'application/yaml') {
    try {
      return (load(text) ?? null) as Json;
    } catch (e) {
      throw new BodyError(
        `error decoding YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
        400,
      );
    }
  }
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    throw new BodyError(
      `couldn't get version/kind; json parse error: ${e instanceof Error ? e.message : String(e)}`,
      400,
    );
  }
}
