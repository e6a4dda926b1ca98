// The terminal's line discipline for a simulated shell with a tty (canonical mode, as the kernel does
// it for a shell that reads lines): typed characters are echoed, CR ends a line (echoed as CRLF),
// backspace erases a character, Ctrl-U the line, Ctrl-C interrupts, Ctrl-D on an empty line is EOF.
// Escape sequences (arrow keys) are swallowed. Output gets ONLCR: every LF leaves as CRLF.

export interface LineEvents {
  echo(s: string): void;
  line(text: string): void;
  interrupt(): void;
  eof(): void;
}

/** LF → CRLF (a CRLF already there stays as it is). */
export const onlcr = (s: string): string => s.replace(/\r?\n/g, '\r\n');

export class LineDiscipline {
  private buf = '';
  /** Inside an escape sequence: 1 after ESC, 2 inside CSI/SS3. */
  private esc = 0;
  /** Echo not yet written: one write per input chunk (and before every line, interrupt or EOF). */
  private echoed = '';

  constructor(private readonly ev: LineEvents) {}

  input(data: string): void {
    for (const ch of data) this.char(ch);
    this.flush();
  }

  private flush(): void {
    if (this.echoed) this.ev.echo(this.echoed);
    this.echoed = '';
  }

  private echo(s: string): void {
    this.echoed += s;
  }

  private char(ch: string): void {
    const code = ch.codePointAt(0) ?? 0;
    if (this.esc === 1) {
      this.esc = ch === '[' || ch === 'O' ? 2 : 0;
      return;
    }
    if (this.esc === 2) {
      if (code >= 0x40 && code <= 0x7e) this.esc = 0;
      return;
    }
    switch (ch) {
      case '\x1b':
        this.esc = 1;
        return;
      case '\r':
      case '\n': {
        this.echo('\r\n');
        this.flush();
        const text = this.buf;
        this.buf = '';
        this.ev.line(text);
        return;
      }
      case '\x7f':
      case '\b':
        if (this.buf) {
          this.buf = [...this.buf].slice(0, -1).join('');
          this.echo('\b \b');
        }
        return;
      case '\x15':
        this.echo('\b \b'.repeat([...this.buf].length));
        this.buf = '';
        return;
      case '\x03':
        this.buf = '';
        this.echo('^C\r\n');
        this.flush();
        this.ev.interrupt();
        return;
      case '\x04':
        if (this.buf !== '') return;
        this.flush();
        this.ev.eof();
        return;
      default:
        if (code < 0x20) return;
        this.buf += ch;
        this.echo(ch);
    }
  }
}
