// The squeezed output draws the same screen as Ink's own bytes, in fewer bytes. The screen is a real
// terminal's (tmux): Ink renders a table (selection, colours, a highlighted filter, a background colour, a
// border) frame by frame into a fake TTY; after each frame, Ink's bytes so far and the squeezed bytes so
// far are played into two tmux panes of the same size, and the panes must match cell for cell, colours
// and attributes included, with the cursor in the same place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { ReactNode } from 'react';
import { TerminalSqueeze, squeezedStream } from '../../src/cli/terminal-squeeze.js';
import { Tmux } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

// colours as a truecolor terminal gets them (chalk reads this when Ink loads it)
process.env['FORCE_COLOR'] = '3';
const { Box, Text, render } = await import('ink');

const COLS = 100;
const ROWS = 20;

/** A writable that says it is a terminal of COLS×ROWS and keeps what is written, write by write. */
function fakeTty(): { stream: NodeJS.WriteStream; writes: string[] } {
  const writes: string[] = [];
  const w = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      writes.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      cb();
    },
    decodeStrings: false,
  });
  Object.assign(w, { isTTY: true, columns: COLS, rows: ROWS });
  return { stream: w as unknown as NodeJS.WriteStream, writes };
}

/**
 * A captured pane (capture-pane -e -N: written cells with their SGR, cleared cells left out) as what a person
 * sees, cell by cell: a character with its colours and attributes, where a space shows only its
 * background, inverse, underline, strike and overline, and a cleared cell is a plain space.
 */
function cells(capture: string): string[][] {
  let attrs = new Map<string, string>();
  return capture.split('\n').slice(0, ROWS).map((line) => {
    const out: string[] = [];
    const re = /\x1b\[([\d;:]*)m|([^\x1b])/gu;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      if (m[2] === undefined) {
        const ps = (m[1] || '0').split(';');
        for (let i = 0; i < ps.length; i++) {
          const p = ps[i] ?? '0';
          const n = Number(p);
          if (n === 0) attrs = new Map();
          else if (n === 38 || n === 48) {
            const len = ps[i + 1] === '5' ? 2 : 4;
            attrs.set(n === 38 ? 'fg' : 'bg', ps.slice(i, i + 1 + len).join(';'));
            i += len;
          } else if ((n >= 30 && n <= 37) || (n >= 90 && n <= 97)) attrs.set('fg', p);
          else if (n === 39) attrs.delete('fg');
          else if ((n >= 40 && n <= 47) || (n >= 100 && n <= 107)) attrs.set('bg', p);
          else if (n === 49) attrs.delete('bg');
          else if (n === 22) {
            attrs.delete('1');
            attrs.delete('2');
          }
          else if (n >= 23 && n <= 29) attrs.delete(String(n - 20));
          else if (n === 55) attrs.delete('53');
          else attrs.set(p, p);
        }
        continue;
      }
      const shown = m[2] === ' ' ? [...attrs].filter(([k]) => ['bg', '4', '7', '9', '53'].includes(k)) : [...attrs];
      out.push(`${m[2]}${JSON.stringify(shown.sort())}`);
    }
    while (out.length < COLS) out.push(' []');
    return out;
  });
}

interface Row {
  name: string;
  status: string;
  color: string;
  bg?: string;
}
interface Props {
  rows: Row[];
  selected: number;
  filter: string;
  banner: string;
}

/** Matches of the filter underlined and bold in another colour, as the resource table does. */
function highlight(text: string, filter: string): ReactNode {
  if (!filter) return text;
  return text.split(new RegExp(`(${filter})`)).map((part, i) =>
    i % 2 === 1 ? (
      <Text key={i} underline bold color="yellowBright">
        {part}
      </Text>
    ) : (
      part
    ),
  );
}

function Table({ rows, selected, filter, banner }: Props) {
  return (
    <Box flexDirection="column" width={COLS} height={ROWS}>
      <Box borderStyle="round" borderColor="cyan">
        <Text color="yellow">Context: </Text>
        <Text bold>{banner}</Text>
        <Text dimColor> (simulated)</Text>
      </Box>
      <Text bold>{' NAME                 STATUS'.padEnd(COLS)}</Text>
      {rows
        .filter((r) => r.name.includes(filter))
        .map((r, i) => (
          <Text key={r.name} inverse={i === selected} color={r.color} {...(r.bg ? { backgroundColor: r.bg } : {})}>
            {highlight(` ${r.name.padEnd(20)} ${r.status}`.padEnd(COLS), filter)}
          </Text>
        ))}
      <Text color="gray">{` <pods> ${filter ? `</${filter}>` : ''}`}</Text>
    </Box>
  );
}

