// Everything kubedeck holds for one kubeconfig context: the store with its caches, the transport
// (client-node loads lazily, after the first frame), actions and the detail loader. `:ctx` swaps it.
import { AppStore } from '../store/app-store.js';
import type { ViewSpec } from '../store/app-store.js';
import { deferredSources } from '../store/sources/deferred-source.js';
import { expandingSource } from '../store/sources/expanding-source.js';
import { staticSource } from '../store/sources/static-source.js';
import { CredentialWait, credentialAwareSource } from '../store/sources/credential-wait.js';
import { PortForwards } from '../store/forwards/port-forwards.js';
import type { SourceFactory } from '../store/sources/source.js';
import type { ConnectionInfo } from '../store/connection.js';
import { formatUsage } from '../store/connection.js';
import { ActionService } from '../store/actions/actions.js';
import { EditService } from '../store/actions/edit.js';
import { LogService } from '../store/logs/service.js';
import { ShellService } from '../store/shell/shell.js';
import { HelmService } from '../store/helm/service.js';
import type { Services } from '../store/services.js';
import type { DetailLoader } from '../store/actions/detail.js';
import { contexts } from '../resources/contexts.js';
import { portForwards } from '../resources/portforwards.js';
import type { ContextObject } from '../resources/contexts.js';
import { contextInfo } from '../kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../kube/kubeconfig.js';
import type { Transport } from '../kube/transport.js';
import type { AllocatableCache } from '../kube/metrics.js';
import type { KubeError } from '../kube/errors.js';
import { fetchEventsFor, fetchObject, fetchServerVersion } from '../kube/objects.js';
// generic views: every listable kind found by discovery (CRDs included), rows from server-side Tables
import { DiscoveryCache } from '../kube/discovery.js';
import { DiscoveryCatalog, deliverToStore } from '../store/sources/discovery-catalog.js';
import { CommandLine } from '../store/commands/command.js';
import type { ResourceDef as Def } from '../resources/types.js';
import type { GenericResourceDef } from '../resources/generic.js';
import type { CrdRec } from '../resources/customresourcedefinitions.js';
import type { Source } from '../store/sources/source.js';

import { version } from './version.js';
import { addLogSecrets, log } from './log.js';
import { kubeconfigSecrets } from '../kube/client-config.js';
import { MetricsOverlay, transportMetricsFetch } from '../store/metrics/metrics.js';
import { holdMemorySaver } from './memory-saver.js';
import { releaseMemorySoon, tuneHeapForBigCache } from './release-memory.js';

export interface Connection {
  info: ConnectionInfo;
  /** Resolves once client-node is loaded and the context's transport is built. */
  transport: Promise<Transport>;
  store: AppStore;
  /** What the UI may ask of this context: actions, logs, shell, port-forward, detail, the `:` prompt. */
  services: Services;
  /** Loads client-node and connects; reports the server version once known. Call after the first frame. */
  start(onServerVersion: (v: string) => void, onUsage?: (usage: string | undefined) => void): void;
  close(): Promise<void>;
}

export interface ConnectOptions {
  config: LoadedKubeconfig;
  context?: string;
  simulated: boolean;
  readonly: boolean;
  /** Reads the kubeconfig again (from its files); the transport does on a 401 (a rotated token). */
  reloadConfig?: () => LoadedKubeconfig | undefined;
  /** Logs kept in memory per logs view (config `logBufferMB`). */
  logBufferBytes?: number;
  /** Bound on a logs view's spill files (config `logSpillMB`). */
  logSpillBytes?: number;
  /** The first view; its namespace is kept as given (undefined = all). */
  initial: (ctx: { namespace: string; namespaceExplicit: boolean }) => ViewSpec;
}

const isGeneric = (r: Def): r is GenericResourceDef => r.generic === true;
const isCrds = (r: Def): boolean => r.plural === 'customresourcedefinitions' && r.group === 'apiextensions.k8s.io';
/** CRDs the `:crd` view sees are handed to `learn` (the catalog), so Enter on a brand-new CRD works. */
function watchCrds(src: Source, onChange: () => void, learn: (recs: CrdRec[]) => void): () => void {
  let seen = -1;
  return () => {
    if (src.version !== seen) {
      seen = src.version;
      learn([...src.items()].filter((r): r is CrdRec => 'served' in r && (r as CrdRec).established));
    }
    onChange();
  };
}

