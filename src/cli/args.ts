/** The command line, parsed without side effects (see the CLI contract in README.md). */

import { parseFaultSpec } from '../sim/faults/spec.js';
import type { FaultPlan } from '../sim/faults/spec.js';

export interface TuiArgs {
  mode: 'tui';
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces: boolean;
  command?: string;
  readonly: boolean;
  sim: boolean;
  logFile?: string;
  theme?: string;
  /** --ascii: draw with ASCII only, whatever the locale says. */
  ascii?: true;
}
export interface SimArgs {
  mode: 'sim';
  port: number;
  address: string;
  kubeconfigOut?: string;
  scenario: string;
  seed: number;
  /** --faults SPEC, parsed. */
  faults?: FaultPlan;
  /** --pods / --nodes of the large scenario. */
  pods?: number;
  nodes?: number;
}
export type ParsedArgs =
  | TuiArgs
  | SimArgs
  | { mode: 'version' }
  | { mode: 'help'; topic: 'tui' | 'sim' }
  | { mode: 'error'; message: string };

type Spec = Record<string, { key: string; value: boolean }>;

const tuiSpec: Spec = {
  '--kubeconfig': { key: 'kubeconfig', value: true },
  '--context': { key: 'context', value: true },
  '-n': { key: 'namespace', value: true },
  '--namespace': { key: 'namespace', value: true },
  '-A': { key: 'allNamespaces', value: false },
  '--all-namespaces': { key: 'allNamespaces', value: false },
  '-c': { key: 'command', value: true },
  '--command': { key: 'command', value: true },
  '--readonly': { key: 'readonly', value: false },
  '--sim': { key: 'sim', value: false },
  '--log-file': { key: 'logFile', value: true },
  '--theme': { key: 'theme', value: true },
  '--ascii': { key: 'ascii', value: false },
  '--version': { key: 'version', value: false },
  '-v': { key: 'version', value: false },
  '--help': { key: 'help', value: false },
  '-h': { key: 'help', value: false },
};

const simSpec: Spec = {
  '--port': { key: 'port', value: true },
  '--address': { key: 'address', value: true },
  '--kubeconfig-out': { key: 'kubeconfigOut', value: true },
  '--scenario': { key: 'scenario', value: true },
  '--seed': { key: 'seed', value: true },
  '--faults': { key: 'faults', value: true },
  '--pods': { key: 'pods', value: true },
  '--nodes': { key: 'nodes', value: true },
  '--help': { key: 'help', value: false },
  '-h': { key: 'help', value: false },
};

function scan(argv: readonly string[], spec: Spec): Record<string, string | true> | { error: string } {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const s = spec[name];
    if (!s) {
      return { error: arg.startsWith('-') ? `unknown flag ${JSON.stringify(name)}` : `unexpected argument ${JSON.stringify(arg)}` };
    }
    if (!s.value) {
      if (eq > 0) return { error: `flag ${name} takes no value` };
      out[s.key] = true;
      continue;
    }
    const v = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (v === undefined || v === '' || (eq < 0 && v.startsWith('-') && v !== '-')) return { error: `flag ${name} needs a value` };
    out[s.key] = v;
  }
  return out;
}

