// A logs view holds the TUI's memory saver (cli/memory-saver.ts) exactly while its session lives.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { holdMemorySaver } from '../../src/cli/memory-saver.js';
import type { Transport } from '../../src/kube/transport.js';
import { LogService } from '../../src/store/logs/service.js';

test('each log session holds the streaming hook until it stops, and releases it once', () => {
  let held = 0;
  const hook = (): (() => void) => {
    held++;
    return () => void held--;
  };
  // a transport that never answers: the sessions stay connecting
  const service = new LogService(new Promise<Transport>(() => undefined), 1 << 20, undefined, hook);
  const target = { namespace: 'default', pod: 'chatty', container: 'app' };
  const a = service.session([target], { previous: false, preset: undefined }, () => undefined);
  const b = service.session([target], { previous: false, preset: undefined }, () => undefined);
  assert.equal(held, 2);
  a.stop();
  a.stop();
  assert.equal(held, 1);
  b.stop();
  assert.equal(held, 0);
});

test('the memory saver is switched on by the first holder and off by the last release only', () => {
  const flags: string[] = [];
  const set = (f: string): void => void flags.push(f);
  const first = holdMemorySaver(set);
  const second = holdMemorySaver(set);
  first();
  first();
  assert.deepEqual(flags, ['--memory-saver-mode']);
  second();
  assert.deepEqual(flags, ['--memory-saver-mode', '--no-memory-saver-mode']);
  holdMemorySaver(set)();
  assert.deepEqual(flags.slice(2), ['--memory-saver-mode', '--no-memory-saver-mode']);
});
