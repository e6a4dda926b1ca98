import { useApp, useStdin, useStdout } from 'ink';
import { useRef } from 'react';
import type { AppStore } from '../../store/app-store.js';
import { openAttach, openShell, resolveShellTarget } from '../../store/shell/shell.js';
import type { ExecIo, ShellOutcome, ShellRow, ShellTarget } from '../../store/shell/shell.js';
import type { Transport } from '../../kube/transport.js';
import { sanitize } from '../../util/sanitize.js';

/** Ctrl-P Ctrl-Q detaches from `a` (docker's keys); without stdin, Ctrl-C does too. */
const CTRL_P = 0x10;
const CTRL_Q = 0x11;
const CTRL_C = 0x03;

/**
 * `s` and `a`: hand the terminal to a container. Ink leaves the alternate screen and raw mode; we put the
 * terminal back in raw mode, forward keystrokes and resizes, and give it back when the session ends (the
 * view, its selection and the caches are untouched meanwhile). One session at a time.
 */
export function useShell(store: AppStore, transport: Promise<Transport> | undefined) {
  const { suspendTerminal } = useApp();
  const { stdin } = useStdin();
  const stdout = useStdout().stdout as NodeJS.WriteStream;
  const busy = useRef(false);

  const terminalIo = (detach?: AbortController, forwardInput = true): ExecIo => ({
    write: (_channel, data) => void stdout.write(data),
    onInput(cb) {
      let lastWasCtrlP = false;
      const onData = (d: string | Buffer) => {
        const buf = typeof d === 'string' ? Buffer.from(d, 'utf8') : d;
        if (detach) {
          for (const b of buf) {
            if ((lastWasCtrlP && b === CTRL_Q) || (!forwardInput && b === CTRL_C)) return detach.abort();
            lastWasCtrlP = b === CTRL_P;
          }
        }
        if (forwardInput) cb(buf);
      };
      stdin.on('data', onData);
      stdin.resume();
      return () => {
        stdin.off('data', onData);
        stdin.pause();
      };
    },
    size: () => ({ cols: stdout.columns || 80, rows: stdout.rows || 24 }),
    onResize(cb) {
      stdout.on('resize', cb);
      return () => void stdout.off('resize', cb);
    },
  });

  const session = async (row: ShellRow, run: (t: Transport, target: ShellTarget) => Promise<ShellOutcome>): Promise<void> => {
    if (busy.current) return;
    if (!transport) return store.flash('not connected yet', 'warn');
    busy.current = true;
    try {
      const t = await transport;
      const target = await resolveShellTarget(t, row);
      if (typeof target === 'string') return store.flash(target, 'warn');
      let outcome: ShellOutcome | undefined;
      await suspendTerminal(async () => {
        // let Ink finish handing input back before we read it (see notes: the stdin trap)
        await new Promise((r) => setImmediate(r));
        // a clean screen, as k9s gives: not the output of the last session
        stdout.write('\x1b[H\x1b[2J');
        const raw = stdin as NodeJS.ReadStream;
        if (raw.isTTY) raw.setRawMode(true);
        try {
          outcome = await run(t, target);
        } finally {
          if (raw.isTTY) raw.setRawMode(false);
          stdin.pause();
        }
      });
      if (outcome) store.flash(outcome.message, outcome.tone);
    } catch (e) {
      store.flash(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      busy.current = false;
    }
  };

  return {
    shell: (row: ShellRow) => session(row, (t, target) => openShell(t, target, terminalIo())),
    attach: (row: ShellRow) =>
      session(row, (t, target) => {
        const detach = new AbortController();
        stdout.write(`attached to ${sanitize(`${target.pod}/${target.container}`)}; detach with Ctrl-P Ctrl-Q${target.stdin ? '' : ' or Ctrl-C'}\r\n`);
        return openAttach(t, target, terminalIo(detach, target.stdin), detach.signal);
      }),
  };
}
