// SPDY/3.1 framing and header compression (src/sim/exec/spdy): the fixed dictionary byte for byte,
// frames cut out of a stream split anywhere, header blocks through one zlib context per direction
// (a second block only inflates with the context the first one left), and the block's rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { constants, createInflate, inflateSync } from 'node:zlib';
import { SPDY3_DICTIONARY } from '../../src/sim/exec/spdy/dictionary.js';
import {
  FrameReader,
  TYPE,
  controlFrame,
  dataFrame,
  headerBlock,
  parseHeaderBlock,
  rstStream,
} from '../../src/sim/exec/spdy/frames.js';
import { headerCodec } from '../../src/sim/exec/spdy/headers.js';

test('the SPDY/3 dictionary is the spec one (1423 bytes)', () => {
  assert.equal(SPDY3_DICTIONARY.length, 1423);
  assert.equal(
    createHash('sha256').update(SPDY3_DICTIONARY).digest('hex'),
    '51d27341373f923f3cd88e1eb7162aeaa3723d7585ff2399201dc06498407f02',
  );
});

test('FrameReader: control and data frames, split at every byte', () => {
  const wire = Buffer.concat([
    rstStream(5, 5),
    dataFrame(3, Buffer.from('hello'), true),
    controlFrame(TYPE.ping, 0, Buffer.from([0, 0, 0, 9])),
  ]);
  for (let cut = 0; cut <= wire.length; cut++) {
    const r = new FrameReader();
    const a = r.push(wire.subarray(0, cut));
    const b = r.push(wire.subarray(cut));
    assert.ok(Array.isArray(a) && Array.isArray(b));
    const frames = [...a, ...b];
    assert.equal(frames.length, 3, `cut at ${cut}`);
    const [rst, data, ping] = frames;
    assert.deepEqual(
      rst && rst.kind === 'control' && [rst.type, rst.payload.readUInt32BE(0), rst.payload.readUInt32BE(4)],
      [TYPE.rstStream, 5, 5],
    );
    assert.deepEqual(data && data.kind === 'data' && [data.streamId, data.flags, data.data.toString()], [
      3,
      1,
      'hello',
    ]);
    assert.equal(ping && ping.kind === 'control' && ping.type, TYPE.ping);
  }
  assert.equal(
    new FrameReader().push(Buffer.from([0x80, 0x02, 0, 1, 0, 0, 0, 0])),
    'unsupported SPDY version 2',
  );
});

test('header blocks: one compression context per direction, sync-flushed, lowercase unique names', async () => {
  const codec = headerCodec();
  const first = await codec.deflate(
    headerBlock(
      new Map([
        ['streamtype', ['data']],
        ['port', ['80']],
      ]),
    ),
  );
  const second = await codec.deflate(
    headerBlock(
      new Map([
        ['streamtype', ['error']],
        ['port', ['80']],
      ]),
    ),
  );
  assert.ok(!(first instanceof Error) && !(second instanceof Error));
  // each block ends with a sync flush (00 00 ff ff), and the second continues the first's stream
  assert.deepEqual([...first.subarray(-4)], [0, 0, 0xff, 0xff]);
  assert.throws(() => inflateSync(second, { dictionary: SPDY3_DICTIONARY }));
  const inflate = createInflate({ dictionary: SPDY3_DICTIONARY });
  const read = (b: Buffer): Promise<Buffer> =>
    new Promise((resolve) => {
      inflate.write(b);
      inflate.flush(constants.Z_SYNC_FLUSH, () => resolve(inflate.read() as Buffer));
    });
  assert.deepEqual(
    parseHeaderBlock(await read(first)),
    new Map([
      ['streamtype', ['data']],
      ['port', ['80']],
    ]),
  );
  assert.deepEqual(
    parseHeaderBlock(await read(second)),
    new Map([
      ['streamtype', ['error']],
      ['port', ['80']],
    ]),
  );
  // our inflater reads what our deflater wrote, block after block
  const back = headerCodec();
  const again = await codec.deflate(headerBlock(new Map([['a', ['1', '2']]])));
  assert.ok(!(again instanceof Error));
  for (const b of [first, second]) assert.ok(!((await back.inflate(b)) instanceof Error));
  const raw = await back.inflate(again);
  assert.ok(!(raw instanceof Error));
  assert.deepEqual(parseHeaderBlock(raw), new Map([['a', ['1', '2']]]));
  codec.close();
  back.close();
  const upper = Buffer.concat([
    Buffer.from([0, 0, 0, 1, 0, 0, 0, 1]),
    Buffer.from('A'),
    Buffer.from([0, 0, 0, 0]),
  ]);
  assert.equal(parseHeaderBlock(upper), 'header was not lowercased');
});