const str = (v: string | true | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv[0] === 'sim') {
    const r = scan(argv.slice(1), simSpec);
    if ('error' in r) return { mode: 'error', message: `${String(r.error)} for "kubedeck sim"` };
    if (r['help']) return { mode: 'help', topic: 'sim' };
    const port = Number(str(r['port']) ?? '0');
    if (!Number.isInteger(port) || port < 0 || port > 65535) return { mode: 'error', message: `--port must be 0-65535, got ${str(r['port'])}` };
    const seed = Number(str(r['seed']) ?? '1');
    if (!Number.isSafeInteger(seed)) return { mode: 'error', message: `--seed must be an integer, got ${str(r['seed'])}` };
    const out: SimArgs = {
      mode: 'sim',
      port,
      address: str(r['address']) ?? '127.0.0.1',
      scenario: str(r['scenario']) ?? 'demo',
      seed,
    };
    const k = str(r['kubeconfigOut']);
    if (k) out.kubeconfigOut = k;
    const faults = str(r['faults']);
    if (faults !== undefined) {
      const plan = parseFaultSpec(faults);
      if (!plan.ok) return { mode: 'error', message: `--faults: ${plan.error}` };
      out.faults = plan.value;
    }
    for (const [flag, key, max] of [
      ['--pods', 'pods', 1_000_000],
      ['--nodes', 'nodes', 1000],
    ] as const) {
      const v = str(r[key]);
      if (v === undefined) continue;
      const n = Number(v);
      if (!Number.isInteger(n) || n < (key === 'nodes' ? 2 : 0) || n > max)
        return { mode: 'error', message: `${flag} must be an integer ${key === 'nodes' ? 2 : 0}-${max}, got ${v}` };
      if (out.scenario !== 'large') return { mode: 'error', message: `${flag} needs --scenario large` };
      out[key] = n;
    }
    return out;
  }
  const r = scan(argv, tuiSpec);
  if ('error' in r) return { mode: 'error', message: r.error as string };
  if (r['help']) return { mode: 'help', topic: 'tui' };
  if (r['version']) return { mode: 'version' };
  const out: TuiArgs = {
    mode: 'tui',
    allNamespaces: r['allNamespaces'] === true,
    readonly: r['readonly'] === true,
    sim: r['sim'] === true,
  };
  if (r['ascii'] === true) out.ascii = true;
  for (const k of ['kubeconfig', 'context', 'namespace', 'command', 'logFile', 'theme'] as const) {
    const v = str(r[k]);
    if (v !== undefined) out[k] = v;
  }
  if (out.namespace && out.allNamespaces) return { mode: 'error', message: 'use either -n/--namespace or -A/--all-namespaces, not both' };
  return out;
}

export const tuiUsage = `kubedeck - a terminal UI for Kubernetes

Usage:
  kubedeck [flags]          manage the cluster of the current kubeconfig context
  kubedeck --sim [flags]    manage kubedeck's embedded simulated cluster
  kubedeck sim [flags]      run the simulated cluster in the foreground (see kubedeck sim --help)

Flags:
      --kubeconfig FILE     kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config)
      --context NAME        kubeconfig context to use
  -n, --namespace NS        namespace to show
  -A, --all-namespaces      show all namespaces
  -c, --command VIEW        first view, e.g. pods, deploy, svc, ns
      --readonly            never send a mutating request
      --sim                 use the embedded simulated cluster
      --log-file FILE       write a diagnostic log to FILE
      --theme NAME          colour theme (built in: default, dracula, nord, gruvbox, monokai,
                            solarized-dark, solarized-light; or $XDG_CONFIG_HOME/kubedeck/themes/NAME.yaml)
      --ascii               draw with plain ASCII (the default when the locale is not UTF-8)
  -v, --version             print the version
  -h, --help                print this help

With no kubeconfig at all, kubedeck starts on the embedded simulated cluster.
Config: $XDG_CONFIG_HOME/kubedeck/config.yaml (readonly, theme, keys, aliases). NO_COLOR turns colour off.`;

export const simUsage = `kubedeck sim - run kubedeck's simulated Kubernetes cluster in the foreground

Usage:
  kubedeck sim [--port N] [--address 127.0.0.1] [--kubeconfig-out FILE] [--scenario NAME] [--seed N]
               [--pods N --nodes M] [--faults SPEC]

  --port N               port to listen on (default 0: a free port)
  --address ADDR         address to listen on (default 127.0.0.1; anything else is exposed beyond this machine)
  --kubeconfig-out FILE  where to write a kubeconfig for kubectl and kubedeck (mode 0600)
  --scenario NAME        demo (default), empty, or large
  --seed N               seed for a deterministic simulation (default 1)
  --pods N, --nodes M    size of the large scenario (default 10000 pods over 100 nodes; nodes 2-1000)
  --faults SPEC          inject faults, comma-separated, e.g. 'error=0.05,latency=200ms~50ms,drop-watch=30s':
                           error=RATE[:STATUS]  latency=D[~JITTER]  drop-watch=EVERY  compact=EVERY
                           kill-node=NODE[@T]  restore-node=NODE[@T]  crash=NS/POD[/CONTAINER][:CODE][@T]
                           pause-controllers[@T]  resume-controllers[@T]  drop-watch@T  compact@T
                         (more at run time: POST /kubedeck-sim/faults with the kubeconfig's token)

Prints "kubedeck sim ready at https://ADDR:PORT kubeconfig=FILE" once it accepts requests.
SIGINT or SIGTERM stop it.`;
