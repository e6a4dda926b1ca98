// Helpers for test/bench/data.ts (not a test): seeding the simulated cluster, the real kubedeck source
// factory (as src/cli/connection.ts builds it), waiting on a store, timing ViewRows.compute, statistics.
import { setTimeout as sleep } from 'node:timers/promises';
import { NAMESPACES, NODES, PODS } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { objectJson } from '../../src/sim/storage/index.js';
import type { KObject } from '../../src/util/k8s.js';
import { Reflector } from '../../src/kube/reflector.js';
import { tableFormat } from '../../src/kube/table-format.js';
import type { Transport } from '../../src/kube/transport.js';
import type { GenericResourceDef } from '../../src/resources/generic.js';
import type { ResourceDef } from '../../src/resources/types.js';
import type { AppStore, Snapshot } from '../../src/store/app-store.js';
import { expandingSource } from '../../src/store/sources/expanding-source.js';
import type { Source, SourceFactory } from '../../src/store/sources/source.js';
import { ViewRows } from '../../src/store/table/view-rows.js';

export { sleep };
export const NAMESPACES_N = 50;
const NODES_N = 1_000;
const WORDS = [
  'frontend',
  'backend',
  'api',
  'gateway',
  'payments',
  'cart',
  'checkout',
  'search',
  'redis',
  'postgres',
  'kafka',
  'worker',
  'cron',
  'web',
  'auth',
];
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export const now = (): number => performance.now();
const gcNow = (): void => (globalThis as { gc?: () => void }).gc?.();
/** Heap used after two full collections (needs --expose-gc). */
export function heapAfterGc(): number {
  gcNow();
  gcNow();
  return process.memoryUsage().heapUsed;
}
export const hasGc = (): boolean => typeof (globalThis as { gc?: unknown }).gc === 'function';

/** Deterministic pod names like a cluster's: "<app>-<rs hash>-<5 chars>". */
function podName(i: number): string {
  let h = (i * 2654435761) >>> 0;
  let s = '';
  for (let k = 0; k < 10; k++) {
    s += ALPHABET[h % ALPHABET.length];
    h = Math.floor(h / ALPHABET.length) + k * 7919;
  }
  return `${WORDS[i % WORDS.length]}-${s.slice(0, 5)}-${s.slice(5)}${i.toString(36)}`;
}

/** N running pods on 1,000 nodes in 50 namespaces; each pod's JSON serialised once (the sim caches it). */
export function seedPods(sim: SimHandle, n: number): void {
  const s = sim.storage;
  for (let i = 0; i < NAMESPACES_N; i++) s.create(NAMESPACES, { metadata: { name: `ns-${i}` } });
  for (let i = 0; i < NODES_N; i++)
    s.create(NODES, {
      metadata: { name: `node-${i}` },
      spec: {},
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    } as KObject);
  const started = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (let i = 0; i < n; i++) {
    const app = WORDS[i % WORDS.length] ?? 'app';
    const pod = s.create(PODS, {
      metadata: {
        name: podName(i),
        namespace: `ns-${i % NAMESPACES_N}`,
        labels: { app, 'pod-template-hash': '5d78c9869d' },
      },
      spec: {
        nodeName: `node-${i % NODES_N}`,
        containers: [{ name: 'main', image: `registry.example/${app}:1.0` }],
      },
      status: {
        phase: 'Running',
        podIP: `10.244.${(i >> 8) & 255}.${i & 255}`,
        startTime: started,
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          {
            name: 'main',
            ready: true,
            restartCount: 0,
            image: `registry.example/${app}:1.0`,
            state: { running: { startedAt: started } },
          },
        ],
      },
    } as KObject);
    objectJson(pod); // the sim's own per-object cache, so it is not counted as the client's heap
  }
}

/** Writes a new version of one pod (a label change) through the sim's storage; returns its resourceVersion. */
export function touchPod(sim: SimHandle, namespace: string, name: string, gen: number): string {
  const old = sim.storage.get(PODS, namespace, name);
  if (!old) throw new Error(`no pod ${namespace}/${name}`);
  const next = {
    ...old,
    metadata: { ...old.metadata, labels: { ...old.metadata.labels, gen: String(gen) } },
  } as KObject;
  return sim.storage.update(PODS, next).metadata.resourceVersion ?? '';
}

const isGeneric = (r: ResourceDef): r is GenericResourceDef => r.generic === true;

/** The source factory of src/cli/connection.ts `clusterSources` (without its CRD hook); `reflectors` collects what it built. */
export function clusterFactory(transport: Transport, reflectors: Reflector<unknown>[]): SourceFactory {
  return (req) => {
    const r = req.resource;
    const onChange = req.onChange;
    const reflector = new Reflector({
      transport,
      path: {
        group: r.group,
        version: r.version,
        plural: r.watchPlural ?? r.plural,
        ...(req.namespace !== undefined ? { namespace: req.namespace } : {}),
      },
      ...(req.labelSelector ? { labelSelector: req.labelSelector } : {}),
      ...(req.fieldSelector ? { fieldSelector: req.fieldSelector } : {}),
      project: r.project,
      onChange: () => onChange(),
      ...(isGeneric(r) ? { format: tableFormat((defs) => r.setColumns(defs)) } : {}),
    });
    reflectors.push(reflector as Reflector<unknown>);
    const src: Source = reflector;
    return r.expand ? expandingSource(src, r.expand) : src;
  };
}

/** Resolves with the time (performance.now) of the first published snapshot satisfying `cond` (checked at once too). */
export function whenSnapshot(
  store: AppStore,
  cond: (s: Snapshot) => boolean,
  timeoutMs = 120_000,
): Promise<number> {
  if (cond(store.getSnapshot())) return Promise.resolve(now());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('timed out waiting for a snapshot'));
    }, timeoutMs);
    const off = store.subscribe(() => {
      const t = now();
      if (!cond(store.getSnapshot())) return;
      clearTimeout(timer);
      off();
      resolve(t);
    });
  });
}


/** Every ViewRows.compute call's duration (ms) and end time, recorded from outside the class. */
export const computeLog: { end: number; ms: number }[] = [];
const compute = ViewRows.prototype.compute;
ViewRows.prototype.compute = function timed(this: ViewRows, input) {
  const t0 = now();
  const out = compute.call(this, input);
  const t1 = now();
  computeLog.push({ end: t1, ms: t1 - t0 });
  return out;
};
/** Total compute time of the publishes that ended in (from, to]. */
export const computeBetween = (from: number, to: number): number =>
  computeLog.filter((c) => c.end > from && c.end <= to).reduce((a, c) => a + c.ms, 0);

export function stats(xs: number[]): { p50: number; p90: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { p50: at(0.5), p90: at(0.9), max: s[s.length - 1] ?? NaN };
}
