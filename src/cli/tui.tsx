import { render } from 'ink';
import type { TuiArgs } from './args.js';
import { App } from '../ui/App.js';
import { pickTheme } from '../ui/theme/theme.js';
import { AppStore } from '../store/app-store.js';
import type { ViewSpec } from '../store/app-store.js';
import { parseCommand } from '../store/command.js';
import { deferredSources } from '../store/deferred-source.js';
import { expandingSource } from '../store/expanding-source.js';
import type { SourceFactory } from '../store/source.js';
import type { ConnectionInfo } from '../store/connection.js';
import { Command, createKeymap } from '../keys/commands.js';
import type { Bindings } from '../keys/commands.js';
import { isValidKeySpec } from '../keys/key-event.js';
import { loadConfig } from '../config/load.js';
import { loadTheme } from '../config/theme.js';
import { userThemeDir } from '../config/paths.js';
import { resolveResource } from '../resources/registry.js';
import { loadKubeconfig, parseKubeconfig, contextInfo } from '../kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../kube/kubeconfig.js';
import type { Transport } from '../kube/transport.js';
import { fetchEventsFor, fetchObject, fetchServerVersion } from '../kube/objects.js';
import type { DetailLoader } from '../ui/hooks/use-detail.js';
import { ActionService } from '../store/actions.js';
import { startEmbeddedSim } from './embedded-sim.js';
import type { EmbeddedSim } from './embedded-sim.js';
import { version } from './version.js';
import { log } from './log.js';

type Fail = { fail: string; code: number };

interface Target {
  config: LoadedKubeconfig;
  context?: string;
  embedded?: EmbeddedSim;
}

async function resolveTarget(args: TuiArgs, early?: Promise<EmbeddedSim>): Promise<Target | Fail> {
  if (!args.sim) {
    const load = loadKubeconfig(args.kubeconfig ? { explicitPath: args.kubeconfig } : {});
    if (load.kind === 'broken') return { fail: load.error.message, code: 1 };
    if (load.kind === 'loaded') return { config: load.config, ...(args.context ? { context: args.context } : {}) };
    if (args.context) return { fail: `no kubeconfig found (looked in ${load.searched.join(', ')}); cannot use --context ${args.context}`, code: 1 };
    log(`no kubeconfig (looked in ${load.searched.join(', ')}); starting the embedded simulated cluster`);
  }
  const embedded = await (early ?? startEmbeddedSim());
  const load = parseKubeconfig(embedded.kubeconfig, '<embedded simulated cluster>');
  if (load.kind !== 'loaded') {
    await embedded.close();
    return { fail: 'the embedded simulated cluster produced an unusable kubeconfig', code: 1 };
  }
  return { config: load.config, embedded };
}

/** client-node is imported here, lazily, after the first frame is on screen. */
async function reflectorFactory(
  config: LoadedKubeconfig,
  context: string,
  readOnly: boolean,
): Promise<{ factory: SourceFactory; transport: Transport; close: () => Promise<void> }> {
  const [{ createTransport }, { Reflector }] = await Promise.all([import('../kube/transport.js'), import('../kube/reflector.js')]);
  // Read-only is enforced here, below the UI: the transport refuses every mutating request.
  const transport = await createTransport(config, context, { readOnly });
  const factory: SourceFactory = (req) => {
    const r = req.resource;
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
      onChange: req.onChange,
    });
    return r.expand ? expandingSource(reflector, r.expand) : reflector;
  };
  return { factory, transport, close: () => transport.close() };
}

