// What a LogBuffer holds costs about what it counts: lines arrive as slices of network chunks (LineSplitter,
// as the transport cuts them), and a kept line must not keep its whole chunk alive, or a buffer bounded
// at logBufferMB holds half as much again (the timestamps and every evicted neighbour of the chunk).
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

const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

test('a full buffer of lines cut from network chunks costs at most 1.2 × its bound in heap', () => {
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
  assert.ok(held <= 1.2 * bound, `the buffer holds ${(held / 2 ** 20).toFixed(1)} MiB of heap for a bound of ${bound / 2 ** 20} MiB`);
  b.dispose();
});
