// What a LogBuffer holds costs what it counts: lines arrive as slices of network chunks (LineSplitter, as
// the transport cuts them), and neither a kept line nor its chunk may stay alive as a string, or a buffer
// bounded at logBufferMB holds half as much again (string headers, the timestamps and every evicted
// neighbour of the chunk). Its lines live in byte blocks, outside the V8 heap: both are counted.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, test } from 'node:test';
import { LogBuffer } from '../../../src/kube/logs/buffer.js';
import { parseLogLine } from '../../../src/kube/logs/line.js';
import { LineSplitter } from '../../../src/kube/lines.js';
import { tsAt } from './fake-log-server.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const dir = mkdtempSync(join(tmpdir(), 'kubedeck-logmem-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** What the process holds in V8's heap and in ArrayBuffers (where a LogBuffer keeps its lines' bytes). */
const heap = (): number => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

test('a full buffer of lines cut from network chunks costs at most 1.1 × its bound in heap and buffers', () => {
  const bound = 16 * 2 ** 20;
  const before = heap();
  const b = new LogBuffer({ maxBytes: bound, spillDir: dir });
  const split = new LineSplitter();
  let n = 0;
  // 3 × the bound through the buffer, in 64 KiB chunks as a socket delivers them
  for (let fed = 0; fed < 3 * bound; ) {
    let chunk = '';
    while (chunk.length < 64 * 1024) {
      chunk += `${tsAt(n)} level=info msg="request handled" path=/api/v1/items/${n} status=200 latency=${n % 997}ms\n`;
      n++;
    }
    fed += chunk.length;
    b.append(split.push(Buffer.from(chunk)).map((raw) => parseLogLine(raw, 'p', 'c')));
  }
  assert.ok(b.dropped > 0 && b.bytes <= bound);
  const held = heap() - before;
  assert.ok(held <= 1.1 * bound, `the buffer holds ${(held / 2 ** 20).toFixed(1)} MiB of heap and buffers for a bound of ${bound / 2 ** 20} MiB`);
  b.dispose();
});
