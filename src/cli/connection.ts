// Everything kubedeck holds for one kubeconfig context: the store with its caches, the transport
// (client-node loads lazily, after the first frame), actions and the detail loader. `:ctx` swaps it.
import { AppStore } from '../store/app-store.js';
import type { ViewSpec } from '../store/app-store.js';
import { deferredSources } from '../store/sources/deferred-source.js';
import { expandingSource } from '../store/sources/expanding-source.js';
import { staticSource } from '../store/sources/static-source.js';
import { PortForwards } from '../store/forwards/port-forwards.js';
import type { SourceFactory } from '../store/sources/source.js';
import type { ConnectionInfo } from '../store/connection.js';
import { formatUsage } from '../store/connection.js';
import { ActionService } from '../store/actions/actions.js';
import { contexts } from '../resources/contexts.js';
import type { ContextObject } from '../resources/contexts.js';
import { contextInfo } from '../kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../kube/kubeconfig.js';
import type { Transport } from '../kube/transport.js';
import type { KubeError } from '../kube/errors.js';
import { fetchEventsFor, fetchObject, fetchServerVersion } from '../kube/objects.js';
import type { DetailLoader } from '../ui/hooks/use-detail.js';
import type { LogTarget } from '../store/logs/logs.js';
import type { ResourceDef, SlimBase } from '../resources/types.js';
import type { Pod } from '../util/k8s.js';
import { collectionPath } from '../kube/resource-path.js';
// generic views: every listable kind found by discovery (CRDs included), rows from server-side Tables
import { DiscoveryCache } from '../kube/discovery.js';
import { DiscoveryCatalog, deliverToStore } from '../store/sources/discovery-catalog.js';
import { installKindCatalog } from '../store/commands/command.js';
import type { ResourceDef as Def } from '../resources/types.js';
import type { GenericResourceDef } from '../resources/generic.js';
import type { CrdRec } from '../resources/customresourcedefinitions.js';
import type { Source } from '../store/sources/source.js';

type LogTargetsOf = (resource: ResourceDef, rec: SlimBase) => Promise<LogTarget[]>;

/** Pods of a workload or service at most, for merged logs. */
const MAX_LOG_PODS = 30;
import { version } from './version.js';
import { log } from './log.js';
import { MetricsOverlay, transportMetricsFetch } from '../store/metrics/metrics.js';

export interface Connection {
  info: ConnectionInfo;
  /** Resolves once client-node is loaded and the context's transport is built. */
  transport: Promise<Transport>;
  /** What `l` shows for a row: a pod's containers, a container, a workload's or service's pods. */
  logTargets: LogTargetsOf;
  store: AppStore;
  actions: ActionService;
  loadDetail: DetailLoader;
  /** Loads client-node and connects; reports the server version once known. Call after the first frame. */
  start(onServerVersion: (v: string) => void, onUsage?: (usage: string | undefined) => void): void;
  /** Port-forwards started in this context (`:pf`); they stop when it closes. */
  forwards: PortForwards;
  /** CPU/MEM per pod and node, polled while a pods or nodes view is shown. */
  metrics: MetricsOverlay;
  close(): Promise<void>;
}

export interface ConnectOptions {
  config: LoadedKubeconfig;
  context?: string;
  simulated: boolean;
  readonly: boolean;
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

async function clusterSources(config: LoadedKubeconfig, context: string, readOnly: boolean, learnCrds: (recs: CrdRec[]) => void): Promise<{ factory: SourceFactory; transport: Transport }> {
  const [{ createTransport }, { Reflector }, { tableFormat }] = await Promise.all([import('../kube/transport.js'), import('../kube/reflector.js'), import('../kube/table-format.js')]);
  // Read-only is enforced here, below the UI: the transport refuses every mutating request.
  const transport = await createTransport(config, context, { readOnly });
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
      ...(isGeneric(r) ? { format: tableFormat((defs) => r.setColumns(defs)) } : {}),
    });
    if (isCrds(r)) onChange = watchCrds(reflector, req.onChange, learnCrds);
    return r.expand ? expandingSource(reflector, r.expand) : reflector;
  };
  return { factory, transport };
}

const USAGE_EVERY_MS = 15_000;

/** CPU/MEM for the header every 15 s (as k9s does), while the cluster serves metrics.k8s.io. */
function pollUsage(transport: Promise<Transport>, report: (usage: string | undefined) => void, signal: AbortSignal): void {
  const tick = async (): Promise<void> => {
    if (signal.aborted) return;
    try {
      const { fetchClusterUsage } = await import('../kube/metrics.js');
      const u = await fetchClusterUsage(await transport, signal);
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
  const sources: SourceFactory = (req) =>
    req.resource.plural === 'portforwards' ? forwards.source(req.onChange) : req.resource.local ? staticSource(contextRows()) : cluster(req);
  const store = new AppStore({ sources, initial: opts.initial(ctx) });
  const discovery = new DiscoveryCache(transport);
  const catalog = new DiscoveryCatalog(discovery, deliverToStore(store));
  const uninstallCatalog = installKindCatalog(catalog);
  const loadDetail: DetailLoader = async (resource, rec) => {
    const t = await transport;
    const path = { group: resource.group, version: resource.version, plural: resource.plural, ...(rec.namespace ? { namespace: rec.namespace } : {}) };
    const object = await fetchObject(t, path, rec.name);
    const events = await fetchEventsFor(t, object).catch(() => []);
    return { object, events };
  };
  const logTargets: LogTargetsOf = async (resource, rec) => {
    const ns = rec.namespace ?? '';
    if (resource.plural === 'pods') {
      const names = (rec as SlimBase & { containers?: readonly string[] }).containers ?? [];
      return names.map((container) => ({ namespace: ns, pod: rec.name, container }));
    }
    if (resource.plural === 'containers') return [{ namespace: ns, pod: (rec as SlimBase & { pod: string }).pod, container: rec.name }];
    const d = resource.drill?.(rec);
    if (!d || d.resource !== 'pods') return [];
    const t = await transport;
    const list = await t.request<{ items?: Pod[] }>(
      collectionPath({ group: '', version: 'v1', plural: 'pods', ...(d.namespace ? { namespace: d.namespace } : {}) }),
      { query: { limit: MAX_LOG_PODS, ...(d.labelSelector ? { labelSelector: d.labelSelector } : {}), ...(d.fieldSelector ? { fieldSelector: d.fieldSelector } : {}) } },
    );
    return (list.items ?? []).flatMap((p) =>
      (p.spec?.containers ?? []).map((c) => ({ namespace: p.metadata.namespace ?? ns, pod: p.metadata.name ?? '', container: c.name })),
    );
  };
  let started = false;
  const usagePoll = new AbortController();
  const metrics = new MetricsOverlay({ store, fetch: transportMetricsFetch(transport), log });
  return {
    info,
    transport,
    logTargets,
    store,
    forwards,
    metrics,
    actions: new ActionService(transport, opts.readonly),
    loadDetail,
    start(onServerVersion, onUsage) {
      if (started) return;
      started = true;
      if (onUsage) pollUsage(transport, onUsage, usagePoll.signal);
      const r = clusterSources(opts.config, ctx.context, opts.readonly, (recs) => catalog.learn(recs.map((c) => c.served)));
      resolveReady(r);
      r.then(() => discovery.refresh(), () => undefined);
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
      uninstallCatalog();
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
