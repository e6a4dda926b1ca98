import { render } from 'ink';
import type { TuiArgs } from './args.js';
import { App } from '../ui/App.js';
import { pickTheme } from '../ui/theme/theme.js';
import { parseCommand } from '../store/commands/command.js';
import { Command, createKeymap, keyConflicts } from '../keys/commands.js';
import type { Bindings } from '../keys/commands.js';
import { isValidKeySpec } from '../keys/key-event.js';
import { loadConfig } from '../config/load.js';
import { configNotice } from '../config/notice.js';
import { loadTheme } from '../config/theme.js';
import { userThemeDir } from '../config/paths.js';
import { resolveResource, resources } from '../resources/registry.js';
import type { ResourceDef } from '../resources/types.js';
import { loadKubeconfig, parseKubeconfig } from '../kube/kubeconfig.js';
import { openConnection } from './connection.js';
import type { Connection, ConnectOptions } from './connection.js';
import type { LoadedKubeconfig } from '../kube/kubeconfig.js';
import { startEmbeddedSim } from './embedded-sim.js';
import type { EmbeddedSim } from './embedded-sim.js';
import { log } from './log.js';
import { squeezedStream } from './terminal-squeeze.js';
import { localeIsUtf8, setAsciiOnly } from '../util/charset.js';

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
    if (load.kind === 'loaded')
      return { config: load.config, ...(args.context ? { context: args.context } : {}) };
    if (args.context)
      return {
        fail: `no kubeconfig found (looked in ${load.searched.join(', ')}); cannot use --context ${args.context}`,
        code: 1,
      };
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

/** The kubeconfig from the same files as at start, or undefined when it is gone or broken now. */
function rereadKubeconfig(args: TuiArgs): LoadedKubeconfig | undefined {
  const load = loadKubeconfig(args.kubeconfig ? { explicitPath: args.kubeconfig } : {});
  if (load.kind !== 'loaded') {
    log(`kubeconfig re-read: ${load.kind === 'broken' ? load.error.message : 'no kubeconfig any more'}; keeping the one read before`);
    return undefined;
  }
  return load.config;
}