const rows: Row[] = Array.from({ length: 12 }, (_, i) => ({ name: `app-${i}-${String(i * 7919).padStart(6, '0')}`, status: 'Running', color: 'cyan' }));
const frames: Props[] = [
  { rows, selected: 0, filter: '', banner: 'kubedeck-sim' },
  { rows: rows.map((r, i) => (i === 5 ? { ...r, status: 'CrashLoopBackOff', color: 'red' } : r)), selected: 0, filter: '', banner: 'kubedeck-sim' },
  { rows, selected: 1, filter: '', banner: 'kubedeck-sim' },
  { rows, selected: 1, filter: 'ap', banner: 'kubedeck-sim' },
  { rows, selected: 0, filter: 'app-1', banner: 'kubedeck-sim' },
  { rows: rows.map((r, i) => (i === 3 ? { ...r, bg: 'blue' } : r)), selected: 2, filter: 'app', banner: 'kubedeck-sim' },
  { rows: rows.map((r, i) => (i === 3 ? { ...r, bg: 'blue', status: 'Pending' } : r)), selected: 2, filter: '', banner: 'other-context' },
  { rows: rows.map((r, i) => (i === 6 ? { ...r, color: '#ff8800', bg: '#202040' } : i === 7 ? { ...r, color: 'ansi256(141)' } : r)), selected: 6, filter: '0', banner: 'other-context' },
  { rows, selected: 4, filter: '', banner: 'other-context' },
];

