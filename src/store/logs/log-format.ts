// `J` in the logs view: JSON lines shown as one readable line, and log levels found for colouring.
//
// A line that parses as a JSON object becomes `time LEVEL msg key=value …` (logfmt-like, one line). That is
// what a k9s user scanning a stream wants (it is what humanlog, stern templates and `jq -r` give): one log
// entry stays one line, so following, paging, filter and search still work line by line; indented JSON
// would turn every entry into ten rows and bury the stream. The full JSON is one `J` away.
//
// Levels come from the JSON's level field, or from plain text: `level=error`, `"level":"warn"`, a bare
// upper-case word (ERROR, WARN, INFO, DEBUG…), klog's `E1122 10:00:00.000000` header, Go's `panic:`.

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

const TIME_KEYS = ['time', 'ts', 'timestamp', '@timestamp', 't'];
const LEVEL_KEYS = ['level', 'lvl', 'severity', 'log.level', '@level', 'levelname'];
const MSG_KEYS = ['msg', 'message', '@message', 'log'];

/** A level word (any case) → its level; undefined for anything else. */
function levelOf(word: string): LogLevel | undefined {
  switch (word.toLowerCase()) {
    case 'fatal':
    case 'panic':
    case 'dpanic':
    case 'error':
    case 'err':
    case 'crit':
    case 'critical':
    case 'alert':
    case 'emerg':
    case 'emergency':
    case 'e':
    case 'f':
      return 'error';
    case 'warn':
    case 'warning':
    case 'w':
      return 'warn';
    case 'info':
    case 'notice':
    case 'i':
      return 'info';
    case 'debug':
    case 'trace':
    case 'verbose':
    case 'd':
      return 'debug';
    default:
      return undefined;
  }
}

const KV_LEVEL = /\b(?:level|lvl|severity)"?\s*[:=]\s*"?([A-Za-z]+)/i;
const WORD_LEVEL = /(?:^|[^A-Za-z])(FATAL|PANIC|ERROR|ERR|CRITICAL|WARN|WARNING|INFO|DEBUG|TRACE)(?![A-Za-z])/;
const KLOG = /^([EWIF])\d{4} \d\d:\d\d:\d\d/;

/** The level of a plain-text (or JSON) line, looking at its first 300 characters. */
export function detectLevel(text: string): LogLevel | undefined {
  const head = text.length > 300 ? text.slice(0, 300) : text;
  const kv = KV_LEVEL.exec(head);
  if (kv?.[1]) {
    const l = levelOf(kv[1]);
    if (l) return l;
  }
  const k = KLOG.exec(head);
  if (k?.[1]) return levelOf(k[1]);
  if (head.startsWith('panic:')) return 'error';
  const w = WORD_LEVEL.exec(head);
  return w?.[1] ? levelOf(w[1]) : undefined;
}

function pick(o: Record<string, unknown>, keys: readonly string[]): [string, unknown] | undefined {
  for (const k of keys) if (k in o && o[k] !== null && typeof o[k] !== 'object') return [k, o[k]];
  return undefined;
}

function timeText(v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v)) {
    // zap: float seconds; others: ms
    const ms = v > 1e12 ? v : v > 1e9 ? v * 1000 : NaN;
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  return String(v);
}

function valueText(v: unknown): string {
  if (typeof v === 'string') return v === '' || /[\s"=]/.test(v) ? JSON.stringify(v) : v;
  return JSON.stringify(v) ?? String(v);
}

export interface FormattedLine {
  text: string;
  level: LogLevel | undefined;
}

/**
 * A JSON-object line as `time LEVEL msg key=value …`, with its level; undefined when the line is not a
 * JSON object. The result is untrusted text still (values may hold control characters): sanitize it.
 */
export function formatJsonLine(text: string): FormattedLine | undefined {
  const t = text.trimStart();
  if (!t.startsWith('{')) return undefined;
  let o: unknown;
  try {
    o = JSON.parse(t);
  } catch {
    return undefined;
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) return undefined;
  const obj = o as Record<string, unknown>;
  const time = pick(obj, TIME_KEYS);
  const level = pick(obj, LEVEL_KEYS);
  const msg = pick(obj, MSG_KEYS);
  const used = new Set([time?.[0], level?.[0], msg?.[0]]);
  const parts: string[] = [];
  if (time) parts.push(timeText(time[1]));
  if (level) parts.push(String(level[1]).toUpperCase().padEnd(5));
  if (msg) parts.push(String(msg[1]));
  for (const [k, v] of Object.entries(obj)) if (!used.has(k)) parts.push(`${k}=${valueText(v)}`);
  return { text: parts.join(' '), level: level ? levelOf(String(level[1])) : undefined };
}
