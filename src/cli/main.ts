import { setFlagsFromString } from 'node:v8';
import { parseArgs, simUsage, tuiUsage } from './args.js';
import { version } from './version.js';
import { setLogFile, log } from './log.js';

function fatal(e: unknown): never {
  const msg = e instanceof Error ? e.message : String(e);
  log(`fatal: ${e instanceof Error ? (e.stack ?? msg) : msg}`);
  // Leave the alternate screen and show the cursor in case Ink could not.
  if (process.stdout.isTTY) process.stdout.write('\x1b[?1049l\x1b[?25h');
  process.stderr.write(`kubedeck: ${msg}\n`);
  process.exit(1);
}

/** The composition root. Returns only by exiting the process with the right code. */
export async function main(argv: string[]): Promise<void> {
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  const args = parseArgs(argv);
  switch (args.mode) {
    case 'error':
      process.stderr.write(`kubedeck: ${args.message} (see kubedeck --help)\n`);
      process.exit(2);
      break;
    case 'version':
      process.stdout.write(`kubedeck ${version}\n`);
      process.exit(0);
      break;
    case 'help':
      process.stdout.write(`${args.topic === 'sim' ? simUsage : tuiUsage}\n`);
      process.exit(0);
      break;
    case 'sim': {
      const { runSim } = await import('./sim-command.js');
      process.exit(await runSim(args));
      break;
    }
    case 'tui': {
      // Resident memory over heap headroom (test/bench/memory.ts): the young generation stays at its first
      // size (V8 grows it to 32 MB under load), until a big list is cached (release-memory.ts). Read by V8 at each GC, so setting it now works. The old
      // generation is held to 20% growth once the first list is in (release-memory.ts): while a big first
      // list arrives, V8's own growth saves the full collections of a heap that only grows.
      setFlagsFromString('--semi-space-growth-factor=1');
      const logProblem = setLogFile(args.logFile);
      if (logProblem) {
        process.stderr.write(`kubedeck: ${logProblem}\n`);
        process.exit(2);
      }
      // With --sim, boot the simulated cluster (a worker thread) while Ink and React load.
      const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
      const early = args.sim && tty ? import('./embedded-sim.js').then((m) => m.startEmbeddedSim()) : undefined;
      early?.catch(() => undefined);
      const { runTui } = await import('./tui.js');
      const code = await runTui(args, early);
      process.exit(code);
    }
  }
}
