// Port-forwards as a view (`:pf`): rows come from kubedeck's own forwards, not from the cluster.
import type { KObject } from '../util/k8s.js';
import { ageSince, parseTimestamp } from '../util/age.js';
import { sanitize } from '../util/sanitize.js';
import type { ResourceDef, SlimBase, Tone } from './types.js';
import { capability } from './capabilities.js';

export interface PortForwardRec extends SlimBase {
  pod: string;
  container: string;
  via: string;
  ports: string;
  connections: number;
  active: number;
  lastError: string;
  retargets: number;
}

/** The object the store builds for each forward, so `project` stays the one way in. */
export interface PortForwardObject extends KObject {
  spec: { pod: string; container: string; port: number; localPort: number; via: string };
  status: { connections: number; active: number; lastError: string; retargets: number };
}

export const portForwards: ResourceDef<PortForwardRec> = {
  kind: 'PortForward',
  plural: 'portforwards',
  singular: 'portforward',
  group: 'kubedeck.local',
  version: 'v1',
  namespaced: false,
  aliases: ['pf', 'portforward', 'port-forward', 'port-forwards'],
  columns: [{ name: 'NAME' }, { name: 'TARGET' }, { name: 'POD' }, { name: 'CONTAINER', optional: 2 }, { name: 'PORTS' }, { name: 'CONNECTIONS', align: 'right', optional: 1 }, { name: 'STATUS' }, { name: 'AGE', align: 'right' }],
  local: true,
  project: (obj: KObject): PortForwardRec => {
    const o = obj as Partial<PortForwardObject> & KObject;
    const spec = o.spec ?? { pod: '', container: '', port: 0, localPort: 0, via: '' };
    const status = o.status ?? { connections: 0, active: 0, lastError: '', retargets: 0 };
    const name = o.metadata.name ?? '';
    return {
      key: name,
      uid: name,
      name,
      namespace: o.metadata.namespace ?? '',
      rv: String(status.connections),
      labels: {},
      created: parseTimestamp(o.metadata.creationTimestamp),
      deleting: false,
      pod: spec.pod,
      container: spec.container,
      via: spec.via,
      ports: `${spec.localPort}:${spec.port}`,
      connections: status.connections,
      active: status.active,
      lastError: status.lastError,
      retargets: status.retargets,
    };
  },
  row: (r, now) => [
    sanitize(r.name),
    sanitize(`${r.namespace ?? ''}/${r.via}`),
    sanitize(r.pod) + (r.retargets ? ` (re-targeted ${r.retargets}×)` : ''),
    sanitize(r.container),
    r.ports,
    `${r.active}/${r.connections}`,
    r.lastError ? `last error: ${sanitize(r.lastError)}` : 'forwarding',
    ageSince(r.created, now),
  ],
  status: (r): { text: string; tone: Tone } => (r.lastError ? { text: sanitize(r.lastError), tone: 'warn' } : { text: 'forwarding', tone: 'ok' }),
  can: [capability<PortForwardRec>({ cmd: 'delete', label: 'Stop forwarding', effect: { type: 'stop-forward' }, mutating: false, hint: true })],
};
