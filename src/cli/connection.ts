// Everything kubedeck holds for one kubeconfig context: the store with its caches, the transport
// (client-node loads lazily, after the first frame), actions and the detail loader. `:ctx` swaps it.
import { AppStore } from '../store/app-store.js';
import type { ViewSpec } from '../store/app-store.js';
import { deferredSources } from '../store/deferred-source.js';
import { expandingSource } from '../store/expanding-source.js';
import { staticSource } from '../store/static-source.js';
import type { SourceFactory } from '../store/source.js';
import type { ConnectionInfo } from '../store/connection.js';
import { ActionService } from '../store/actions.js';
import { contexts } from '../resources/contexts.js';
import type { ContextObject } from '../resources/contexts.js';
import { contextInfo } from '../kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../kube/kubeconfig.js';
import type { Transport } from '../kube/transport.js';
import type { KubeError } from '../kube/errors.js';
import { fetchEventsFor, fetchObject, fetchServerVersion } from '../kube/objects.js';
import type { DetailLoader } from '../ui/hooks/use-detail.js';
import { version } from './version.js';
import { log } from './log.js';

export interface Connection {
  info: ConnectionInfo;
  store: AppStore;
  actions: ActionService;
  loadDetail: DetailLoader;
  /** Loads client-node and connects; reports the server version once known. Call after the first frame. */
  start(onServerVersion: (v: string) => void): void;
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

async function clusterSources(config: LoadedKubeconfig, context: string, readOnly: boolean): Promise<{ factory: SourceFactory; transport: Transport }> {
  const [{ createTransport }, { Reflector }] = await Promise.all([import('../kube/transport.js'), import('../kube/reflector.js')]);
  // Read-only is enforced here, below the UI: the transport refuses every mutating request.
  const transport = await createTransport(config, context, { readOnly });
  const factory: SourceFactory = (req) => {
    const r = req.resource;
    const reflector = new Reflector({
      transport,
      path: { group: r.group, version: r.version, plural: r.watchPlural ?? r.plural, ...(req.namespace !== undefined ? { namespace: req.namespace } : {}) },
      ...(req.labelSelector ? { labelSelector: req.labelSelector } : {}),
      ...(req.fieldSelector ? { fieldSelector: req.fieldSelector } : {}),
      project: r.project,
      onChange: req.onChange,
    });
    return r.expand ? expandingSource(reflector, r.expand) : reflector;
  };
  return { factory, transport };
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
  const sources: SourceFactory = (req) => (req.resource.local ? staticSource(contextRows()) : cluster(req));
  const store = new AppStore({ sources, initial: opts.initial(ctx) });
  const loadDetail: DetailLoader = async (resource, rec) => {
    const t = await transport;
    const path = { group: resource.group, version: resource.version, plural: resource.plural, ...(rec.namespace ? { namespace: rec.namespace } : {}) };
    const object = await fetchObject(t, path, rec.name);
    const events = await fetchEventsFor(t, object).catch(() => []);
    return { object, events };
  };
  let started = false;
  return {
    info,
    store,
    actions: new ActionService(transport, opts.readonly),
    loadDetail,
    start(onServerVersion) {
      if (started) return;
      started = true;
      const r = clusterSources(opts.config, ctx.context, opts.readonly);
      resolveReady(r);
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
      store.dispose();
      if (started) await transport.then((t) => t.close()).catch(() => undefined);
    },
  };
}
