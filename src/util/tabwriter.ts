// Go's text/tabwriter as kubectl's describers use it (minwidth 0, padding 2, spaces, no flags): cells end at
// a tab; a column is aligned over each block of consecutive lines that have a cell in it. Widths are counted
// in code points, as Go counts runes.

const width = (s: string): number => Array.from(s).length;

/** Aligns tab-separated `lines` exactly as kubectl's describe output does. */
export function tabwrite(lines: readonly string[], padding = 2): string[] {
  const cells = lines.map((l) => l.split('\t'));
  const out: string[] = new Array<string>(lines.length);
  const widths: number[] = [];
  const write = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const row = cells[i] as string[];
      let text = '';
      for (let j = 0; j < row.length; j++) {
        const c = row[j] as string;
        text += j < row.length - 1 ? c + ' '.repeat(Math.max(0, (widths[j] ?? 0) - width(c))) : c;
      }
      out[i] = text;
    }
  };
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= (cells[i] as string[]).length - 1) continue;
      write(line0, i);
      line0 = i;
      let w = 0;
      for (; i < line1; i++) {
        const row = cells[i] as string[];
        if (column >= row.length - 1) break;
        w = Math.max(w, width(row[column] as string) + padding);
      }
      widths.push(w);
      format(line0, i);
      widths.pop();
      line0 = i;
      i--;
    }
    write(line0, line1);
  };
  format(0, lines.length);
  return out;
}
