// kubeconfig contexts as a view (`:ctx`): rows come from the kubeconfig, not from the cluster; Enter
// switches to the selected context without a restart.
import type { KObject } from '../util/k8s.js';
import { sanitize } from '../util/sanitize.js';
import type { ResourceDef, SlimBase, Tone } from './types.js';
import { capability } from './capabilities.js';

export interface ContextRec extends SlimBase {
  cluster: string;
  user: string;
  /** The context's namespace, '' when it sets none. */
  ns: string;
  current: boolean;
}

/** The object shape the cli builds from a kubeconfig context, so `project` stays the one way in. */
export interface ContextObject extends KObject {
  spec: { cluster: string; user: string; namespace?: string; current: boolean };
}

export const contexts: ResourceDef<ContextRec> = {
  kind: 'Context',
  plural: 'contexts',
  singular: 'context',
  group: 'kubedeck.local',
  version: 'v1',
  namespaced: false,
  aliases: ['ctx', 'context'],
  columns: [{ name: 'NAME' }, { name: 'CURRENT' }, { name: 'CLUSTER' }, { name: 'AUTHINFO' }, { name: 'DEFAULT NAMESPACE' }],
  local: true,
  project: (obj: KObject): ContextRec => {
    const o = obj as Partial<ContextObject> & KObject;
    const spec = o.spec ?? { cluster: '', user: '', current: false };
    const name = o.metadata.name ?? '';
    return {
      key: name,
      uid: name,
      name,
      rv: '0',
      labels: {},
      created: Number.NaN,
      deleting: false,
      cluster: spec.cluster,
      user: spec.user,
      ns: spec.namespace ?? '',
      current: spec.current,
    };
  },
  row: (r) => [sanitize(r.name), r.current ? '*' : '', sanitize(r.cluster), sanitize(r.user), sanitize(r.ns)],
  status: (r): { text: string; tone: Tone } => (r.current ? { text: 'current', tone: 'ok' } : { text: '', tone: 'dim' }),
  can: [capability<ContextRec>({ cmd: 'drill', label: 'Switch to this context', effect: { type: 'switch-context' }, mutating: false, hint: true })],
};
