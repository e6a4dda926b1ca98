// The simulated shell's parser: lists (`;`, `&&`, `||`, newlines), pipelines (`|`), words with single
// and double quotes, backslash escapes, `$VAR`, `${VAR}`, `$?`, `$$`, `~`, and redirections (`>`, `>>`,
// `2>`, `2>&1`, `<`). No globbing, no control structures, no command substitution.

type Seg = { lit: string } | { var: string };
export type Word = Seg[];

interface Redir {
  fd: 0 | 1 | 2;
  /** `>&N` duplicates, else a path. */
  target: Word | { dup: 1 | 2 };
  append: boolean;
}

export interface Command {
  words: Word[];
  redirs: Redir[];
}

type Joiner = ';' | '&&' | '||';
interface ListItem {
  /** How this pipeline joins the previous one (`;` for the first). */
  op: Joiner;
  pipeline: Command[];
}

export type Parsed =
  | { ok: true; list: ListItem[] }
  | {
      ok: false;
      error: string;
      /** more input would complete it (open quote, trailing `&&`) */ incomplete: boolean;
    };

type Tok =
  | { t: 'word'; w: Word }
  | { t: 'op'; op: Joiner | '|' | '&' }
  | { t: 'redir'; fd: 0 | 1 | 2; append: boolean; dup?: 1 | 2 };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const SPECIAL = new Set(['?', '$', '#', '0', '!', '@', '*']);

function lex(src: string): Tok[] | { error: string; incomplete: boolean } {
  const toks: Tok[] = [];
  let word: Word | undefined;
  const lit = (s: string): void => {
    word ??= [];
    const last = word[word.length - 1];
    if (last && 'lit' in last) last.lit += s;
    else word.push({ lit: s });
  };
  const end = (): void => {
    if (word) toks.push({ t: 'word', w: word });
    word = undefined;
  };
  /** `$…` at i (src[i] === '$'); returns the index after it. */
  const dollar = (i: number): number => {
    const rest = src.slice(i + 1);
    const ch = rest.charAt(0);
    if (ch === '{') {
      const close = rest.indexOf('}');
      if (close > 1) {
        word ??= [];
        word.push({ var: rest.slice(1, close) });
        return i + 2 + close;
      }
    }
    if (SPECIAL.has(ch)) {
      word ??= [];
      word.push({ var: ch });
      return i + 2;
    }
    const m = NAME.exec(rest);
    if (m) {
      word ??= [];
      word.push({ var: m[0] });
      return i + 1 + m[0].length;
    }
    lit('$');
    return i + 1;
  };
  let i = 0;
  while (i < src.length) {
    const ch = src.charAt(i);
    if (ch === "'") {
      const close = src.indexOf("'", i + 1);
      if (close < 0) return { error: 'unterminated quoted string', incomplete: true };
      word ??= [];
      lit(src.slice(i + 1, close));
      i = close + 1;
    } else if (ch === '"') {
      word ??= [];
      let j = i + 1;
      for (;;) {
        if (j >= src.length) return { error: 'unterminated quoted string', incomplete: true };
        const c = src.charAt(j);
        if (c === '"') break;
        if (c === '\\' && /["\\$`\n]/.test(src.charAt(j + 1))) {
          if (src.charAt(j + 1) !== '\n') lit(src.charAt(j + 1));
          j += 2;
        } else if (c === '$') j = dollar(j);
        else {
          lit(c);
          j++;
        }
      }
      i = j + 1;
    } else if (ch === '\\') {
      if (i + 1 >= src.length) return { error: 'unexpected end of input after \\', incomplete: true };
      if (src.charAt(i + 1) !== '\n') lit(src.charAt(i + 1));
      i += 2;
    } else if (ch === '$') i = dollar(i);
    else if (ch === ' ' || ch === '\t') {
      end();
      i++;
    } else if (ch === '#' && !word) {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl;
    } else if (ch === '\n' || ch === ';') {
      end();
      toks.push({ t: 'op', op: ';' });
      i++;
    } else if (ch === '&' || ch === '|') {
      end();
      const two = src.charAt(i + 1) === ch;
      toks.push({ t: 'op', op: two ? (ch === '&' ? '&&' : '||') : ch });
      i += two ? 2 : 1;
    } else if (ch === '>' || ch === '<') {
      // a word made only of a digit right before the operator is the fd (`2>`)
      let fd: 0 | 1 | 2 = ch === '<' ? 0 : 1;
      const only = word?.length === 1 ? word[0] : undefined;
      if (only && 'lit' in only && (only.lit === '1' || only.lit === '2') && src.charAt(i - 1) === only.lit) {
        fd = only.lit === '2' ? 2 : 1;
        word = undefined;
      } else end();
      const append = ch === '>' && src.charAt(i + 1) === '>';
      i += append ? 2 : 1;
      const dup = ch === '>' ? /^&([12])/.exec(src.slice(i)) : null;
      if (dup) {
        toks.push({ t: 'redir', fd, append: false, dup: dup[1] === '2' ? 2 : 1 });
        i += 2;
      } else toks.push({ t: 'redir', fd, append });
    } else if (ch === '~' && !word && /^(?:[/\s;&|]|$)/.test(src.slice(i + 1))) {
      word = [{ var: 'HOME' }];
      i++;
    } else {
      lit(ch);
      i++;
    }
  }
  end();
  return toks;
}

export function parse(src: string): Parsed {
  const toks = lex(src);
  if (!Array.isArray(toks)) return { ok: false, ...toks };
  const list: ListItem[] = [];
  let op: Joiner = ';';
  let pipeline: Command[] = [];
  let cmd: Command = { words: [], redirs: [] };
  const syntax = (tok: string): Parsed => ({
    ok: false,
    error: `syntax error: unexpected "${tok}"`,
    incomplete: false,
  });
  for (let k = 0; k < toks.length; k++) {
    const tk = toks[k];
    if (!tk) break;
    if (tk.t === 'word') cmd.words.push(tk.w);
    else if (tk.t === 'redir') {
      if (tk.dup !== undefined) {
        cmd.redirs.push({ fd: tk.fd, target: { dup: tk.dup }, append: false });
        continue;
      }
      const next = toks[k + 1];
      if (next?.t !== 'word') return next ? syntax(next.t === 'op' ? next.op : '>') : syntax('newline');
      cmd.redirs.push({ fd: tk.fd, target: next.w, append: tk.append });
      k++;
    } else {
      const empty = cmd.words.length === 0 && cmd.redirs.length === 0;
      if (tk.op === '|') {
        if (empty) return syntax('|');
        pipeline.push(cmd);
      } else {
        if (empty && pipeline.length > 0) return syntax(tk.op);
        if (empty && (tk.op === '&&' || tk.op === '||')) return syntax(tk.op);
        if (!empty) pipeline.push(cmd);
        if (pipeline.length > 0) list.push({ op, pipeline });
        pipeline = [];
        op = tk.op === '&' ? ';' : tk.op;
      }
      cmd = { words: [], redirs: [] };
    }
  }
  if (cmd.words.length > 0 || cmd.redirs.length > 0) pipeline.push(cmd);
  else if (pipeline.length > 0 || op !== ';')
    return { ok: false, error: 'syntax error: unexpected end of file', incomplete: true };
  if (pipeline.length > 0) list.push({ op, pipeline });
  return { ok: true, list };
}
