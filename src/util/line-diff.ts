// A line diff (LCS) of two texts as `- `/`+ `/`  ` lines, long unchanged runs folded into one
// `  ⋯ N unchanged lines`: what a rollback changes (a pod template's YAML, a helm release's values and manifest).
interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

function diffLines(from: readonly string[], to: readonly string[]): DiffLine[] {
  const n = from.length;
  const m = to.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as number[];
    const next = lcs[i + 1] as number[];
    for (let j = m - 1; j >= 0; j--) row[j] = from[i] === to[j] ? (next[j + 1] ?? 0) + 1 : Math.max(next[j] ?? 0, row[j + 1] ?? 0);
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && from[i] === to[j]) {
      out.push({ op: ' ', text: from[i++] ?? '' });
      j++;
    } else if (i < n && (j >= m || (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))) out.push({ op: '-', text: from[i++] ?? '' });
    else out.push({ op: '+', text: to[j++] ?? '' });
  }
  return out;
}

/**
 * `from` → `to` as diff lines with `context` unchanged lines around each change; a run of unchanged lines
 * hiding at least `foldAtLeast` lines beyond that context is folded. [] when equal.
 */
export function textDiff(from: string, to: string, context = 2, foldAtLeast = 2): string[] {
  const lines = diffLines(from.trimEnd().split('\n'), to.trimEnd().split('\n'));
  if (lines.every((l) => l.op === ' ')) return [];
  const out: string[] = [];
  let k = 0;
  while (k < lines.length) {
    const l = lines[k] as DiffLine;
    if (l.op !== ' ') {
      out.push(`${l.op} ${l.text}`);
      k++;
      continue;
    }
    let end = k;
    while (end < lines.length && lines[end]?.op === ' ') end++;
    const head = k === 0 ? 0 : context;
    const tail = end === lines.length ? 0 : context;
    if (end - k - head - tail >= foldAtLeast) {
      for (let x = k; x < k + head; x++) out.push(`  ${lines[x]?.text ?? ''}`);
      out.push(`  ⋯ ${end - k - head - tail} unchanged lines`);
      for (let x = end - tail; x < end; x++) out.push(`  ${lines[x]?.text ?? ''}`);
    } else for (let x = k; x < end; x++) out.push(`  ${lines[x]?.text ?? ''}`);
    k = end;
  }
  return out;
}
