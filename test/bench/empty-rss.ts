// The bench's empty-view RSS (run.ts: `-n default`, 200×50, read 2 s after `pods(default)[0]`), for two
// builds alternating on one simulator, each with a fresh HOME (so a first start, compile cache cold) and then
// the same HOME again (warm). Not a test.
// Run: node --import tsx test/bench/empty-rss.ts KUBECONFIG BIN_A BIN_B [rounds=3]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { rssOf, Term } from './term.js';

const [kc = '', a = '', b = '', roundsArg = '3'] = process.argv.slice(2);
const term = new Term(200, 50);
const mb = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MB`;

async function once(bin: string, home: string): Promise<number> {
  const pid = await term.start([process.execPath, bin, '--kubeconfig', kc, '-n', 'default'], { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_STATE_HOME: join(home, '.state') });
  const t0 = Date.now();
  while (!/pods\(default\)\[0\]/.test(await term.screen())) {
    if (Date.now() - t0 > 60_000) throw new Error(`no empty view from ${bin}:\n${await term.screen()}`);
    await sleep(50);
  }
  await sleep(2000);
  const rss = rssOf(pid).rss;
  term.kill();
  return rss;
}

try {
  for (let r = 0; r < Number(roundsArg); r++) {
    for (const bin of [a, b]) {
      const home = mkdtempSync(join(tmpdir(), 'kubedeck-empty-'));
      const cold = await once(bin, home);
      const warm = await once(bin, home);
      process.stdout.write(`${bin}: cold ${mb(cold)}, warm ${mb(warm)}\n`);
    }
  }
} finally {
  term.kill();
}
