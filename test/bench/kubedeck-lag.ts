// kubedeck's own part of event→screen latency (not a test): N pods of realistic shape (~4 KB of JSON with
// managedFields, conditions, env, probes) served by a bare fake API server in this process, which writes
// watch events at `rate` per second with no simulator behind them, so write→arrival is a socket write away
// and what is measured is kubedeck's arrival→screen (parse, projection, store, render, terminal) plus tmux's
// capture. kubedeck -A runs in tmux and the screen is polled back to back as in watch-lag.ts. The server
// and its writer run in a worker thread with a heap of their own: with 100k pods there (~1 GB of objects)
// this process stalled in its own collections for 50-230 ms every second or two, and a stall of the thread
// that reads the screen counts as kubedeck's lag.
// Run: node --import tsx test/bench/kubedeck-lag.ts [--pods 30000] [--seconds 5] [--rate 1000] [--rounds 2] [--verbose]
//   [--focus-every 50]: every n-th write to a pod on screen (0: none; then only the CPU figure means something)
//   KUBEDECK_BIN=path/to/bin/kubedeck.js: another build; KUBEDECK_BIN_BEFORE=…: that one too, alternating;
//   KUBEDECK_NODE='--cpu-prof …': node flags for kubedeck.
//   [--trace]: each write's time into the churn and its lag, and when the writer's and the screen reader's
//   event loops were late by over 50 ms (a stall of the reader counts as lag)

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KObject } from '../../src/util/k8s.js';
import { FakeApiServer } from '../kube/fake-apiserver.js';
import { kubedeckBin, rssOf, Term } from './term.js';
import { shownAt } from './bench-ipc.js';

const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const pods = Number(flag('--pods') ?? 30_000);
const seconds = Number(flag('--seconds') ?? 5);
const rate = Number(flag('--rate') ?? 1000);
const rounds = Number(flag('--rounds') ?? 1);
/** Every n-th write goes to a pod on screen (0: none, for kubedeck's CPU under churn off screen only). */
const focusEvery = Number(flag('--focus-every') ?? 50);
const log = (s: string): void => void process.stdout.write(`${s}\n`);
const epoch = (): number => performance.timeOrigin + performance.now();
const cpuMs = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(f[11]) + Number(f[12])) * 10;
};

const ts = '2026-12-01T10:00:00Z';
const field = (i: number): Record<string, unknown> => ({ [`f:env-${i}`]: { '.': {}, 'f:name': {}, 'f:value': {} } });
function podObject(i: number, restarts: number): KObject {
  const ns = `ns-${i % 40}`;
  const app = `app-${i % 500}`;
  const name = `${app}-7d9f8b6c5d-${i.toString(36).padStart(5, '0')}`;
  const env = Array.from({ length: 12 }, (_, k) => ({ name: `ENV_${k}`, value: `value-${k}-${app}` }));
  return {
    metadata: {
      name,
      namespace: ns,
      uid: `uid-${i}`,
      creationTimestamp: ts,
      labels: { app, 'pod-template-hash': '7d9f8b6c5d', tier: 'web' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-7d9f8b6c5d`, uid: `rs-${i % 500}`, controller: true }],
      managedFields: [
        { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'v1', time: ts, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:containers': Object.assign({}, ...Array.from({ length: 12 }, (_, k) => field(k))) } } },
        { manager: 'kubelet', operation: 'Update', apiVersion: 'v1', time: ts, fieldsType: 'FieldsV1', subresource: 'status', fieldsV1: { 'f:status': { 'f:conditions': {}, 'f:containerStatuses': {}, 'f:podIP': {}, 'f:phase': {} } } },
      ],
    },
    spec: {
      nodeName: `node-${i % 300}`,
      containers: [
        {
          name: 'main',
          image: `registry.example.com/${app}:1.2.3`,
          env,
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          volumeMounts: [{ name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }],
          livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
          readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 },
        },
      ],
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      volumes: [{ name: 'kube-api-access', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }] } }],
    },
    status: {
      phase: 'Running',
      podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      startTime: ts,
      conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastTransitionTime: ts })),
      containerStatuses: [{ name: 'main', ready: true, started: true, restartCount: restarts, image: `registry.example.com/${app}:1.2.3`, imageID: `sha256:${'ab'.repeat(32)}`, containerID: `containerd://${'cd'.repeat(32)}`, state: { running: { startedAt: ts } } }],
    },
  } as unknown as KObject;
}

interface Write {
  key: string;
  value: number;
  at: number;
}
interface Stall {
  at: number;
  ms: number;
}
type ToServer = { type: 'churn'; focus: string[] } | { type: 'stop' };
type FromServer =
  | { type: 'ready'; kubeconfig: string; meanBytes: number }
  | { type: 'stopped'; writes: Write[]; written: number; stalls: Stall[] };

/** Times a 5 ms timer came over 50 ms late (ms since `t0`); `stop` ends the watch and returns them. */
function watchdog(t0: number): { stop: () => Stall[] } {
  const stalls: Stall[] = [];
  let tick = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - tick > 55) stalls.push({ at: tick - t0, ms: now - tick - 5 });
    tick = now;
  }, 5);
  return {
    stop: () => {
      clearInterval(timer);
      return stalls;
    },
  };
}

