// Config problems as a notice the user can read: one problem per line, each file named once above its own.

export interface Notice {
  title: string;
  lines: string[];
}

/** `FILE: rest` or `FILE:line N rest` (what loadConfig and loadTheme report): the file and the rest. */
function splitFile(problem: string): { file?: string; rest: string } {
  const m = /^((?:\/|~|[A-Za-z]:\\)[^:]*):(?: line (\d+))?\s*(.*)$/s.exec(problem);
  if (!m) return { rest: problem };
  return { file: m[1] as string, rest: m[2] ? `line ${m[2]}: ${m[3] ?? ''}` : (m[3] ?? '') };
}

/** Undefined when there is nothing to say. Problems of one file stay in their order, under its name. */
export function configNotice(problems: readonly string[]): Notice | undefined {
  if (problems.length === 0) return undefined;
  const groups = new Map<string, string[]>();
  for (const p of problems) {
    const { file, rest } = splitFile(p);
    const key = file ?? '';
    groups.set(key, [...(groups.get(key) ?? []), rest]);
  }
  const lines: string[] = [];
  for (const [file, rests] of groups) {
    if (lines.length > 0) lines.push('');
    if (file) lines.push(`${file}:`);
    for (const r of rests) lines.push(file ? `  ${r}` : r);
  }
  const n = problems.length;
  return { title: `config: ${n} problem${n === 1 ? '' : 's'} (the rest of the config applies)`, lines };
}
