// Everything the UI may ask of one connection, wired once per context by the cli (as actions always
// were): the UI never holds a transport. Tests hand the App fakes of the same shape.
import type { ActionService } from './actions/actions.js';
import type { DetailLoader } from './actions/detail.js';
import type { EditService } from './actions/edit.js';
import type { CommandLine } from './commands/command.js';
import type { PortForwards } from './forwards/port-forwards.js';
import type { LogService } from './logs/service.js';
import type { MetricsOverlay } from './metrics/metrics.js';
import type { ShellService } from './shell/shell.js';
import type { HelmService } from './helm/service.js';

export interface Services {
  actions: ActionService;
  /** The full object and its events (describe, YAML). */
  detail: DetailLoader;
  edit: EditService;
  logs: LogService;
  shell: ShellService;
  /** Port-forwards of this context (Shift-F starts one, `:pf` lists them). */
  forwards: PortForwards;
  /** The `:` prompt with this context's kind catalog. */
  commands: CommandLine;
  /** CPU/MEM per pod and node (metrics.k8s.io), shown as extra columns while it has data. */
  metrics?: MetricsOverlay;
  /** Helm releases: their texts and histories (`:helm`); rollback and uninstall are actions. */
  helm?: HelmService;
}