export async function runTui(args: TuiArgs, early?: Promise<EmbeddedSim>): Promise<number> {
  const closeEarly = () => early?.then((e) => e.close()).catch(() => undefined);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(
      'kubedeck: needs an interactive terminal (stdin and stdout must be a TTY); to run only the simulated cluster use `kubedeck sim`\n',
    );
    return 1;
  }
  let first: ViewSpec['resource'] | undefined = resolveResource('pods');
  let firstNs: string | undefined;
  if (args.command) {
    const cmd = parseCommand(args.command);
    if (cmd.type !== 'view') {
      process.stderr.write(`kubedeck: --command ${JSON.stringify(args.command)}: ${cmd.type === 'error' ? cmd.message : 'not a view'}\n`);
      await closeEarly();
      return 2;
    }
    first = cmd.resource;
    firstNs = cmd.namespace;
  }
  if (!first) throw new Error('pods are not registered');

  const commands = new Set<string>(Object.values(Command));
  const cfg = loadConfig({ isCommand: (n) => commands.has(n), isKeySpec: isValidKeySpec });
  const problems = [...cfg.problems];
  const themeName = args.theme ?? cfg.config.theme;
  const themeLoad = loadTheme(themeName, userThemeDir());
  if (args.theme && !themeLoad.theme) {
    process.stderr.write(`kubedeck: --theme: ${themeLoad.problems[0] ?? 'unknown theme'}\n`);
    await closeEarly();
    return 2;
  }
  problems.push(...themeLoad.problems);
  const readonly = args.readonly || cfg.config.readonly;

  const target = await resolveTarget(args, early);
  if ('fail' in target) {
    process.stderr.write(`kubedeck: ${target.fail}\n`);
    return target.code;
  }
  const ctx = contextInfo(target.config, target.context);
  if (ctx instanceof Error) {
    await target.embedded?.close();
    process.stderr.write(`kubedeck: ${ctx.message}\n`);
    return 1;
  }
  // Namespace: -n, else -A, else the context's explicit namespace; else (and always for the embedded
  // simulated cluster) all namespaces, so a first run shows everything that is alive.
  const namespace = args.allNamespaces
    ? undefined
    : (args.namespace ?? firstNs ?? (!target.embedded && ctx.namespaceExplicit ? ctx.namespace : undefined));

  const info: ConnectionInfo = {
    context: ctx.context,
    server: ctx.server,
    user: ctx.user || '<anonymous>',
    simulated: Boolean(target.embedded),
    readonly,
    version,
  };
  let closeTransport: (() => Promise<void>) | undefined;
  let resolveFactory!: (f: Promise<SourceFactory>) => void;
  const factory = new Promise<SourceFactory>((r) => (resolveFactory = r));
  let resolveTransport!: (t: Promise<Transport>) => void;
  const transport = new Promise<Transport>((r) => (resolveTransport = r));
  transport.catch(() => undefined);
  const store = new AppStore({ sources: deferredSources(factory), initial: { resource: first, namespace } });
  const keymap = createKeymap(cfg.config.keys as Partial<Bindings>, readonly);
  if (problems.length > 0) store.flash(`config: ${problems.join('; ')}`, 'warn');

  const loadDetail: DetailLoader = async (resource, rec) => {
    const t = await transport;
    const path = { group: resource.group, version: resource.version, plural: resource.plural, ...(rec.namespace ? { namespace: rec.namespace } : {}) };
    const object = await fetchObject(t, path, rec.name);
    const events = await fetchEventsFor(t, object).catch(() => []);
    return { object, events };
  };
  const actions = new ActionService(transport, readonly);
  const app = (i: ConnectionInfo) => (
    <App
      store={store}
      info={i}
      keymap={keymap}
      theme={pickTheme(process.env, themeLoad.theme)}
      aliases={cfg.config.aliases}
      loadDetail={loadDetail}
      actions={actions}
    />
  );
  const instance = render(app(info), {
    alternateScreen: true,
    incrementalRendering: true,
    interactive: Boolean(process.stdout.isTTY),
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 30,
  });
  // Only now, with the first frame on screen, pay for client-node.
  setTimeout(() => {
    const ready = reflectorFactory(target.config, ctx.context, readonly);
    resolveFactory(ready.then((r) => r.factory));
    resolveTransport(ready.then((r) => r.transport));
    ready.then(
      (r) => {
        closeTransport = r.close;
        fetchServerVersion(r.transport).then(
          (serverVersion) => serverVersion && instance.rerender(app({ ...info, serverVersion })),
          (e: unknown) => log(`server version: ${e instanceof Error ? e.message : String(e)}`),
        );
      },
      (e: unknown) => log(`transport: ${e instanceof Error ? e.message : String(e)}`),
    );
  }, 0);

  const onSignal = () => instance.unmount();
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    store.dispose();
    await closeTransport?.().catch(() => undefined);
    await target.embedded?.close();
  }
  return 0;
}
