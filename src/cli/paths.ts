import { homedir } from 'node:os';
import { join } from 'node:path';

/** $XDG_STATE_HOME/kubedeck (default ~/.local/state/kubedeck): runtime files such as sim kubeconfigs. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_STATE_HOME'] || join(env['HOME'] || homedir(), '.local', 'state');
  return join(base, 'kubedeck');
}
