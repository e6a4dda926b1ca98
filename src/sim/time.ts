// The simulator's metav1.Time strings: RFC 3339 without fractional seconds. Most writes fall in the same
// second, so the last second's string is kept and shared (one flat string, not a copy per object).

let lastSecond = Number.NaN;
let lastStamp = '';

/** RFC 3339 seconds of `ms`, as the API writes metav1.Time. */
export function rfc3339Seconds(ms: number): string {
  const sec = Math.floor(ms / 1000);
  if (sec !== lastSecond) {
    lastStamp = new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    lastSecond = sec;
  }
  return lastStamp;
}