async function clusterSources(config: LoadedKubeconfig, context: string, readOnly: boolean, learnCrds: (recs: CrdRec[]) => void, reloadConfig?: () => LoadedKubeconfig | undefined): Promise<{ factory: SourceFactory; transport: Transport }> {
  const [{ createTransport }, { Reflector }, { tableFormat }] = await Promise.all([import('../kube/transport.js'), import('../kube/reflector.js'), import('../kube/table-format.js')]);
  // Read-only is enforced here, below the UI: the transport refuses every mutating request.
  const wait = new CredentialWait();
  const transport = await createTransport(config, context, {
    readOnly,
    onCredential: (c) => addLogSecrets([c]),
    onCredentialWait: (p) => wait.set(p),
    ...(reloadConfig ? { reloadConfig } : {}),
  });
  const factory: SourceFactory = (req) => {
    const r = req.resource;
    let onChange = req.onChange;
    const reflector: Source = new Reflector({
      transport,
      path: { group: r.group, version: r.version, plural: r.watchPlural ?? r.plural, ...(req.namespace !== undefined ? { namespace: req.namespace } : {}) },
      ...(req.labelSelector ? { labelSelector: req.labelSelector } : {}),
      ...(req.fieldSelector ? { fieldSelector: req.fieldSelector } : {}),
      project: r.project,
      onChange: () => onChange(),
      onError: (e, attempt) => log(`watch ${r.plural}${req.namespace ? ` -n ${req.namespace}` : ''}: ${e.message}${attempt > 1 ? ` (attempt ${attempt})` : ''}`),
      ...(isGeneric(r) ? { format: tableFormat((defs) => r.setColumns(defs)) } : {}),
    });
    if (isCrds(r)) onChange = watchCrds(reflector, req.onChange, learnCrds);
    const shown = credentialAwareSource(reflector, wait, () => req.onChange());
    return r.expand ? expandingSource(shown, r.expand) : shown;
  };
  return { factory, transport };
}

const USAGE_EVERY_MS = 15_000;
/** The first list is followed by a memory-reducing collection, this long after it is in. */
const RELEASE_AFTER_MS = 1500;
const mb = (n: number): string => `${(n / 1048576).toFixed(0)} MB`;

/** CPU/MEM for the header every 15 s (as k9s does), while the cluster serves metrics.k8s.io. */
function pollUsage(transport: Promise<Transport>, report: (usage: string | undefined) => void, signal: AbortSignal): void {
  let allocatable: AllocatableCache | undefined;
  const tick = async (): Promise<void> => {
    if (signal.aborted) return;
    try {
      const { AllocatableCache, fetchClusterUsage } = await import('../kube/metrics.js');
      allocatable ??= new AllocatableCache();
      const u = await fetchClusterUsage(await transport, signal, allocatable);
      if (signal.aborted) return;
      report(u && formatUsage(u));
      if (!u) return; // no metrics API: stop asking
    } catch (e) {
      log(`metrics: ${e instanceof Error ? e.message : String(e)}`);
    }
    setTimeout(() => void tick(), USAGE_EVERY_MS).unref();
  };
  void tick();
}