/** The worker: the fake API server with `pods` pods, writing `rate` changes per second while asked to. */
async function serve(port: MessagePort): Promise<void> {
  const api = await new FakeApiServer().listen();
  const seeded = Array.from({ length: pods }, (_, i) => podObject(i, 0));
  api.seed(seeded);
  const indexOf = new Map<string, number>(seeded.map((o, i) => [`${o.metadata.namespace}/${o.metadata.name}`, i]));
  seeded.length = 0;
  let nextValue = 1000;
  let stop: (() => void) | undefined;
  port.on('message', (m: ToServer) => {
    if (m.type === 'stop') return void stop?.();
    const focus = m.focus;
    const writes: Write[] = [];
    const t0 = performance.now();
    const late = watchdog(t0);
    let written = 0;
    let focusNext = 0;
    const timer = setInterval(() => {
      const due = Math.floor(((performance.now() - t0) / 1000) * rate);
      for (; written < due; written++) {
        const isFocus = focusEvery > 0 && written % focusEvery === 0 && focus.length > 0;
        const key = isFocus ? (focus[focusNext++ % focus.length] as string) : undefined;
        const i = key !== undefined ? (indexOf.get(key) ?? 0) : Math.floor(Math.random() * pods);
        const value = nextValue++;
        api.update(podObject(i, value));
        if (key !== undefined) writes.push({ key, value, at: epoch() });
      }
    }, 5);
    stop = () => {
      clearInterval(timer);
      stop = undefined;
      port.postMessage({ type: 'stopped', writes, written, stalls: late.stop() } satisfies FromServer);
    };
  });
  port.postMessage({ type: 'ready', kubeconfig: api.kubeconfig(), meanBytes: JSON.stringify(podObject(0, 0)).length } satisfies FromServer);
}

