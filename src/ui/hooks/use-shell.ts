import { useApp, useStdin, useStdout } from 'ink';
import { useRef } from 'react';
import type { AppStore } from '../../store/app-store.js';
import type { ExecIo, PreparedSession, ShellOutcome, ShellService } from '../../store/shell/shell.js';
import type { ShellSpec } from '../../resources/capabilities.js';
import { sanitize } from '../../util/sanitize.js';
import { terminalSize } from '../../util/terminal-size.js';

/** Ctrl-P Ctrl-Q detaches from `a` (docker's keys); without stdin, Ctrl-C does too. */
const CTRL_P = 0x10;
const CTRL_Q = 0x11;
const CTRL_C = 0x03;

/**
 * `s` and `a`: hand the terminal to a container. Ink leaves the alternate screen and raw mode; we put the
 * terminal back in raw mode, forward keystrokes and resizes, and give it back when the session ends (the
 * view, its selection and the caches are untouched meanwhile). One session at a time.
 */
export function useShell(store: AppStore, service: ShellService | undefined) {
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
    size: () => terminalSize(stdout),
    onResize(cb) {
      stdout.on('resize', cb);
      return () => void stdout.off('resize', cb);
    },
  });

  const enter = async (kind: 'shell' | 'attach', spec: ShellSpec): Promise<void> => {
    if (busy.current) return;
    if (!service) return store.flash('not connected yet', 'warn');
    busy.current = true;
    let prepared: PreparedSession | string | undefined;
    try {
      // the container is checked and the session's socket opened first: a refusal (RBAC, a stopped
      // container) is a flash, and the terminal and keyboard are never touched
      prepared = await service.prepare(kind, spec);
      if (typeof prepared === 'string') return store.flash(prepared, 'error');
      const session = prepared;
      let outcome: ShellOutcome | undefined;
      await suspendTerminal(async () => {
        // let Ink finish handing input back before we read it (see notes: the stdin trap)
        await new Promise((r) => setImmediate(r));
        // a clean screen, as k9s gives: not the output of the last session
        stdout.write('\x1b[H\x1b[2J');
        if (session.banner) stdout.write(sanitize(session.banner.trimEnd()) + '\r\n');
        const raw = stdin as NodeJS.ReadStream;
        if (raw.isTTY) raw.setRawMode(true);
        try {
          if (kind === 'attach') {
            const detach = new AbortController();
            outcome = await session.run(terminalIo(detach, session.target.stdin), detach.signal);
          } else outcome = await session.run(terminalIo());
        } finally {
          if (raw.isTTY) raw.setRawMode(false);
        }
      });
      if (outcome) store.flash(outcome.message, outcome.tone);
    } catch (e) {
      if (prepared && typeof prepared !== 'string') prepared.discard();
      store.flash(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      busy.current = false;
    }
  };

  return { enter };
}
