// kubedeck's own part of event→screen latency (not a test): N pods of realistic shape (~4 KB of JSON with
// managedFields, conditions, env, probes) served by a bare fake API server in this process, which writes
// watch events at `rate` per second with no simulator behind them, so write→arrival is a socket write away
// and what is measured is kubedeck's arrival→screen (parse, projection, store, render, terminal) plus tmux's
// capture. kubedeck -A runs in tmux and the screen is polled back to back as in watch-lag.ts.
// Run: node --import tsx test/bench/kubedeck-lag.ts [--pods 30000] [--seconds 5] [--rate 1000] [--rounds 2] [--verbose]
//   [--focus-every 50]: every n-th write to a pod on screen (0: none; then only the CPU figure means something)
//   KUBEDECK_BIN=path/to/bin/kubedeck.js: another build; KUBEDECK_BIN_BEFORE=…: that one too, alternating;
//   KUBEDECK_NODE='--cpu-prof …': node flags for kubedeck.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KObject } from '../../src/util/k8s.js';
import { FakeApiServer } from '../kube/fake-apiserver.js';
import { kubedeckBin, rssOf, Term } from './term.js';

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

const dir = mkdtempSync(join(tmpdir(), 'kubedeck-lag-'));
const api = await new FakeApiServer().listen();
api.seed(Array.from({ length: pods }, (_, i) => podObject(i, 0)));
const keyOf = (i: number): string => {
  const m = podObject(i, 0).metadata;
  return `${m.namespace}/${m.name}`;
};
const meanBytes = JSON.stringify(podObject(0, 0)).length;
const kc = join(dir, 'kubeconfig');
writeFileSync(kc, api.kubeconfig(), { mode: 0o600 });
let nextValue = 1000;

async function measure(bin: string): Promise<void> {
  const term = new Term(200, 50);
  const nodeFlags = (process.env['KUBEDECK_NODE'] ?? '').split(' ').filter(Boolean);
  const pid = await term.start([process.execPath, ...nodeFlags, bin, '--kubeconfig', kc, '-A'], { HOME: join(dir, 'home') });
  const full = new RegExp(`pods\\(all\\)\\[${pods}\\](?!\\+)`);
  for (let s = ''; !full.test(s); s = await term.screen());
  const ROW = /^\s*([a-z0-9-]+)\s+([a-z0-9.-]+)\s+\d+\/\d+\s+\S+\s+(\d+)\b/gm;
  const focus = [...(await term.screen()).matchAll(ROW)].map((m) => `${m[1]}/${m[2]}`);
  const index = new Map(Array.from({ length: pods }, (_, i) => [keyOf(i), i] as const).filter(([k]) => focus.includes(k)));
  await new Promise((r) => setTimeout(r, 3000)); // a quiet gap (the memory release after the first list), not synchronisation
  const writes: { key: string; value: number; at: number }[] = [];
  const shown = new Map<string, number>();
  const cpu0 = cpuMs(pid);
  const t0 = performance.now();
  let written = 0;
  let focusNext = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - t0) / 1000) * rate);
    for (; written < due; written++) {
      const isFocus = focusEvery > 0 && written % focusEvery === 0 && focus.length > 0;
      const key = isFocus ? (focus[focusNext++ % focus.length] as string) : undefined;
      const i = key !== undefined ? (index.get(key) ?? 0) : Math.floor(Math.random() * pods);
      const value = nextValue++;
      api.update(podObject(i, value));
      if (key !== undefined) writes.push({ key, value, at: epoch() });
    }
  }, 5);
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const s = await term.screen();
    const t = epoch();
    for (const m of s.matchAll(ROW)) {
      const k = `${m[1]}/${m[2]} ${m[3]}`;
      if (!shown.has(k)) shown.set(k, t);
    }
  }
  clearInterval(timer);
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = (cpuMs(pid) - cpu0) / elapsed;
  // the last writes' screens: a few more captures
  for (const stop = performance.now() + 1000; performance.now() < stop; ) {
    const s = await term.screen();
    const t = epoch();
    for (const m of s.matchAll(ROW)) {
      const k = `${m[1]}/${m[2]} ${m[3]}`;
      if (!shown.has(k)) shown.set(k, t);
    }
  }
  const lags: number[] = [];
  for (const w of writes) {
    let best = NaN;
    for (const [k, t] of shown) {
      const sp = k.lastIndexOf(' ');
      if (k.slice(0, sp) === w.key && Number(k.slice(sp + 1)) >= w.value && !(t >= best)) best = t;
    }
    if (!Number.isNaN(best)) lags.push(best - w.at);
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
await api.close();
