// Namespaces: kubectl's printNamespace cells over a slim record.
import { namespacePhase } from '../util/printers.js';
import type { KObject, Namespace } from '../util/k8s.js';
import { ageCell, cells, slimBase } from './base.js';
import type { ResourceDef, SlimBase, Tone } from './types.js';
import { served } from './capabilities.js';

export interface NamespaceRec extends SlimBase {
  phase: string;
}

/** Active → ok; Terminating → warn; anything else → pending. */
function namespaceStatus(r: NamespaceRec): { text: string; tone: Tone } {
  const tone: Tone = r.phase === 'Active' ? 'ok' : r.phase === 'Terminating' ? 'warn' : 'pending';
  return { text: r.phase, tone };
}

export const namespaces: ResourceDef<NamespaceRec> = {
  kind: 'Namespace',
  plural: 'namespaces',
  singular: 'namespace',
  group: '',
  version: 'v1',
  namespaced: false,
  aliases: ['ns'],
  columns: [{ name: 'NAME' }, { name: 'STATUS' }, { name: 'AGE' }],
  project: (obj: KObject): NamespaceRec => ({ ...slimBase(obj), phase: namespacePhase(obj as Namespace) }),
  row: (r, now) => cells(r.name, r.phase, ageCell(r, now)),
  status: namespaceStatus,
  drill: (r) => ({ resource: 'pods', namespace: r.name }),
  can: served,
};
