// Where event→screen latency goes (not a test): the `large` simulator (sim-child.ts, its own process) churns
// pods at 1,000/s as `npm run bench` does, and a bare watcher in this process (one https watch of all pods,
// no projection, no UI) records when each focus pod's change arrives. Prints write→arrival p50/p99: the
// part of the bench's latency that is the simulator's and the wire's, not kubedeck's. With --kubedeck,
// kubedeck -A runs in tmux at the same time (as in the bench) and the screen is polled like run.ts does,
// so the same run also gives write→screen.
// Run: node --import tsx test/bench/watch-lag.ts [--pods 10000] [--seconds 5] [--kubedeck [--poll-ms N] [--kubedeck-node '--flag …']]
//   [--sim-node '--flag …']: node flags for the simulator; [--trace]: each write's time into the churn, arrival lag and screen lag
//   KUBEDECK_BIN=path/to/bin/kubedeck.js: another build; KUBEDECK_BIN_BEFORE=…: that one too, first, on the
//   same simulator (before/after a change); --rounds 2: both twice, alternating.

import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChurnWrite, FromSim, ToSim } from './bench-ipc.js';
import { shownAt } from './bench-ipc.js';
import { kubedeckBin, rssOf, Term } from './term.js';

const here = new URL('./', import.meta.url).pathname;
const root = new URL('../../', import.meta.url).pathname;
const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const pods = Number(flag('--pods') ?? 10_000);
const seconds = Number(flag('--seconds') ?? 5);
const withKubedeck = argv.includes('--kubedeck');
/** Gap between screen captures: 0 polls back to back (as run.ts did), negative never captures during the churn. */
const pollMs = Number(flag('--poll-ms') ?? 0);
/** Extra node options for kubedeck (e.g. "--max-semi-space-size=64"), space-separated. */
const kdNode = (flag('--kubedeck-node') ?? '').split(' ').filter(Boolean);
/** Extra environment for kubedeck: --kubedeck-env NAME=VALUE. */
const kdEnv = Object.fromEntries(
  argv.flatMap((a, i) => (argv[i - 1] === '--kubedeck-env' ? [a.split('=', 2) as [string, string]] : [])),
);
/** CPU time (user + system, all threads) a process used so far, in ms (USER_HZ 100). */
const cpuMs = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(f[11]) + Number(f[12])) * 10;
};
const epoch = (): number => performance.timeOrigin + performance.now();
const log = (s: string): void => void process.stdout.write(`${s}\n`);

const dir = mkdtempSync(join(tmpdir(), 'kubedeck-lag-'));
const kc = join(dir, 'kubeconfig');
const child = fork(
  join(here, 'sim-child.ts'),
  [String(pods), String(Math.max(2, Math.round(pods / 100))), kc],
  {
    execArgv: ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', ...(flag('--sim-node') ?? '').split(' ').filter(Boolean)],
    cwd: root,
  },
);
const next = <T extends FromSim['type']>(type: T): Promise<Extract<FromSim, { type: T }>> =>
  new Promise((resolve) => {
    const on = (m: FromSim): void => {
      if (m.type !== type) return;
      child.off('message', on);
      resolve(m as Extract<FromSim, { type: T }>);
    };
    child.on('message', on);
  });
const send = (m: ToSim): void => void child.send(m);

await next('running');
await next('settled'); // pods still become Ready after all Running: churn a settled cluster
const cfg = readFileSync(kc, 'utf8');
const server = /server:\s*(\S+)/.exec(cfg)?.[1] ?? '';
const token = /token:\s*(\S+)/.exec(cfg)?.[1] ?? '';
const get = (path: string, onLine: (l: string) => void): Promise<void> =>
  new Promise((resolve, reject) => {
    const req = request(
      new URL(path, server),
      { headers: { authorization: `Bearer ${token}` }, rejectUnauthorized: false },
      (res) => {
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          buf += c;
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            onLine(buf.slice(0, nl));
            buf = buf.slice(nl + 1);
          }
        });
        res.on('end', () => {
          if (buf) onLine(buf);
          resolve();
        });
      },
    );
    req.on('error', reject);
    req.end();
  });

