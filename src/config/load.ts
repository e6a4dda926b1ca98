import { readFileSync } from 'node:fs';
import { load as parseYaml } from 'js-yaml';
import { configFile } from './paths.js';
import { defaultConfig, validateConfig } from './schema.js';
import type { Config, ConfigProblem } from './schema.js';

export interface LoadedConfig {
  config: Config;
  file: string;
  /** One line per problem, naming the file and the field: shown as a flash, never fatal. */
  problems: string[];
}

/** Reads the user's config; a missing file is not an error, a broken one is reported and ignored. */
export function loadConfig(
  opts: { file?: string; env?: Record<string, string | undefined>; isCommand?: (n: string) => boolean; isKeySpec?: (s: string) => boolean } = {},
): LoadedConfig {
  const file = opts.file ?? configFile(opts.env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { config: defaultConfig, file, problems: [] };
    return { config: defaultConfig, file, problems: [`${file}: cannot read: ${(e as Error).message}`] };
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    const mark = (e as { mark?: { line?: number } }).mark;
    const where = mark?.line !== undefined ? ` line ${mark.line + 1}` : '';
    const reason = (e as { reason?: string }).reason ?? (e as Error).message.split('\n')[0];
    return { config: defaultConfig, file, problems: [`${file}:${where} YAML error: ${reason}; using defaults`] };
  }
  const { config, problems } = validateConfig(raw, opts);
  return { config, file, problems: problems.map((p: ConfigProblem) => `${file}: ${p.path ? `${p.path}: ` : ''}${p.message}`) };
}