const ROW = /^\s*([a-z0-9-]+)\s+([a-z0-9.-]+)\s+\d+\/\d+\s+\S+\s+(\d+)\b/gm;
const fmtStalls = (xs: Stall[]): string => xs.map((x) => `${x.at.toFixed(0)}:${x.ms.toFixed(0)}`).join(' ') || 'none';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-lag-'));
  const server = new Worker(new URL(import.meta.url), { argv });
  const inbox: FromServer[] = [];
  let arrived: (() => void) | undefined;
  server.on('message', (m: FromServer) => {
    inbox.push(m);
    arrived?.();
  });
  server.on('error', (e) => {
    log(`the server thread failed: ${String(e)}`);
    process.exit(1);
  });
  const next = async <T extends FromServer['type']>(type: T): Promise<Extract<FromServer, { type: T }>> => {
    for (;;) {
      const i = inbox.findIndex((m) => m.type === type);
      if (i >= 0) return inbox.splice(i, 1)[0] as Extract<FromServer, { type: T }>;
      await new Promise<void>((r) => (arrived = r));
    }
  };
  const { kubeconfig, meanBytes } = await next('ready');
  const kc = join(dir, 'kubeconfig');
  writeFileSync(kc, kubeconfig, { mode: 0o600 });

  async function measure(bin: string): Promise<void> {
    const term = new Term(200, 50);
    const nodeFlags = (process.env['KUBEDECK_NODE'] ?? '').split(' ').filter(Boolean);
    const pid = await term.start([process.execPath, ...nodeFlags, bin, '--kubeconfig', kc, '-A'], { HOME: join(dir, 'home') });
    const started = performance.now();
    const full = new RegExp(`pods\\(all\\)\\[${pods}\\](?!\\+)`);
    for (let s = ''; !full.test(s); s = await term.screen());
    log(`full list on screen after ${(performance.now() - started).toFixed(0)} ms, kubedeck CPU ${cpuMs(pid).toFixed(0)} ms`);
    const focus = [...(await term.screen()).matchAll(ROW)].map((m) => `${m[1]}/${m[2]}`);
    await new Promise((r) => setTimeout(r, 3000)); // a quiet gap (the memory release after the first list), not synchronisation
    const shown = new Map<string, number>();
    const cpu0 = cpuMs(pid);
    const t0 = performance.now();
    const t0Epoch = epoch();
    server.postMessage({ type: 'churn', focus } satisfies ToServer);
    const late = watchdog(t0);
    const read = async (): Promise<void> => {
      const s = await term.screen();
      const t = epoch();
      for (const m of s.matchAll(ROW)) {
        const k = `${m[1]}/${m[2]} ${m[3]}`;
        if (!shown.has(k)) shown.set(k, t);
      }
    };
    for (const end = performance.now() + seconds * 1000; performance.now() < end; ) await read();
    const readerStalls = late.stop();
    const stopped = next('stopped');
    server.postMessage({ type: 'stop' } satisfies ToServer);
    const { writes, written, stalls } = await stopped;
    const elapsed = (performance.now() - t0) / 1000;
    const cpu = (cpuMs(pid) - cpu0) / elapsed;
    // the last writes' screens: a few more captures
    for (const stop = performance.now() + 1000; performance.now() < stop; ) await read();
    const lags: number[] = [];
    const trace: string[] = [];
    for (const w of writes) {
      const best = shownAt(shown, w);
      if (!Number.isNaN(best)) lags.push(best - w.at);
      trace.push(`${(w.at - t0Epoch).toFixed(0)}:${(best - w.at).toFixed(0)}`);
    }
    if (argv.includes('--trace')) {
      log(`churn started at epoch ${t0Epoch.toFixed(0)} ms`);
      log(`writes (ms into the churn:lag): ${trace.join(' ')}`);
      log(`the writer's stalls (ms into the churn:ms): ${fmtStalls(stalls)}`);
      log(`the screen reader's stalls (ms into the churn:ms): ${fmtStalls(readerStalls)}`);
    }
    lags.sort((a, b) => a - b);
    if (argv.includes('--verbose')) log(`lags: ${lags.map((x) => x.toFixed(0)).join(' ')}`);
    const q = (p: number): string => (lags[Math.min(lags.length - 1, Math.floor(p * lags.length))] ?? NaN).toFixed(0);
    log(`${pods} pods (${bin}), ${(written / elapsed).toFixed(0)} changes/s, ~${(meanBytes / 1024).toFixed(1)} KB per pod`);
    log(`write→screen: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms (${lags.length}/${writes.length})`);
    log(`kubedeck CPU during the churn: ${cpu.toFixed(0)} ms per s, RSS after: ${(rssOf(pid).rss / 2 ** 20).toFixed(0)} MB`);
    term.kill();
  }

  const bins = [process.env['KUBEDECK_BIN_BEFORE'], process.env['KUBEDECK_BIN'] ?? kubedeckBin].filter((b): b is string => b !== undefined);
  for (let round = 1; round <= rounds; round++) {
    for (const bin of bins) {
      if (round > 1) log(`round ${round}`);
      await measure(bin);
    }
  }
  await server.terminate();
}

if (isMainThread) await main();
else if (parentPort) await serve(parentPort);
