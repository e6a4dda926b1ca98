// The terminal's size as the kernel has it now, not as Node last heard of it (a shell's keys typed right
// after a resize must follow the new size: src/kube/exec/exec.ts). On a real tty in tmux, and the fallbacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { terminalSize } from '../../src/util/terminal-size.js';
import { Tmux } from '../helpers/tmux.js';
import { root } from '../helpers/sim-process.js';
import { shq } from '../helpers/sshd.js';

const stream = (over: Record<string, unknown>) => over as unknown as NodeJS.WriteStream;

test('terminalSize asks the tty handle before trusting columns and rows', () => {
  const handle = { getWindowSize: (out: [number, number]) => ((out[0] = 132), (out[1] = 43), 0) };
  assert.deepEqual(terminalSize(stream({ isTTY: true, columns: 80, rows: 24, _handle: handle })), { cols: 132, rows: 43 });
});

test('terminalSize falls back to what Node knew: a failing or throwing handle, no tty, nothing at all', () => {
  const failing = { getWindowSize: () => -9 };
  const throwing = {
    getWindowSize: () => {
      throw new Error('closed');
    },
  };
  assert.deepEqual(terminalSize(stream({ isTTY: true, columns: 100, rows: 30, _handle: failing })), { cols: 100, rows: 30 });
  assert.deepEqual(terminalSize(stream({ isTTY: true, columns: 100, rows: 30, _handle: throwing })), { cols: 100, rows: 30 });
  assert.deepEqual(terminalSize(stream({ isTTY: false, columns: 100, rows: 30, _handle: { getWindowSize: () => 0 } })), { cols: 100, rows: 30 });
  assert.deepEqual(terminalSize(stream({})), { cols: 80, rows: 24 });
});

test('terminalSize on a real tty reads the kernel, not the stale columns', { skip: Tmux.available() ? false : 'tmux is not installed', timeout: 60000 }, async () => {
  const tm = new Tmux('terminal-size');
  const node = join(root, 'node_modules', '.bin', 'node');
  const script = `import { terminalSize } from ${JSON.stringify(join(root, 'src/util/terminal-size.ts'))}; process.stdout.columns = 1; process.stdout.rows = 1; console.log('size=' + JSON.stringify(terminalSize(process.stdout)));`;
  try {
    tm.start(`${shq(node)} --import tsx --input-type=module -e ${shq(script)}`, 77, 19);
    await tm.wait(/^size=\{"cols":77,"rows":19\}\s*$/m, 30000);
  } finally {
    tm.stop();
  }
});