/** One measurement: a fresh watcher (and kubedeck `bin`) during one churn. */
async function measure(bin: string): Promise<void> {
  const term = new Term(200, 50);
  let focus: string[];
  let kdPid = 0;
  if (withKubedeck) {
    kdPid = await term.start([process.execPath, ...kdNode, bin, '--kubeconfig', kc, '-A'], {
      HOME: join(dir, 'home'),
      ...kdEnv,
    });
    const full = new RegExp(`pods\\(all\\)\\[${pods}\\](?!\\+)`);
    for (let s = ''; !full.test(s); s = await term.screen());
    const ROW = /^\s*([a-z0-9-]+)\s+([a-z0-9.-]+)\s+\d+\/\d+\s+\S+\s+(\d+)\b/gm;
    focus = [...(await term.screen()).matchAll(ROW)].map((m) => `${m[1]}/${m[2]}`);
    // as run.ts: a settle gap, so kubedeck's one memory-reducing collection 1.5 s after a big first list
    // (src/cli/release-memory.ts) is not inside the churn
    await new Promise((r) => setTimeout(r, 3000)); // a quiet gap, not synchronisation
  } else {
    let body = '';
    await get('/api/v1/pods?limit=40', (l) => (body += l));
    focus = (JSON.parse(body) as { items: { metadata: { namespace: string; name: string } }[] }).items.map(
      (p) => `${p.metadata.namespace}/${p.metadata.name}`,
    );
  }
  const focusSet = new Set(focus);
  // the watch starts from now: a resourceVersion listed before kubedeck started can fall out of the pods'
  // watch history (1,000 changes) by the time the watch starts. Listed there, at 10k pods the watcher saw
  // no arrival in 2 of 3 runs (presumably an immediate 410 Expired; not confirmed); listed here, all of them
  let listBody = '';
  await get('/api/v1/pods?limit=1', (l) => (listBody += l));
  const listRv = (JSON.parse(listBody) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
  const arrived = new Map<string, number>(); // "key value" → arrival
  const ac = new AbortController();
  const watch = new Promise<void>((resolve) => {
    const req = request(
      new URL(`/api/v1/pods?watch=1&resourceVersion=${listRv}&allowWatchBookmarks=true`, server),
      { headers: { authorization: `Bearer ${token}` }, rejectUnauthorized: false, signal: ac.signal },
      (res) => {
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          const t = epoch();
          buf += c;
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            // cheap: only focus pods are parsed
            const m =
              /"namespace":"([^"]+)".*?"name":"([^"]+)"|"name":"([^"]+)".*?"namespace":"([^"]+)"/.exec(
                line.slice(0, 600),
              );
            const key = m ? (m[1] ? `${m[1]}/${m[2]}` : `${m[4]}/${m[3]}`) : '';
            if (!focusSet.has(key)) continue;
            const ev = JSON.parse(line) as {
              object: { status?: { containerStatuses?: { restartCount: number }[] } };
            };
            const v = ev.object.status?.containerStatuses?.[0]?.restartCount;
            if (v !== undefined && !arrived.has(`${key} ${v}`)) arrived.set(`${key} ${v}`, t);
          }
        });
        res.on('end', resolve);
        res.on('error', () => resolve());
      },
    );
    req.on('error', () => resolve());
    req.end();
  });
  const shown = new Map<string, number>();
  const cpu0 = kdPid ? cpuMs(kdPid) : 0;
  const simCpu0 = cpuMs(child.pid ?? 0);
  const churnT0 = performance.now();
  const churnEpoch = epoch();
  send({ type: 'churn', rate: 1000, focus, focusEvery: 50 });
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    if (withKubedeck && pollMs >= 0) {
      if (pollMs > 0) await new Promise((r) => setTimeout(r, pollMs)); // the polling pace is the variable measured
      const s = await term.screen();
      const t = epoch();
      for (const m of s.matchAll(/^\s*([a-z0-9-]+)\s+([a-z0-9.-]+)\s+\d+\/\d+\s+\S+\s+(\d+)\b/gm)) {
        const k = `${m[1]}/${m[2]} ${m[3]}`;
        if (!shown.has(k)) shown.set(k, t);
      }
    } else await new Promise((r) => setTimeout(r, 50));
  }
  const churned = next('churned');
  send({ type: 'stop-churn' });
  const { writes, total, seconds: s } = await churned;
  const kdCpu = kdPid ? (cpuMs(kdPid) - cpu0) / ((performance.now() - churnT0) / 1000) : NaN;
  const simCpu = (cpuMs(child.pid ?? 0) - simCpu0) / ((performance.now() - churnT0) / 1000);
  await new Promise((r) => setTimeout(r, 1500)); // late arrivals, not synchronisation
  const quant = (xs: number[]): string => {
    xs.sort((a, b) => a - b);
    const q = (p: number): number => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;
    return `p50 ${q(0.5).toFixed(0)} ms, p99 ${q(0.99).toFixed(0)} ms, max ${(xs[xs.length - 1] ?? NaN).toFixed(0)} ms (${xs.length}/${writes.length})`;
  };
  const lag = (w: ChurnWrite, m: Map<string, number>): number => m.get(`${w.key} ${w.value}`) ?? NaN;
  log(`${pods} pods${withKubedeck ? ` (${bin})` : ''}, ${(total / s).toFixed(0)} changes/s, simulator CPU ${simCpu.toFixed(0)} ms per s`);
  log(
    `write→watch arrival: ${quant(writes.map((w) => lag(w, arrived) - w.at).filter((x) => !Number.isNaN(x)))}`,
  );
  const first = (w: ChurnWrite): number => shownAt(shown, w);
  if (argv.includes('--trace')) {
    log(`churn started at epoch ${churnEpoch.toFixed(0)} ms`);
    const f = (x: number): string => x.toFixed(0);
    log(`writes (ms into the churn:arrival lag:screen lag): ${writes.map((w) => `${f(w.at - churnEpoch)}:${f(lag(w, arrived) - w.at)}:${f(first(w) - w.at)}`).join(' ')}`);
  }
  if (withKubedeck) {
    log(`write→screen: ${quant(writes.map((w) => first(w) - w.at).filter((x) => !Number.isNaN(x)))}`);
    log(`kubedeck CPU during the churn: ${kdCpu.toFixed(0)} ms per s`);
    log(`kubedeck RSS after the churn: ${(rssOf(kdPid).rss / 2 ** 20).toFixed(0)} MB`);
    term.kill();
  }
  ac.abort();
  await watch;
}

const bins = [process.env['KUBEDECK_BIN_BEFORE'], process.env['KUBEDECK_BIN'] ?? kubedeckBin].filter(
  (b): b is string => b !== undefined,
);
for (const round of [1, 2].slice(0, Number(flag('--rounds') ?? 1))) {
  for (const bin of bins) {
    if (round > 1) log(`round ${round}`);
    await measure(bin);
    if (!withKubedeck) break;
  }
}

send({ type: 'exit' });
await new Promise((r) => child.once('exit', r));
