// A logs view's data, UI-free: one stream per pod/container (streamLogs resumes dropped follow streams),
// merged in time order when there are several, into a buffer bounded in bytes (older lines spill to a temp
// file, itself bounded, and are read back from it, so saving and scrolling back reach every line kept). Presets and `previous` restart the session.
import type { Transport } from '../../kube/transport.js';
import { LogBuffer } from '../../kube/logs/buffer.js';
import { mergeLogs } from '../../kube/logs/merge.js';
import { streamLogs } from '../../kube/logs/stream.js';
import type { LogLine, LogStatus } from '../../kube/logs/stream.js';
import { bufferTexts } from './log-texts.js';
import type { TextSource } from './log-texts.js';

export interface LogTarget {
  namespace: string;
  pod: string;
  container: string;
}

/** `0`–`5`: all, 1m, 5m, 15m, 30m, 1h (k9s's presets); the default is the last 500 lines and on. */
const LOG_PRESETS: readonly { label: string; sinceSeconds?: number; tailLines?: number }[] = [
  { label: 'all' },
  { label: '1m', sinceSeconds: 60 },
  { label: '5m', sinceSeconds: 300 },
  { label: '15m', sinceSeconds: 900 },
  { label: '30m', sinceSeconds: 1800 },
  { label: '1h', sinceSeconds: 3600 },
];
const DEFAULT_TAIL = 500;

/** What the status line says a session started from: `last 500 lines`, `since 5m`, `all lines`. */
export function presetLabel(preset: number | undefined): string {
  const p = preset !== undefined ? LOG_PRESETS[preset] : undefined;
  if (!p) return `last ${DEFAULT_TAIL} lines`;
  return p.sinceSeconds !== undefined ? `since ${p.label}` : 'all lines';
}

export interface LogSessionOptions {
  previous: boolean;
  /** Index into LOG_PRESETS, or undefined for the default tail. */
  preset: number | undefined;
  maxBytes?: number;
  /** Bound on the spill files (config `logSpillMB`); past it the oldest spilled lines are dropped. */
  maxSpillBytes?: number;
}

export class LogSession {
  readonly buffer: LogBuffer;
  /** The texts of the whole stream by absolute line number (spilled ones read back), for the filter and search. */
  readonly texts: TextSource;
  /** Bumped on every appended batch and status change. */
  version = 0;
  status = 'connecting…';
  private readonly abort = new AbortController();
  private readonly ended = new Set<number>();
  private release: (() => void) | undefined;

  constructor(
    private readonly transport: Promise<Transport>,
    readonly targets: readonly LogTarget[],
    readonly opts: LogSessionOptions,
    private readonly onChange: () => void,
  ) {
    this.buffer = new LogBuffer({
      ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}),
      ...(opts.maxSpillBytes !== undefined ? { maxSpillBytes: opts.maxSpillBytes } : {}),
    });
    this.texts = bufferTexts(this.buffer);
    void this.run();
  }

  get multi(): boolean {
    return this.targets.length > 1;
  }

  private note(i: number, s: LogStatus): void {
    const who = this.multi ? `${this.targets[i]?.pod}/${this.targets[i]?.container}: ` : '';
    if (s.kind === 'open') this.status = this.opts.previous ? 'previous container' : 'following';
    else if (s.kind === 'retry' && s.waiting) this.status = `${who}waiting for the container to run again`;
    else if (s.kind === 'retry') this.status = `${who}reconnecting (${s.error.message})`;
    else if (s.kind === 'error') {
      this.ended.add(i);
      this.status = `${who}${s.error.message}`;
    } else if (s.kind === 'end' && s.reason !== 'aborted') {
      this.ended.add(i);
      if (this.ended.size === this.targets.length) this.status = s.reason === 'terminated' ? 'container terminated' : 'end of log';
    }
    this.version++;
    this.onChange();
  }

  private async run(): Promise<void> {
    let transport: Transport;
    try {
      transport = await this.transport;
    } catch (e) {
      this.status = e instanceof Error ? e.message : String(e);
      this.onChange();
      return;
    }
    const preset: { sinceSeconds?: number; tailLines?: number } | undefined =
      this.opts.preset !== undefined ? LOG_PRESETS[this.opts.preset] : { tailLines: DEFAULT_TAIL };
    const sources = this.targets.map((t, i) =>
      streamLogs(
        transport,
        {
          namespace: t.namespace,
          pod: t.pod,
          container: t.container,
          follow: !this.opts.previous,
          previous: this.opts.previous,
          ...(preset?.tailLines !== undefined ? { tailLines: preset.tailLines } : {}),
          ...(preset?.sinceSeconds !== undefined ? { sinceSeconds: preset.sinceSeconds } : {}),
          onStatus: (s) => this.note(i, s),
        },
        this.abort.signal,
      ),
    );
    const all: AsyncIterable<LogLine[]> = sources.length === 1 && sources[0] ? sources[0] : mergeLogs(sources);
    try {
      for await (const batch of all) {
        if (this.abort.signal.aborted) break;
        this.append(batch);
        this.version++;
        this.onChange();
      }
    } catch (e) {
      this.status = e instanceof Error ? e.message : String(e);
      this.onChange();
    }
  }

  private append(batch: readonly LogLine[]): void {
    this.buffer.append(batch);
  }

  /** Writes the whole stream (spilled lines included) to `path`; returns the bytes written. */
  saveTo(path: string): Promise<number> {
    return this.buffer.saveTo(path, { prefix: this.multi });
  }

  /** `release` is called once, when the session stops. */
  hold(release: () => void): void {
    if (this.abort.signal.aborted) release();
    else this.release = release;
  }

  stop(): void {
    this.abort.abort();
    this.buffer.dispose();
    this.release?.();
    this.release = undefined;
  }
}

/** A file name for Ctrl-S: `<pod>-<container>-<yyyymmdd-hhmmss>.log` in the current directory. */
export function logFileName(t: LogTarget | undefined, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const base = t ? `${t.pod}${t.container ? `-${t.container}` : ''}` : 'logs';
  return `${base.replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp}.log`;
}

