// SPDY/3 header compression: one zlib context per direction for the whole connection, primed with the
// fixed dictionary, every block ended by a sync flush (so the other end can inflate it at once, and the
// next block continues the same stream). Node's zlib is asynchronous; the calls are chained so blocks
// come out in the order they went in.

import { constants, createDeflate, createInflate } from 'node:zlib';
import type { Deflate, Inflate } from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary.js';

export interface HeaderCodec {
  /** The compressed form of `raw`, continuing this connection's outgoing context. */
  deflate(raw: Buffer): Promise<Buffer | Error>;
  /** The raw block of `compressed`, continuing this connection's incoming context. */
  inflate(compressed: Buffer): Promise<Buffer | Error>;
  close(): void;
}

function through(z: Deflate | Inflate, input: Buffer): Promise<Buffer | Error> {
  return new Promise((resolve) => {
    let failed: Error | undefined;
    const onError = (e: Error): void => {
      failed = e;
      resolve(e);
    };
    z.once('error', onError);
    if (input.length > 0) z.write(input);
    z.flush(constants.Z_SYNC_FLUSH, (err?: Error | null) => {
      z.off('error', onError);
      if (failed) return;
      if (err) return resolve(err);
      const chunks: Buffer[] = [];
      for (let c = z.read() as Buffer | null; c !== null; c = z.read() as Buffer | null) chunks.push(c);
      resolve(Buffer.concat(chunks));
    });
  });
}

export function headerCodec(): HeaderCodec {
  const out = createDeflate({ level: constants.Z_BEST_COMPRESSION, dictionary: SPDY3_DICTIONARY });
  const inn = createInflate({ dictionary: SPDY3_DICTIONARY });
  let outChain: Promise<unknown> = Promise.resolve();
  let inChain: Promise<unknown> = Promise.resolve();
  return {
    deflate(raw) {
      const p = outChain.then(() => through(out, raw));
      outChain = p;
      return p;
    },
    inflate(compressed) {
      const p = inChain.then(() => through(inn, compressed));
      inChain = p;
      return p;
    },
    close() {
      out.destroy();
      inn.destroy();
    },
  };
}
