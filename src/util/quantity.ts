// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): parse "100m", "1Gi",
// "500Mi", "2", "1e3", "1.5" to plain numbers (cores, bytes), and format usage the way k9s shows it
// (CPU in millicores, memory in MiB, percentages floored).

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
/** Decimal SI suffixes as powers of ten. */
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

// sign, digits (with an optional fraction), then one of: binary suffix, decimal suffix, e/E exponent.
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE]?)|[eE]([+-]?\d+))$/;

/**
 * The value of a quantity in base units: "100m" → 0.1, "1Gi" → 1073741824, "1e3" → 1000,
 * "1.5" → 1.5. NaN for anything the API server would reject (spaces, "1gi", "1.2.3", "").
 */
export function parseQuantity(s: string | number | undefined | null): number {
  if (typeof s === 'number') return Number.isFinite(s) ? s : Number.NaN;
  if (typeof s !== 'string') return Number.NaN;
  const m = QUANTITY.exec(s);
  if (!m) return Number.NaN;
  const [, sign, digits, binary, decimal, exponent] = m;
  // Powers of ten go through the number's own exponent, so "100m" is exactly 0.1 (not 100 * 0.001).
  const value = binary
    ? Number(digits) * (BINARY[binary] ?? Number.NaN)
    : Number(`${digits}e${exponent ?? DECIMAL[decimal ?? ''] ?? Number.NaN}`);
  return sign === '-' ? -value : value;
}

/** Millicores of a CPU quantity, rounded up as Quantity.MilliValue() does: "100m" → 100, "1" → 1000, "1u" → 1. */
export function cpuMillis(q: string | number | undefined | null): number {
  const v = parseQuantity(q);
  if (!Number.isFinite(v)) return Number.NaN;
  // Round away tiny binary-fraction noise before ceiling (0.1 * 1000 = 100.00000000000001).
  return Math.ceil(Number((v * 1000).toPrecision(12)));
}

/** Bytes of a memory quantity, rounded up as Quantity.Value() does: "1Gi" → 1073741824, "1.5k" → 1500. */
export function memoryBytes(q: string | number | undefined | null): number {
  const v = parseQuantity(q);
  if (!Number.isFinite(v)) return Number.NaN;
  return Math.ceil(Number(v.toPrecision(15)));
}

/** k9s's CPU cell: whole millicores ("250"), "n/a" when unknown. */
export function formatCpu(millicores: number): string {
  return Number.isFinite(millicores) ? String(Math.round(millicores)) : 'n/a';
}

/** k9s's MEM cell: whole MiB, truncated as k9s's ToMB does ("128"), "n/a" when unknown. */
export function formatMemory(bytes: number): string {
  return Number.isFinite(bytes) ? String(Math.trunc(bytes / 2 ** 20)) : 'n/a';
}

/** k9s's %CPU/%MEM cells: floor(used / total × 100), "n/a" when the total is unknown or zero. */
export function formatPercent(used: number, total: number): string {
  if (!Number.isFinite(used) || !Number.isFinite(total) || total <= 0) return 'n/a';
  return String(Math.floor((used / total) * 100));
}

const BINARY_STEPS: readonly [string, number][] = [
  ['Ei', 2 ** 60],
  ['Pi', 2 ** 50],
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];

/**
 * Bytes as a short binary quantity for humans (describe, header): "512Mi", "1.5Gi", "999"; at most
 * one decimal, trailing ".0" dropped.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'n/a';
  const abs = Math.abs(bytes);
  for (const [suffix, size] of BINARY_STEPS) {
    if (abs >= size) {
      const v = Math.round((bytes / size) * 10) / 10;
      return `${Number.isInteger(v) ? v.toFixed(0) : v.toFixed(1)}${suffix}`;
    }
  }
  return String(Math.round(bytes));
}

/** Cores as a quantity: whole cores as "2", fractions as millicores "250m". */
export function formatCores(cores: number): string {
  if (!Number.isFinite(cores)) return 'n/a';
  const milli = Math.round(cores * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}
