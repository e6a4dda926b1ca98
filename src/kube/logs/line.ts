// One log line as the API server sends it with timestamps=true: `2026-01-01T00:00:00.123456789Z text`.
// Timestamps are parsed without Date.parse on the hot path: the calendar part is cached per second, so a
// chatty pod costs one Date.UTC call per second of log, not per line.

export interface LogLine {
  /** Epoch milliseconds (whole ms, sub-millisecond digits are in tsText); NaN when the line has none. */
  ts: number;
  /** The server's timestamp exactly as sent (RFC 3339 with nanoseconds), '' when none. */
  tsText: string;
  /** The line without the timestamp prefix. Untrusted and NOT yet sanitized. */
  text: string;
  pod: string;
  container: string;
}

/** A timestamp split into whole epoch ms and the nanoseconds below that ms, exact for ordering. */
export interface LogTime {
  ms: number;
  subNs: number;
}

let cachedPrefix = '';
let cachedMs = NaN;

const TS_HEAD = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)$/;

/** Parse an RFC 3339 timestamp (`…Z` or `…±hh:mm`, 0–9 fraction digits); undefined when it is not one. */
export function parseLogTime(s: string): LogTime | undefined {
  if (s.length < 20 || s.charCodeAt(10) !== 84 /* T */) return undefined;
  const head = s.slice(0, 19);
  let base: number;
  if (head === cachedPrefix) {
    base = cachedMs;
  } else {
    const m = TS_HEAD.exec(head);
    if (!m) return undefined;
    base = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
    if (Number.isNaN(base)) return undefined;
    cachedPrefix = head;
    cachedMs = base;
  }
  let i = 19;
  let frac = 0;
  let digits = 0;
  if (s.charCodeAt(i) === 46 /* . */) {
    i++;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      if (digits < 9) {
        frac = frac * 10 + c;
        digits++;
      }
    }
    if (digits === 0) return undefined;
  }
  for (; digits < 9; digits++) frac *= 10;
  let offsetMs = 0;
  const rest = s.slice(i);
  if (rest !== 'Z' && rest !== 'z') {
    const m = /^([+-])(\d\d):(\d\d)$/.exec(rest);
    if (!m) return undefined;
    offsetMs = (Number(m[2]) * 60 + Number(m[3])) * 60_000 * (m[1] === '-' ? -1 : 1);
  }
  const ms = base - offsetMs + Math.floor(frac / 1e6);
  return { ms, subNs: frac % 1e6 };
}

/** Order two timestamps exactly (to the nanosecond). */
export function compareLogTime(a: LogTime, b: LogTime): number {
  return a.ms - b.ms || a.subNs - b.subNs;
}

/** Canonical kubelet form: `2026-01-01T00:00:00.123456789Z`. */
export function formatLogTime(ms: number, subNs: number): string {
  if (!Number.isFinite(ms)) return '';
  const iso = new Date(ms).toISOString(); // …:00.123Z
  const ns = (ms - Math.floor(ms / 1000) * 1000) * 1e6 + subNs;
  return `${iso.slice(0, 19)}.${String(Math.round(ns)).padStart(9, '0')}Z`;
}

/**
 * Split one raw line into timestamp and text; a line without a valid timestamp keeps all its text. The text
 * may be a slice of the network chunk: a LogBuffer copies it into its byte blocks, so no line's string (nor
 * its chunk) outlives the batch it came in.
 */
export function parseLogLine(raw: string, pod: string, container: string): LogLine {
  const sp = raw.indexOf(' ');
  const head = sp < 0 ? raw : raw.slice(0, sp);
  const t = parseLogTime(head);
  if (!t) return { ts: NaN, tsText: '', text: raw, pod, container };
  return { ts: t.ms, tsText: head, text: sp < 0 ? '' : raw.slice(sp + 1), pod, container };
}
