// Log timestamps with nanosecond precision. A time is (ms since the epoch, ns within that ms), since
// ns since the epoch do not fit in a double.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `2026-11-22T12:00:00.000000000Z`, the kubelet's `timestamps=true` prefix (always 9 digits). */
export function rfc3339Nano(ms: number, subNs = 0): string {
  const iso = new Date(ms).toISOString(); // 2026-11-22T12:00:00.123Z
  return `${iso.slice(0, 23)}${pad(Math.floor(subNs), 6)}Z`;
}

/** `2026-11-22T12:00:01.123Z` */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/** `22/Nov/2026:12:00:01 +0000`, the common log format. */
export function clfTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()] ?? 'Jan'}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** `2026/11/22 12:00:01`, nginx's error log. */
export function nginxTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/-/g, '/').replace('T', ' ');
}

/**
 * Parse an RFC 3339 time (`sinceTime`), fractional seconds allowed. Returns ms since the epoch, or
 * undefined when malformed.
 */
export function parseRfc3339(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) return undefined;
  const ms = Date.parse(s.toUpperCase());
  return Number.isNaN(ms) ? undefined : ms;
}
