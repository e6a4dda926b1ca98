// What `helm list` and `helm history` print of a release revision.
import type { ReleaseJson } from './codec.js';

/** CHART: `name-version` (helm's formatChartName), "MISSING" without chart metadata. */
export function chartOf(r: ReleaseJson): string {
  const m = r.chart?.metadata;
  return m ? `${m.name ?? ''}-${m.version ?? ''}` : 'MISSING';
}

/** APP VERSION, "" when the chart declares none, "MISSING" without chart metadata. */
export function appVersionOf(r: ReleaseJson): string {
  const m = r.chart?.metadata;
  return m ? (m.appVersion ?? '') : 'MISSING';
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Go's time.Time.String() of a UTC instant, as `helm list` prints UPDATED: `2026-12-01 10:04:05.123 +0000 UTC`. */
export function goTimeString(iso: string | undefined): string {
  const t = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(t)) return '-';
  const d = new Date(t);
  // sub-second digits as written (Go prints nanoseconds without trailing zeros); JS keeps only milliseconds
  const frac = /\.(\d+)/.exec(iso ?? '')?.[1]?.replace(/0+$/, '') ?? '';
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${frac ? `.${frac}` : ''}`;
  return `${date} ${time} +0000 UTC`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.ANSIC in UTC, as `helm history` prints UPDATED: `Mon Jan  2 15:04:05 2006`. */
export function ansic(iso: string | undefined): string {
  const t = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(t)) return '-';
  const d = new Date(t);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** Go's RFC 3339 with nanoseconds as encoding/json writes a time.Time, from epoch ms. */
export const goTimeJson = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, f: string) => (f === '000' ? 'Z' : `.${f.replace(/0+$/, '')}Z`));