test('squeezed frames draw the same screen as the bytes Ink wrote, frame by frame, in fewer bytes', { skip: !Tmux.available() && 'tmux missing' }, async () => {
  const tty = fakeTty();
  const ink = render(<Table {...(frames[0] as Props)} />, {
    stdout: tty.stream,
    interactive: true,
    incrementalRendering: true,
    alternateScreen: true,
    patchConsole: false,
    exitOnCtrlC: false,
  });
  const ends: number[] = []; // Ink's writes up to each frame
  await ink.waitUntilRenderFlush();
  ends.push(tty.writes.length);
  for (const f of frames.slice(1)) {
    ink.rerender(<Table {...f} />);
    await ink.waitUntilRenderFlush();
    ends.push(tty.writes.length);
  }
  const raw = tty.writes.slice();
  ink.unmount();
  /** What kubedeck sends for Ink's first `n` writes: through squeezedStream, as src/cli/tui.tsx does. */
  const squeezedUpTo = async (n: number): Promise<string> => {
    const out = fakeTty();
    const s = squeezedStream(out.stream);
    for (const w of raw.slice(0, n)) s.write(w);
    await new Promise((r) => setImmediate(r));
    return out.writes.join('');
  };

  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-squeeze-'));
  const tm = new Tmux('squeeze');
  try {
    const sock = ['-L', tm.socket];
    execFileSync('tmux', [...sock, 'new-session', '-d', '-x', String(COLS), '-y', String(ROWS), '-s', 'main', 'sleep 600']);
    const show = (name: string, bytes: string) => {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      execFileSync('tmux', [...sock, 'new-window', '-d', '-t', 'main', '-n', name, `cat ${file}; printf '\\033]2;drawn\\033\\\\'; sleep 600`]);
      execFileSync('tmux', [...sock, 'resize-window', '-t', `main:${name}`, '-x', String(COLS), '-y', String(ROWS)]);
    };
    const pane = (name: string) => execFileSync('tmux', [...sock, 'capture-pane', '-p', '-e', '-N', '-t', `main:${name}`], { encoding: 'utf8' });
    const cursor = (name: string) => execFileSync('tmux', [...sock, 'display-message', '-p', '-t', `main:${name}`, '#{cursor_x},#{cursor_y} #{alternate_on}'], { encoding: 'utf8' });
    const title = (name: string) => execFileSync('tmux', [...sock, 'display-message', '-p', '-t', `main:${name}`, '#{pane_title}'], { encoding: 'utf8' }).trim();
    for (const [i, end] of ends.entries()) {
      show(`raw${i}`, raw.slice(0, end).join(''));
      show(`sq${i}`, await squeezedUpTo(end));
    }
    for (const [i] of ends.entries()) {
      const f = frames[i] as Props;
      // both panes have read all their bytes: the title set after them is there
      await waitFor(() => title(`raw${i}`) === 'drawn' && title(`sq${i}`) === 'drawn', { what: () => `frame ${i} drawn:\n${pane(`raw${i}`)}\n${pane(`sq${i}`)}` });
      assert.ok(pane(`raw${i}`).includes(f.banner), `frame ${i} on the screen:\n${pane(`raw${i}`)}`);
      assert.deepEqual(cells(pane(`sq${i}`)), cells(pane(`raw${i}`)), `frame ${i}: the same cells, colours and attributes:\n${pane(`raw${i}`)}\n${pane(`sq${i}`)}`);
      assert.equal(cursor(`sq${i}`), cursor(`raw${i}`), `frame ${i}: the cursor in the same place`);
    }
    // fewer bytes: the whole session, and the frame where one row changed
    const size = (s: string) => Buffer.byteLength(s);
    const [start, end] = [ends[0] as number, ends[1] as number];
    const rawChange = size(raw.slice(start, end).join(''));
    const sqChange = size(await squeezedUpTo(end)) - size(await squeezedUpTo(start));
    assert.ok(sqChange < rawChange * 0.7, `one row changed: ${sqChange} B squeezed vs ${rawChange} B`);
    const all = size(await squeezedUpTo(raw.length));
    assert.ok(all < size(raw.join('')) * 0.9, `all frames: ${all} B squeezed vs ${size(raw.join(''))} B`);
  } finally {
    tm.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('squeeze: runs of next-line become one; SGR only when drawn and only what differs; spaces over erased cells', () => {
  const sq = new TerminalSqueeze();
  // the first write: the terminal's colours are not known yet, so it is reset once
  assert.equal(sq.squeeze('\x1b[3A\x1b[E\x1b[E\x1b[1G\x1b[K\x1b[36mab      \x1b[39m\n\x1b[E'), '\x1b[3A\x1b[2E\x1b[1G\x1b[0m\x1b[K\x1b[36mab\n\x1b[E\x1b[39m');
  // known colours now: an opened and closed span with nothing drawn in it costs nothing
  assert.equal(sq.squeeze('\x1b[36mx\x1b[4m\x1b[1m\x1b[93m\x1b[22m\x1b[24m\x1b[36my\x1b[39m'), '\x1b[36mxy\x1b[39m');
  // spaces in inverse video are drawn (they are the selection bar); on a non-erased line, too
  assert.equal(sq.squeeze('\x1b[1G\x1b[K\x1b[7m a   \x1b[27m\n'), '\x1b[1G\x1b[K\x1b[7m a   \x1b[27m\n');
  assert.equal(sq.squeeze('\x1b[5G a      b\n'), '\x1b[5G a      b\n');
  // a long run of spaces inside an erased line is a cursor move
  assert.equal(sq.squeeze('\x1b[1G\x1b[Ka          b\n'), '\x1b[1G\x1b[Ka\x1b[10Cb\n');
  // a background colour is not blank: drawn
  assert.equal(sq.squeeze('\x1b[1G\x1b[K\x1b[44ma     \x1b[49m\n'), '\x1b[1G\x1b[K\x1b[44ma     \x1b[49m\n');
});

test('squeeze: what it does not understand passes unchanged, and other writers make it forget the colours', () => {
  const sq = new TerminalSqueeze();
  const colon = '\x1b[38:2::1:2:3mx\x1b[E\x1b[E';
  assert.equal(sq.squeeze(colon), colon);
  const cut = '\x1b[E\x1b[E\x1b[3';
  assert.equal(sq.squeeze(cut), cut);
  const odd = '\x1b[36;12mx';
  assert.equal(sq.squeeze(odd), odd);
  assert.equal(sq.squeeze('\x1b[0m'), '\x1b[0m');
  assert.equal(sq.squeeze('\x1b[36mx\x1b[39m'), '\x1b[36mx\x1b[39m');
  sq.forget();
  assert.equal(sq.squeeze('\x1b[36mx\x1b[39m'), '\x1b[0;36mx\x1b[39m');
  // the alternate screen (and a saved cursor) restore colours the squeezer did not see
  assert.equal(sq.squeeze('\x1b[?1049h\x1b[36mx\x1b[39m'), '\x1b[?1049h\x1b[0;36mx\x1b[39m');
});

test('squeezedStream: string writes squeezed, a frame in one write; a Buffer (a shell session) passes and the colours are forgotten', async () => {
  const tty = fakeTty();
  const s = squeezedStream(tty.stream);
  assert.equal(s.columns, COLS);
  assert.equal(s.isTTY, true);
  s.write('\x1b[E\x1b[E\x1b[E');
  s.write(Buffer.from('\x1b[31mpod output\x1b[E\x1b[E'));
  s.write('\x1b[36mx\x1b[39m');
  // a synchronized update (Ink writes begin, frame, end) is one write
  s.write('\x1b[?2026h');
  s.write('\x1b[E\x1b[E\x1b[36mx\x1b[39m');
  s.write('\x1b[?2026l');
  // a begin whose end never comes is written once the turn is over
  s.write('\x1b[?2026h\x1b[E');
  s.write('\x1b[E');
  assert.deepEqual(tty.writes.slice(4), []);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(tty.writes, ['\x1b[3E', '\x1b[31mpod output\x1b[E\x1b[E', '\x1b[0;36mx\x1b[39m', '\x1b[?2026h\x1b[2E\x1b[36mx\x1b[39m\x1b[?2026l', '\x1b[?2026h\x1b[2E']);
});
