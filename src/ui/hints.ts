import { Command } from '../keys/commands.js';
import type { ResourceDef } from '../resources/types.js';

const LOGS = new Set(['pods', 'containers', 'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'services']);
const ROLLBACK = new Set(['deployments', 'statefulsets', 'daemonsets', 'nodes']);
const POD_LIKE = new Set(['pods', 'containers']);
const FORWARD = new Set(['pods', 'containers', 'services']);

/** Whether a command means anything on this view: header hints (k9s shows each view's own keys), read-only notices. */
export function hintApplies(cmd: Command, r: ResourceDef): boolean {
  switch (cmd) {
    case Command.Scale:
      return Boolean(r.scalable);
    case Command.Rollback:
      return ROLLBACK.has(r.plural);
    case Command.Logs:
      return LOGS.has(r.plural);
    case Command.Shell:
    case Command.Attach:
      return POD_LIKE.has(r.plural);
    case Command.Kill:
      return r.plural === 'pods';
    case Command.Cordon:
      return r.plural === 'nodes';
    case Command.Trigger:
      return r.plural === 'cronjobs';
    case Command.Restart:
      return ROLLBACK.has(r.plural);
    case Command.Edit:
      return !r.local;
    case Command.PortForward:
      return FORWARD.has(r.plural);
    case Command.Describe:
    case Command.Yaml:
      return !r.local;
    case Command.Delete:
      return !r.local || r.plural === 'portforwards';
    default:
      return true;
  }
}
