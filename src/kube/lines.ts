// Split a byte stream into text lines, one batch per network chunk, decoding UTF-8 across chunk borders.

export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private rest = '';

  /** Complete, non-empty lines in this chunk (a trailing partial line is kept for the next one). */
  push(chunk: Uint8Array): string[] {
    const text = this.rest + this.decoder.decode(chunk, { stream: true });
    const out: string[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (end > start) out.push(text.slice(start, end));
      start = nl + 1;
    }
    this.rest = start === 0 ? text : text.slice(start);
    return out;
  }

  /** Whatever is left at the end of the stream. */
  end(): string[] {
    const last = (this.rest + this.decoder.decode()).replace(/\r$/, '');
    this.rest = '';
    return last ? [last] : [];
  }
}
