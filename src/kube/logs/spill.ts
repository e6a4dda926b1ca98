// The append-only temp file that holds the lines a LogBuffer no longer keeps in memory, one per line as
// `<source index>\t<timestamp>\t<text>\n` (texts never contain \n: they were split on it). Created lazily in
// os.tmpdir() with mode 0600 and O_EXCL, removed by dispose(); reads are positional, so appends and a save
// in progress do not disturb each other.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, read, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { toKubeError } from '../errors.js';
import type { KubeError } from '../errors.js';

const readAsync = promisify(read);

export interface SpilledLine {
  src: number;
  tsText: string;
  text: string;
}

export class SpillFile {
  /** Bytes written so far. */
  size = 0;
  error: KubeError | undefined;
  private fd: number | undefined;
  private path: string | undefined;
  private readers = 0;
  private disposed = false;

  constructor(private readonly dir = tmpdir()) {}

  /** The file's path once created (undefined before the first spill and after dispose). */
  get filePath(): string | undefined {
    return this.disposed ? undefined : this.path;
  }

  /** Append already formatted records; false (and `error` set) when the file cannot be written. */
  append(records: string): boolean {
    if (this.disposed || this.error) return false;
    try {
      if (this.fd === undefined) {
        this.path = join(this.dir, `kubedeck-logs-${process.pid}-${randomBytes(6).toString('hex')}.spill`);
        this.fd = openSync(this.path, 'wx+', 0o600);
      }
      const buf = Buffer.from(records, 'utf8');
      let off = 0;
      while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off, this.size + off);
      this.size += buf.length;
      return true;
    } catch (e) {
      this.error = toKubeError(e);
      return false;
    }
  }

  /** Read the first `limit` bytes record by record, in chunks; `each` gets batches of parsed lines. */
  async read(limit: number, each: (lines: SpilledLine[]) => Promise<void>): Promise<void> {
    if (this.fd === undefined || limit <= 0) return;
    const fd = this.fd;
    this.readers++;
    try {
      const chunk = Buffer.allocUnsafe(1 << 20);
      let carry: Buffer = Buffer.alloc(0);
      let pos = 0;
      while (pos < limit) {
        const { bytesRead } = await readAsync(fd, chunk, 0, Math.min(chunk.length, limit - pos), pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
        const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
        const lines: SpilledLine[] = [];
        let start = 0;
        for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
          lines.push(parseRecord(data.toString('utf8', start, nl)));
          start = nl + 1;
        }
        carry = Buffer.from(data.subarray(start));
        await each(lines);
      }
    } finally {
      this.readers--;
      if (this.disposed && this.readers === 0) this.close();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.path) {
      try {
        unlinkSync(this.path);
      } catch {
        // already gone
      }
    }
    if (this.readers === 0) this.close();
  }

  private close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // nothing more to do
    }
    this.fd = undefined;
  }
}

export function formatRecord(src: number, tsText: string, text: string): string {
  return `${src}\t${tsText}\t${text}\n`;
}

function parseRecord(s: string): SpilledLine {
  const a = s.indexOf('\t');
  const b = s.indexOf('\t', a + 1);
  return { src: Number(s.slice(0, a)), tsText: s.slice(a + 1, b), text: s.slice(b + 1) };
}
