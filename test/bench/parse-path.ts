// The list's data path alone, offline (not a test): saved pages of a real list (`--save KUBECONFIG DIR`
// writes them), fed in 16 KiB chunks as the TLS socket hands them over, through decode + ListSplitter +
// JSON.parse + the pods projection, with the TUI's V8 heap flags. Prints CPU and GC per pass; no network,
// no server sharing the cores, so changes to the path compare in a few seconds.
// Run: node --import tsx test/bench/parse-path.ts DIR [passes=5] [--whole]
//   --whole: each page decoded and JSON.parse'd whole, then projected (a plain client, for comparison).
//   --no-cut: the split without cutting the pod's never-projected parts (managedFields are still cut).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import type { PerformanceEntry } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { ListSplitter } from '../../src/kube/reflector-items.js';
import { pods } from '../../src/resources/pods.js';
import type { KObject } from '../../src/util/k8s.js';

const log = (s: string): void => void process.stdout.write(`${s}\n`);
const argv = process.argv.slice(2);

async function save(kubeconfig: string, dir: string): Promise<void> {
  const kc = readFileSync(kubeconfig, 'utf8');
  const server = /server: (\S+)/.exec(kc)?.[1] ?? '';
  const token = /token: (\S+)/.exec(kc)?.[1] ?? '';
  const agent = new Agent({ keepAlive: true, rejectUnauthorized: false, maxSockets: 1 });
  const get = (path: string): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const r = request(new URL(path, server), { agent, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } }, (res) => {
        const cs: Buffer[] = [];
        res.on('data', (c: Buffer) => cs.push(c));
        res.on('end', () => resolve(Buffer.concat(cs)));
      });
      r.on('error', reject);
      r.end();
    });
  let cont = '';
  let i = 0;
  do {
    const b = await get(`/api/v1/pods?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
    writeFileSync(join(dir, `page-${String(i++).padStart(4, '0')}.json`), b);
    cont = (JSON.parse(b.toString()) as { metadata: { continue?: string } }).metadata.continue ?? '';
  } while (cont);
  agent.destroy();
  log(`${i} pages in ${dir}`);
}

if (argv[0] === '--save') {
  await save(argv[1] ?? '', argv[2] ?? '.');
  process.exit(0);
}

setFlagsFromString('--semi-space-growth-factor=1');
setFlagsFromString('--heap-growing-percent=20');
const dir = argv.find((a) => !a.startsWith('--')) ?? '.';
const passes = Number(argv.filter((a) => !a.startsWith('--'))[1] ?? 5);
const whole = argv.includes('--whole');
const cut = !argv.includes('--no-cut');
const CHUNK = 16 * 1024;
const pages = readdirSync(dir)
  .filter((f) => /^page-.*\.json$/.test(f))
  .sort()
  .map((f) => readFileSync(join(dir, f)));
const bytes = pages.reduce((n, p) => n + p.length, 0);

const gc = { n: 0, ms: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries() as (PerformanceEntry & { detail?: { kind?: number } })[]) {
    gc.n++;
    gc.ms += e.duration;
  }
}).observe({ entryTypes: ['gc'] });

const kept: unknown[] = [];
for (let pass = 0; pass < passes; pass++) {
  kept.length = 0;
  gc.n = 0;
  gc.ms = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const page of pages) {
    const decoder = new TextDecoder('utf-8');
    if (whole) {
      const body = JSON.parse(decoder.decode(page)) as { items: KObject[] };
      for (const o of body.items) kept.push(pods.project(o));
      continue;
    }
    const split = new ListSplitter((text) => kept.push(pods.project(JSON.parse(text) as KObject)), undefined, cut);
    for (let at = 0; at < page.length; at += CHUNK) split.push(decoder.decode(page.subarray(at, at + CHUNK), { stream: true }));
    split.end();
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await new Promise((r) => setTimeout(r, 50));
  log(`pass ${pass + 1}: ${kept.length} pods, ${(bytes / 2 ** 20).toFixed(0)} MiB, ${ms.toFixed(0)} ms, CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms; GC ${gc.n}× ${gc.ms.toFixed(0)} ms`);
}
