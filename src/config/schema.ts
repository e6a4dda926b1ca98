/**
 * kubedeck's config file, `$XDG_CONFIG_HOME/kubedeck/config.yaml`. Every field is optional; defaults are
 * data (below). kubedeck reads this file and never writes it.
 *
 *   readonly: false          # like --readonly
 *   theme: default           # a built-in theme or a file in $XDG_CONFIG_HOME/kubedeck/themes/
 *   keys:                    # rebind any command: a key spec or a list of them
 *     down: [j, down]
 *     help: "?"
 *   aliases:                 # your own : commands
 *     dep: deployments
 *     kp: pods kube-system
 *   logBufferMB: 64          # logs kept in memory per logs view; older lines spill to a temp file
 *   logSpillMB: 512          # bound on that temp file; past it the oldest lines are dropped (with a note)
 */
export interface Config {
  readonly: boolean;
  theme: string;
  keys: Record<string, string[]>;
  aliases: Record<string, string>;
  /** Logs kept in memory per logs view, in MiB (older lines spill to a temp file; saving gets everything). */
  logBufferMB: number;
  /** Bound on a logs view's spill file on disk, in MiB; past it the oldest spilled lines are dropped. */
  logSpillMB: number;
}

export const defaultConfig: Config = {
  readonly: false,
  theme: 'default',
  keys: {},
  aliases: {},
  logBufferMB: 64,
  logSpillMB: 512,
};

export interface ConfigProblem {
  /** Dotted path of the offending field, e.g. `keys.down[1]`. */
  path: string;
  message: string;
}

const KNOWN = new Set(['readonly', 'theme', 'keys', 'aliases', 'logBufferMB', 'logSpillMB']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates parsed YAML into a Config. Problems are reported, never thrown; a field with a problem keeps
 * its default, so one typo does not cost the user the rest of their settings.
 */
export function validateConfig(
  raw: unknown,
  opts: { isCommand?: (name: string) => boolean; isKeySpec?: (spec: string) => boolean } = {},
): { config: Config; problems: ConfigProblem[] } {
  const config: Config = { ...defaultConfig, keys: {}, aliases: {} };
  const problems: ConfigProblem[] = [];
  if (raw === null || raw === undefined) return { config, problems };
  if (!isRecord(raw)) return { config, problems: [{ path: '', message: 'the file must be a YAML mapping (key: value)' }] };
  for (const k of Object.keys(raw)) if (!KNOWN.has(k)) problems.push({ path: k, message: `unknown setting (known: ${[...KNOWN].join(', ')})` });

  if (raw['readonly'] !== undefined) {
    if (typeof raw['readonly'] === 'boolean') config.readonly = raw['readonly'];
    else problems.push({ path: 'readonly', message: 'must be true or false' });
  }
  if (raw['theme'] !== undefined) {
    if (typeof raw['theme'] === 'string' && /^[A-Za-z0-9._-]+$/.test(raw['theme'])) config.theme = raw['theme'];
    else problems.push({ path: 'theme', message: 'must be a theme name (letters, digits, . _ -)' });
  }
  const keys = raw['keys'];
  if (keys !== undefined) {
    if (!isRecord(keys)) problems.push({ path: 'keys', message: 'must be a mapping of command: key or [keys]' });
    else {
      for (const [cmd, v] of Object.entries(keys)) {
        if (opts.isCommand && !opts.isCommand(cmd)) {
          problems.push({ path: `keys.${cmd}`, message: 'unknown command' });
          continue;
        }
        const specs = typeof v === 'string' ? [v] : Array.isArray(v) ? v : undefined;
        if (!specs || specs.some((s) => typeof s !== 'string')) {
          problems.push({ path: `keys.${cmd}`, message: 'must be a key like "j" or a list like [j, down]' });
          continue;
        }
        const bad = (specs as string[]).findIndex((s) => opts.isKeySpec && !opts.isKeySpec(s));
        if (bad >= 0) {
          problems.push({ path: `keys.${cmd}[${bad}]`, message: `not a key: ${JSON.stringify(specs[bad])}` });
          continue;
        }
        config.keys[cmd] = specs as string[];
      }
    }
  }
  const mb = raw['logBufferMB'];
  if (mb !== undefined) {
    if (typeof mb === 'number' && Number.isFinite(mb) && mb >= 1 && mb <= 4096) config.logBufferMB = mb;
    else problems.push({ path: 'logBufferMB', message: 'must be a number of MiB from 1 to 4096' });
  }
  const spill = raw['logSpillMB'];
  if (spill !== undefined) {
    if (typeof spill === 'number' && Number.isFinite(spill) && spill >= 1 && spill <= 1_048_576) config.logSpillMB = spill;
    else problems.push({ path: 'logSpillMB', message: 'must be a number of MiB from 1 to 1048576' });
  }
  const aliases = raw['aliases'];
  if (aliases !== undefined) {
    if (!isRecord(aliases)) problems.push({ path: 'aliases', message: 'must be a mapping of alias: command' });
    else {
      for (const [name, v] of Object.entries(aliases)) {
        if (!/^[a-z0-9][a-z0-9-]*$/i.test(name)) problems.push({ path: `aliases.${name}`, message: 'alias names are letters, digits and -' });
        else if (typeof v !== 'string' || !v.trim()) problems.push({ path: `aliases.${name}`, message: 'must be a command such as "pods kube-system"' });
        else config.aliases[name.toLowerCase()] = v.trim();
      }
    }
  }
  return { config, problems };
}