export function openConnection(opts: ConnectOptions): Connection | KubeError {
  const ctx = contextInfo(opts.config, opts.context);
  if (ctx instanceof Error) return ctx;
  addLogSecrets(kubeconfigSecrets(opts.config));
  const info: ConnectionInfo = {
    context: ctx.context,
    server: ctx.server,
    user: ctx.user || '<anonymous>',
    simulated: opts.simulated,
    readonly: opts.readonly,
    version,
  };
  let resolveReady!: (r: Promise<{ factory: SourceFactory; transport: Transport }>) => void;
  const ready = new Promise<{ factory: SourceFactory; transport: Transport }>((r) => (resolveReady = r));
  ready.catch(() => undefined);
  const transport = ready.then((r) => r.transport);
  transport.catch(() => undefined);
  const cluster = deferredSources(ready.then((r) => r.factory));
  // kubeconfig contexts are listed from the kubeconfig itself
  const contextRows = () =>
    opts.config.contexts.map((c) =>
      contexts.project({
        metadata: { name: c.name },
        spec: { cluster: c.cluster, user: c.user, ...(c.namespace ? { namespace: c.namespace } : {}), current: c.name === ctx.context },
      } as ContextObject),
    );
  const forwards = new PortForwards(transport);
  const helm = new HelmService(transport);
  const sources: SourceFactory = (req) =>
    helm.source(cluster, req) ??
    (req.resource === portForwards ? forwards.source(req.onChange) : req.resource.local ? staticSource(contextRows()) : cluster(req));
  // the store resolves drill-downs to discovered kinds through this context's catalog (made just after it)
  const kinds: { commands?: CommandLine } = {};
  const store = new AppStore({ sources, initial: opts.initial(ctx), resolveKind: (name) => kinds.commands?.resolveDiscovered(name) });
  const discovery = new DiscoveryCache(transport);
  const catalog = new DiscoveryCatalog(discovery, deliverToStore(store));
  const commands = new CommandLine(catalog);
  kinds.commands = commands;
  const loadDetail: DetailLoader = async (resource, rec) => {
    const t = await transport;
    const path = { group: resource.group, version: resource.version, plural: resource.plural, ...(rec.namespace ? { namespace: rec.namespace } : {}) };
    const object = await fetchObject(t, path, rec.name);
    const events = await fetchEventsFor(t, object).catch(() => []);
    return { object, events };
  };
  let started = false;
  const usagePoll = new AbortController();
  const metrics = new MetricsOverlay({ store, fetch: transportMetricsFetch(transport), log, after: store.listed });
  store.setUsage(metrics);
  const actions = new ActionService(transport, opts.readonly);
  const services: Services = {
    actions,
    detail: loadDetail,
    edit: new EditService(actions, loadDetail),
    logs: new LogService(transport, opts.logBufferBytes, opts.logSpillBytes, holdMemorySaver),
    shell: new ShellService(transport),
    forwards,
    commands,
    metrics,
    helm,
  };
  return {
    info,
    transport,
    store,
    services,
    start(onServerVersion, onUsage) {
      if (started) return;
      started = true;
      // the first view's list goes first: the usage poll and discovery would compete with it on the server
      if (onUsage) void store.listed.then(() => pollUsage(transport, onUsage, usagePoll.signal));
      const r = clusterSources(opts.config, ctx.context, opts.readonly, (recs) => catalog.learn(recs.map((c) => c.served)), opts.reloadConfig);
      resolveReady(r);
      r.then(() => store.listed.then(() => discovery.refresh()), () => undefined);
      // start-up (compiling, the first frame, the transport) and a big first list leave V8's heap grown by
      // their garbage and its compiled start-up code: given back once, when the first list is in
      // (an empty view: 92 → 83 MB of RSS; 10k pods: see release-memory.ts)
      void store.listed.then(() => {
        const rows = store.getSnapshot().total;
        releaseMemorySoon(RELEASE_AFTER_MS, (b, a) => log(`memory: first list of ${rows} rows in; rss ${mb(b)} → ${mb(a)}`));
        if (tuneHeapForBigCache(rows)) log('memory: a big cache: young generation up to 4 MB semi-spaces, old generation grows by 50%');
      });
      r.then(
        (c) =>
          fetchServerVersion(c.transport).then(
            (v) => v && onServerVersion(v),
            (e: unknown) => log(`server version: ${e instanceof Error ? e.message : String(e)}`),
          ),
        (e: unknown) => log(`transport: ${e instanceof Error ? e.message : String(e)}`),
      );
    },
    async close() {
      catalog.close();
      discovery.close();
      forwards.stopAll();
      usagePoll.abort();
      metrics.stop();
      store.dispose();
      if (started) await transport.then((t) => t.close()).catch(() => undefined);
    },
  };
}
