import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LINE_OVERHEAD, LogBuffer, UNREADABLE, droppedNote } from '../../../src/kube/logs/buffer.js';
import { SPILL_BLOCK, SpillFile, formatRecord, recordBytes } from '../../../src/kube/logs/spill.js';
import { LogFilter, compileLogFilter } from '../../../src/store/logs/log-filter.js';
import { bufferTexts } from '../../../src/store/logs/log-texts.js';
import type { LogLine } from '../../../src/kube/logs/line.js';
import { tsAt } from './fake-log-server.js';

const dir = mkdtempSync(join(tmpdir(), 'kubedeck-logbuf-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function lineAt(n: number, pod = 'p', container = 'c', text = `line ${n} ${'x'.repeat(n % 50)}`): LogLine {
  const tsText = tsAt(n);
  return { ts: Date.parse(tsText.slice(0, 23) + 'Z'), tsText, text, pod, container };
}

void describe('LogBuffer', () => {
  void it('keeps lines with their timestamps to the nanosecond, pods and containers', () => {
    const b = new LogBuffer({ spillDir: dir });
    const lines = [lineAt(1), lineAt(2, 'q', 'd'), { ts: NaN, tsText: '', text: 'no time', pod: 'p', container: 'c' }, lineAt(1_234_567, 'p', 'c', 'ünïcødé ✓')];
    b.append(lines);
    assert.equal(b.length, 4);
    assert.deepEqual(b.slice(0), lines);
    assert.equal(b.line(3)?.tsText, tsAt(1_234_567));
    assert.equal(b.line(4), undefined);
    assert.equal(b.sourceCount, 2);
    assert.equal(b.totalLines, 4);
    assert.equal(b.totalBytes, lines.reduce((n, l) => n + Buffer.byteLength(l.text) + 1, 0));
    // memory is held in whole blocks (a sixteenth of the bound, at most 256 KiB): one holds these four records
    assert.equal(b.bytes, 256 * 1024);
    assert.ok(b.bytes >= b.totalBytes - 4 + 4 * LINE_OVERHEAD);
    assert.equal(b.spillPath, undefined);
    b.dispose();
  });

  void it('stays within its byte bound, spills the oldest lines, and saves the whole stream', async () => {
    const b = new LogBuffer({ maxBytes: 64 * 1024, spillDir: dir });
    const all: LogLine[] = [];
    for (let n = 0; n < 20_000; n += 100) {
      const batch = Array.from({ length: 100 }, (_, k) => lineAt(n + k, `pod-${(n + k) % 3}`, k % 2 ? 'app' : 'side', k === 7 ? `tab\there \x1b[31m ✓ ${n}` : undefined));
      all.push(...batch);
      b.append(batch);
      assert.ok(b.bytes <= b.maxBytes, `${b.bytes} > ${b.maxBytes}`);
    }
    assert.equal(b.totalLines, 20_000);
    assert.ok(b.dropped > 0 && b.dropped + b.length === 20_000);
    assert.equal(b.lost, 0);
    assert.deepEqual(b.line(0), all[b.dropped]);
    assert.deepEqual(b.line(b.length - 1), all.at(-1));
    const spill = b.spillPath;
    assert.ok(spill && existsSync(spill));
    assert.equal(statSync(spill).mode & 0o777, 0o600);
    assert.equal(statSync(spill).size, b.spilledBytes);

    const plain = join(dir, 'plain.log');
    const bytes = await b.saveTo(plain, { prefix: false });
    const expected = all.map((l) => `${l.text}\n`).join('');
    assert.equal(readFileSync(plain, 'utf8'), expected);
    assert.equal(bytes, Buffer.byteLength(expected));

    const full = join(dir, 'full.log');
    await b.saveTo(full, { timestamps: true });
    assert.equal(readFileSync(full, 'utf8'), all.map((l) => `[pod/${l.pod}/${l.container}] ${l.tsText} ${l.text}\n`).join(''));
    assert.equal(statSync(full).mode & 0o777, 0o600);

    b.dispose();
    assert.equal(existsSync(spill), false);
    assert.equal(b.spillPath, undefined);
    assert.equal(readdirSync(dir).filter((f) => f.startsWith('kubedeck-logs-')).length, 0);
  });

  void it('a save sees the stream as it was when it started', async () => {
    const b = new LogBuffer({ maxBytes: 8 * 1024, spillDir: dir });
    const first = Array.from({ length: 2000 }, (_, n) => lineAt(n));
    b.append(first);
    const saving = b.saveTo(join(dir, 'snap.log'));
    b.append(Array.from({ length: 2000 }, (_, n) => lineAt(5000 + n)));
    await saving;
    assert.equal(readFileSync(join(dir, 'snap.log'), 'utf8'), first.map((l) => `${l.text}\n`).join(''));
    b.dispose();
  });

  void it('every line of the stream keeps its absolute number, spilled ones read back from the file', () => {
    const b = new LogBuffer({ maxBytes: 16 * 1024, spillDir: dir });
    const all: LogLine[] = [];
    const check = (n: number) => assert.deepEqual(b.lineAt(n), all[n], `line ${n}`);
    for (let n = 0; n < 6000; n += 50) {
      const batch = Array.from({ length: 50 }, (_, k) => lineAt(n + k, `pod-${(n + k) % 3}`, k % 2 ? 'app' : 'side', k === 3 ? `ünï ✓ tab\there ${n}` : undefined));
      all.push(...batch);
      b.append(batch);
      // what was line 0 is still line 0, whatever was spilled meanwhile
      check(0);
      check(Math.floor(all.length / 2));
      check(all.length - 1);
    }
    assert.ok(b.dropped > 4 * SPILL_BLOCK, `spilled ${b.dropped} lines`);
    assert.equal(b.firstLine, 0);
    assert.equal(b.endLine, 6000);
    // every line, from the newest backwards (as a scan goes) and then forwards, blocks edges included
    for (let n = all.length - 1; n >= 0; n--) assert.equal(b.text(n), all[n]?.text, `text ${n}`);
    for (let n = 0; n < all.length; n++) check(n);
    assert.equal(b.lineAt(-1), undefined);
    assert.equal(b.lineAt(6000), undefined);
    assert.equal(b.text(6000), undefined);
    assert.ok(b.bytes <= b.maxBytes, 'memory stays bounded');
    // the filter over the whole stream reaches spilled lines too
    const f = new LogFilter(compileLogFilter('^line (1|59)\\d\\d\\d '), bufferTexts(b));
    while (!f.done) f.step(1e9);
    const hits: string[] = [];
    for (let k = f.start; k < f.end; k++) hits.push(b.text(f.abs(k)) ?? '?');
    assert.deepEqual(hits, all.filter((l) => /^line (1|59)\d\d\d /.test(l.text)).map((l) => l.text));
    assert.ok(f.abs(f.start) < b.dropped, 'the oldest matches are spilled lines');
    b.dispose();
  });

  void it('the spill files stay within maxSpillBytes: the oldest lines are dropped, a note stands for them, every kept line reads back', async () => {
    const sub = mkdtempSync(join(dir, 'bounded-'));
    const onDisk = () => readdirSync(sub).reduce((n, f) => n + statSync(join(sub, f)).size, 0);
    const b = new LogBuffer({ maxBytes: 8 * 1024, maxSpillBytes: 32 * 1024, spillDir: sub });
    const all: LogLine[] = [];
    for (let n = 0; n < 5000; n += 40) {
      const batch = Array.from({ length: 40 }, (_, k) => lineAt(n + k, `pod-${(n + k) % 3}`, 'app', k === 5 ? `ünï ✓ ${n}` : undefined));
      all.push(...batch);
      b.append(batch);
      assert.ok(onDisk() <= 32 * 1024, `spill files ${onDisk()} bytes > 32 KiB after ${all.length} lines`);
      assert.equal(b.spilledBytes, onDisk());
      assert.ok(b.bytes <= b.maxBytes);
    }
    const gone = b.droppedForGood;
    assert.ok(gone > 0 && gone < b.dropped, `dropped ${gone} of ${b.dropped} spilled`);
    assert.equal(b.lost, 0);
    assert.ok(onDisk() >= 16 * 1024, 'a bounded spill still keeps most of its bound');
    // the top of scroll-back is the note, then every line still kept, spilled or in memory, in order
    assert.equal(b.firstLine, gone - 1);
    assert.equal(b.text(gone - 1), droppedNote(gone));
    assert.equal(droppedNote(gone), `… ${gone} older lines dropped (logSpillMB reached)`);
    assert.equal(b.lineAt(gone - 1)?.text, droppedNote(gone));
    assert.equal(b.text(gone - 2), undefined);
    assert.equal(b.lineAt(gone - 2), undefined);
    for (let n = b.endLine - 1; n >= gone; n--) assert.equal(b.text(n), all[n]?.text, `text ${n}`);
    for (let n = gone; n < b.endLine; n++) assert.deepEqual(b.lineAt(n), all[n], `line ${n}`);
    // the filter scans from the note on
    const f = new LogFilter(compileLogFilter('older lines dropped|^line 4999 '), bufferTexts(b));
    while (!f.done) f.step(1e9);
    assert.equal(f.count, 2);
    // a save starts with the note, then the kept lines
    const saved = join(dir, 'bounded.log');
    await b.saveTo(saved, { prefix: false });
    assert.equal(readFileSync(saved, 'utf8'), [droppedNote(gone), ...all.slice(gone).map((l) => l.text)].map((t) => `${t}\n`).join(''));
    b.dispose();
    assert.deepEqual(readdirSync(sub), [], 'every segment file removed');
  });

  void it('without a spill bound nothing is dropped and there is no note', () => {
    const b = new LogBuffer({ maxBytes: 4 * 1024, spillDir: dir });
    b.append(Array.from({ length: 3000 }, (_, n) => lineAt(n)));
    assert.equal(b.droppedForGood, 0);
    assert.equal(b.firstLine, 0);
    assert.equal(b.text(0), lineAt(0).text);
    b.dispose();
  });

  void it('the spill file reads lines back by number, a block read while partial included', () => {
    const f = new SpillFile(dir);
    const add = (from: number, n: number) => {
      const texts = Array.from({ length: n }, (_, k) => `t${from + k} ${'é'.repeat((from + k) % 7)}`);
      const ok = f.append(
        texts.map((t, k) => formatRecord((from + k) % 3, tsAt(from + k), t)).join(''),
        texts.map((t, k) => recordBytes((from + k) % 3, tsAt(from + k), Buffer.byteLength(t))),
      );
      assert.ok(ok);
    };
    add(0, SPILL_BLOCK + 44);
    assert.equal(f.line(SPILL_BLOCK + 43)?.text, `t${SPILL_BLOCK + 43} ${'é'.repeat((SPILL_BLOCK + 43) % 7)}`);
    add(SPILL_BLOCK + 44, 3 * SPILL_BLOCK);
    for (let n = 0; n < 4 * SPILL_BLOCK + 44; n++) {
      const l = f.line(n);
      assert.deepEqual(l, { src: n % 3, tsText: tsAt(n), text: `t${n} ${'é'.repeat(n % 7)}` }, `line ${n}`);
    }
    assert.equal(f.line(4 * SPILL_BLOCK + 44), undefined);
    f.dispose();
    assert.equal(f.line(0), undefined);
  });

  void it('lines the spill file could not take keep their numbers and read as lost', () => {
    const b = new LogBuffer({ maxBytes: 4 * 1024, spillDir: join(dir, 'missing-dir') });
    const all = Array.from({ length: 400 }, (_, n) => lineAt(n));
    b.append(all);
    assert.ok(b.lost > 0 && b.dropped === b.lost);
    assert.equal(b.text(0), UNREADABLE);
    assert.equal(b.lineAt(0)?.text, UNREADABLE);
    assert.deepEqual(b.lineAt(399), all[399]);
    assert.equal(b.endLine, 400);
    b.dispose();
  });

  void it('a save to an impossible path rejects with a KubeError', async () => {
    const b = new LogBuffer({ spillDir: dir });
    b.append([lineAt(1)]);
    await assert.rejects(b.saveTo(join(dir, 'no', 'such', 'dir.log')), (e: Error) => e.name === 'KubeError' && !e.message.includes('\n'));
    b.dispose();
  });

  void it('appends 10,000 lines/s with plenty of headroom (O(1) amortised)', () => {
    const b = new LogBuffer({ maxBytes: 16 * 1024 * 1024, spillDir: dir });
    const batch = Array.from({ length: 1000 }, (_, k) => lineAt(k, 'p', 'c', `2026-01-01 INFO request ${k} handled in 12ms path=/api/v1/items?id=${k} status=200`));
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    for (let i = 0; i < 300; i++) b.append(batch);
    const ms = performance.now() - t0;
    const perSec = Math.round(300_000 / (ms / 1000));
    const heapPerLine = Math.round((process.memoryUsage().heapUsed - heapBefore) / b.length);
    process.stdout.write(`# LogBuffer: ${perSec} lines/s appended (300k lines, ${b.dropped} spilled), ~${heapPerLine} heap bytes/line in memory\n`);
    assert.ok(perSec > 50_000, `only ${perSec} lines/s`);
    assert.ok(b.bytes <= b.maxBytes);
    b.dispose();
  });
});
