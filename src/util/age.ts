// Ages as kubectl prints them: k8s.io/apimachinery/pkg/util/duration.HumanDuration, and
// kubectl's translateTimestampSince ("<unknown>" for a missing timestamp).

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * kubectl's duration.HumanDuration, with Go's truncating integer division.
 * Deviation by design: kubectl prints "<invalid>" below -1s; kubedeck prints "0s" for every
 * negative or zero duration (clock skew between client and cluster is not worth a warning in a cell).
 * A non-finite input gives "<unknown>".
 */
export function humanDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '<unknown>';
  const seconds = Math.trunc(ms / SECOND);
  if (seconds <= 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/** Parses an RFC 3339 timestamp to epoch ms; NaN when missing or unparseable. */
export function parseTimestamp(timestamp: string | undefined | null): number {
  if (!timestamp) return Number.NaN;
  return Date.parse(timestamp);
}

/** kubectl's AGE cell: humanDuration(now - timestamp), "<unknown>" when missing or unparseable. */
export function ageOf(timestamp: string | undefined, now: number): string {
  return ageSince(parseTimestamp(timestamp), now);
}

/** Same as ageOf for an already parsed epoch-ms time (NaN → "<unknown>"). */
export function ageSince(epochMs: number, now: number): string {
  if (!Number.isFinite(epochMs)) return '<unknown>';
  return humanDuration(now - epochMs);
}
