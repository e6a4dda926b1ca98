// The simulated cluster's public entry: a real HTTPS Kubernetes API server in front of an in-memory
// cluster. kubedeck (and kubectl) reach it only over HTTPS with the generated kubeconfig.

import { randomBytes } from 'node:crypto';
import type { WallClock } from '../util/clock.js';
import { systemClock } from '../util/clock.js';
import { createCluster } from './cluster.js';
import { kubeconfigYaml } from './kubeconfig.js';
import { realScheduler } from './scheduler.js';
import type { Scheduler } from './scheduler.js';
import { startApiServer } from './server/server.js';
import type { Storage } from './storage/index.js';
import { FaultInjector } from './faults/injector.js';
import { collectWhenSettled, startingHeap } from './settle-gc.js';
import { NODES } from './resources.js';
import type { FaultPlan } from './faults/spec.js';

export {
  CONFIGMAPS,
  DAEMONSETS,
  DEPLOYMENTS,
  JOBS,
  NAMESPACES,
  NODES,
  PODS,
  REPLICASETS,
  STATEFULSETS,
} from './resources.js';
export type { Gvr } from './storage/index.js';
export { ManualScheduler } from './scheduler.js';

export interface SimOptions {
  /** TCP port (default 0: a free one). */
  port?: number;
  /** Listen address (default 127.0.0.1). */
  address?: string;
  /** Scenario name: "demo" (default) or "empty". */
  scenario?: string;
  /** Seed for the deterministic simulation (default 1). */
  seed?: number;
  /** Clock for timestamps; timers still run on real time unless `scheduler` is given. */
  clock?: WallClock;
  /** Full control of time (tests): overrides `clock`. */
  scheduler?: Scheduler;
  /** Interval of watch BOOKMARK events (default 60 s). */
  bookmarkIntervalMs?: number;
  /** Changes kept per resource for watches from older resourceVersions (default 1000). */
  historyLimit?: number;
  /** Faults to inject from the start (faults/spec.ts; more can be posted to /kubedeck-sim/faults). */
  faults?: FaultPlan;
  /** Size of a sized scenario ("large"): pods and nodes. */
  size?: { pods?: number; nodes?: number };
  /** Events the simulator's components keep at most (default 10,000). */
  maxEvents?: number;
  /**
   * One full GC once a burst of writes is over (settle-gc.ts), so that a settled cluster gives back the
   * heap it grew while starting (default: on, unless `scheduler` is given).
   */
  collectWhenSettled?: boolean;
}

export interface SimHandle {
  /** https://127.0.0.1:<port> */
  url: string;
  /** Bearer token of the sim-admin user. */
  token: string;
  /** Bearer token of the sim-viewer user (read-only). */
  viewerToken: string;
  /** The cluster's storage: create/update/delete/get/list/compact, for tests and tools. */
  storage: Storage;
  /** The fault injector (the same one /kubedeck-sim/faults drives). */
  faults: FaultInjector;
  /** Kubeconfig YAML for kubectl and @kubernetes/client-node. */
  kubeconfig(): string;
  /** Stop controllers, timers, watches and connections. Idempotent. */
  close(): Promise<void>;
}

export async function startSim(opts: SimOptions = {}): Promise<SimHandle> {
  // a real-time start holds its heap's growth (settle-gc.ts); a test's manual clock leaves V8's flags alone
  if (opts.scheduler === undefined) startingHeap();
  const scheduler = opts.scheduler ?? realScheduler(opts.clock ?? systemClock);
  const cluster = createCluster({
    scheduler,
    ...(opts.scenario !== undefined ? { scenario: opts.scenario } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.historyLimit !== undefined ? { historyLimit: opts.historyLimit } : {}),
    ...(opts.size !== undefined ? { size: opts.size } : {}),
    ...(opts.maxEvents !== undefined ? { maxEvents: opts.maxEvents } : {}),
  });
  const faults = new FaultInjector(
    {
      storage: cluster.storage,
      scheduler,
      killNode: (n) => cluster.killNode(n),
      restoreNode: (n) => cluster.restoreNode(n),
      pauseControllers: () => cluster.pauseControllers(),
      resumeControllers: () => cluster.resumeControllers(),
    },
    opts.seed ?? 1,
  );
  const token = randomBytes(24).toString('base64url');
  const viewerToken = randomBytes(24).toString('base64url');
  let server;
  try {
    server = await startApiServer({
      storage: cluster.storage,
      scheduler,
      token,
      viewerToken,
      address: opts.address ?? '127.0.0.1',
      port: opts.port ?? 0,
      ...(opts.bookmarkIntervalMs !== undefined ? { bookmarkIntervalMs: opts.bookmarkIntervalMs } : {}),
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      faults,
    });
  } catch (e) {
    faults.stop();
    cluster.stop();
    scheduler.dispose();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE')
      throw new Error(`port ${opts.port ?? 0} on ${opts.address ?? '127.0.0.1'} is already in use`, {
        cause: e,
      });
    if (err.code === 'EADDRNOTAVAIL')
      throw new Error(`cannot listen on ${opts.address ?? ''}: address not available`, { cause: e });
    throw e;
  }
  const url = server.url;
  if (opts.faults) {
    // a node named by a fault must exist (nodes are fixed by the scenario); immediate actions must work
    const unknownNode = opts.faults.actions
      .map((a) => a.action)
      .find(
        (a) =>
          (a.kind === 'kill-node' || a.kind === 'restore-node') &&
          !cluster.storage.get(NODES, undefined, a.node),
      );
    const failed = unknownNode
      ? `node "${'node' in unknownNode ? unknownNode.node : ''}" not found`
      : faults.apply(opts.faults).find((r) => !r.ok)?.message;
    if (failed) {
      faults.stop();
      cluster.stop();
      scheduler.dispose();
      await server.close();
      throw new Error(`faults: ${failed}`);
    }
  }
  const stopSettle =
    (opts.collectWhenSettled ?? opts.scheduler === undefined) ? collectWhenSettled(cluster.storage) : undefined;
  let closing: Promise<void> | undefined;
  return {
    url,
    token,
    viewerToken,
    storage: cluster.storage,
    faults,
    kubeconfig: () => kubeconfigYaml({ url, token, viewerToken }),
    close: () =>
      (closing ??= (async () => {
        stopSettle?.();
        faults.stop();
        cluster.stop();
        scheduler.dispose();
        await server.close();
      })()),
  };
}