export async function runTui(args: TuiArgs, early?: Promise<EmbeddedSim>): Promise<number> {
  // the terminal's charset, once, before anything is drawn: ASCII unless the locale is UTF-8 (or --ascii)
  setAsciiOnly(args.ascii === true || !localeIsUtf8(process.env));
  const closeEarly = () => early?.then((e) => e.close()).catch(() => undefined);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(
      'kubedeck: needs an interactive terminal (stdin and stdout must be a TTY); to run only the simulated cluster use `kubedeck sim`\n',
    );
    return 1;
  }
  let first = resolveResource('pods');
  let firstNs: string | undefined;
  let firstFilter: string | undefined;
  // a name that is not built in may be a kind only discovery knows (a CRD): ask again once connected
  let discoverCommand: string | undefined;
  if (args.command) {
    const cmd = parseCommand(args.command);
    if (cmd.type === 'error' && cmd.message.startsWith('unknown command')) discoverCommand = args.command;
    else if (cmd.type !== 'view') {
      process.stderr.write(
        `kubedeck: --command ${JSON.stringify(args.command)}: ${cmd.type === 'error' ? cmd.message : 'not a view'}\n`,
      );
      await closeEarly();
      return 2;
    } else {
      first = cmd.resource;
      firstNs = cmd.namespace;
      firstFilter = cmd.filter;
    }
  }
  const podsDef = resolveResource('pods');
  if (!first || !podsDef) throw new Error('pods are not registered');
  const podsView: ResourceDef = podsDef;

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
  const keymap = createKeymap(cfg.config.keys as Partial<Bindings>, readonly);
  // a user binding that gives one key two meanings on the same view is a config problem, said once
  for (const r of resources) for (const c of keyConflicts(keymap, (r.can ?? []).map((x) => x.cmd))) problems.push(`keys: on ${r.plural}, ${c}`);
  const theme = pickTheme(process.env, themeLoad.theme);
  const simulated = Boolean(target.embedded);
  // the kubeconfig is read again on `:ctx` and by the transport on a 401 (credentials rotated meanwhile)
  const kube = { config: target.config };
  const reloadConfig = simulated ? undefined : () => rereadKubeconfig(args);
  const connect = (context: string | undefined, initial: ConnectOptions['initial']) =>
    openConnection({ config: kube.config, ...(context ? { context } : {}), simulated, readonly, initial, logBufferBytes: cfg.config.logBufferMB * 2 ** 20, logSpillBytes: cfg.config.logSpillMB * 2 ** 20, ...(reloadConfig ? { reloadConfig } : {}) });

  // Namespace: -n, else -A, else the context's explicit namespace; else (and always for the embedded
  // simulated cluster) all namespaces, so a first run shows everything that is alive.
  const firstConn = connect(target.context, (ctx) => ({
    resource: first,
    namespace: args.allNamespaces
      ? undefined
      : (args.namespace ?? firstNs ?? (!simulated && ctx.namespaceExplicit ? ctx.namespace : undefined)),
  }));
  if (firstConn instanceof Error) {
    await target.embedded?.close();
    process.stderr.write(`kubedeck: ${firstConn.message}\n`);
    return 1;
  }
  let conn: Connection = firstConn;
  // config problems: a notice over the first view, one per line, readable until dismissed
  const notice = configNotice(problems);
  // the connection's kind catalog is installed now: the answer (view or "unknown command") reaches the store
  if (discoverCommand) conn.services.commands.parse(discoverCommand);
  if (firstFilter) conn.store.setFilter(firstFilter);

  // set once Ink renders; switchContext (defined before) reaches it through this holder
  const ink: { instance?: ReturnType<typeof render> } = {};
  const app = (c: Connection) => (
    <App
      store={c.store}
      info={c.info}
      keymap={keymap}
      theme={theme}
      aliases={cfg.config.aliases}
      services={c.services}
      onSwitchContext={switchContext}
      notice={notice}
    />
  );
  const startConn = (c: Connection) =>
    c.start(
      (serverVersion) => {
        if (conn !== c) return;
        c.info = { ...c.info, serverVersion };
        ink.instance?.rerender(app(c));
      },
      (usage) => {
        if (conn !== c || usage === c.info.usage) return;
        c.info = { ...c.info, ...(usage ? { usage } : {}) };
        ink.instance?.rerender(app(c));
      },
    );
  // `:ctx`, Enter: a new connection for that context, on its pods; the old one is closed.
  function switchContext(name: string): void {
    const fresh = reloadConfig?.();
    if (fresh) kube.config = fresh;
    if (name === conn.info.context && !fresh) return conn.store.flash(`already on context ${name}`);
    const next = connect(name, (ctx) => ({
      resource: podsView,
      namespace: ctx.namespaceExplicit ? ctx.namespace : undefined,
    }));
    if (next instanceof Error) return conn.store.flash(next.message, 'error');
    const old = conn;
    conn = next;
    ink.instance?.rerender(app(next));
    startConn(next);
    next.store.flash(name === old.info.context ? `reconnected to context ${name} (kubeconfig read again)` : `switched to context ${name}`);
    void old.close();
  }

  // The connection (client-node, the transport, the first view's list) starts before the first frame: its
  // module loading and TLS handshake overlap Ink's first render instead of following it. Measured against
  // 10k pods (test/bench/first-list.ts, paired, 5 runs): full list 5.27 -> 4.42 s, first frame unchanged
  // (909 vs 932 ms median of 6). It was started after the first frame when loading client-node took 0.3 s.
  startConn(conn);
  const instance = render(app(conn), {
    // fewer bytes per frame for the same screen (over ssh, each one counts); see terminal-squeeze.ts
    stdout: squeezedStream(process.stdout),
    alternateScreen: true,
    incrementalRendering: true,
    interactive: Boolean(process.stdout.isTTY),
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 30,
  });
  ink.instance = instance;

  const onSignal = () => instance.unmount();
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    await conn.close();
    await target.embedded?.close();
  }
  return 0;
}
