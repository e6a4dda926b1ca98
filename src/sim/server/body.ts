// Request bodies: read with a size limit, parsed as JSON (or YAML for server-side apply).

import type { IncomingMessage } from 'node:http';
import { load } from 'js-yaml';
import type { Json } from './patch.js';

/** The API server's limit for a request body (3 MiB). */
const MAX_BODY = 3 * 1024 * 1024;

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
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export const mediaType = (h: string | undefined): string =>
  (h ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

export function parseBody(text: string, contentType: string): Json {
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
  if (contentType === 'application/vnd.kubernetes.protobuf')
    throw new BodyError(
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
      415,
    );
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    throw new BodyError(
      `couldn't get version/kind; json parse error: ${e instanceof Error ? e.message : String(e)}`,
      400,
    );
  }
}
