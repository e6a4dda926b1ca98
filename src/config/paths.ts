import { homedir } from 'node:os';
import { join } from 'node:path';

type Env = Record<string, string | undefined>;

/** $XDG_CONFIG_HOME/kubedeck (default ~/.config/kubedeck). */
function configDir(env: Env = process.env): string {
  const base = env['XDG_CONFIG_HOME'] || join(env['HOME'] || homedir(), '.config');
  return join(base, 'kubedeck');
}

export function configFile(env: Env = process.env): string {
  return join(configDir(env), 'config.yaml');
}

/** User themes: $XDG_CONFIG_HOME/kubedeck/themes/NAME.yaml */
export function userThemeDir(env: Env = process.env): string {
  return join(configDir(env), 'themes');
}
