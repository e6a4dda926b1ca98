// The objects of a helm release (Enter on a `:helm` row): one row per object of its latest revision's
// manifest, with the status its own kind gives it, live (store/helm watches each kind the manifest names).
// Enter goes where the object's own kind goes (a Deployment's pods…).
import type { KObject } from '../util/k8s.js';
import { ageCell, cells } from './base.js';
import type { DrillTarget, ResourceDef, SlimBase, Tone } from './types.js';

export interface HelmResourceRec extends SlimBase {
  /** The object's kind as the manifest names it (`Deployment`). */
  objectKind: string;
  apiVersion: string;
  /** The status its kind shows; `Missing` when the cluster does not have it. */
  statusText: string;
  tone: Tone;
  /** Where Enter on the object itself leads, as its kind declares. */
  drillTo?: DrillTarget;
}

/** The object the store builds for each manifest entry, so `project` stays the one way in. */
export interface HelmResourceObject extends KObject {
  spec: { kind: string; apiVersion: string; status: string; tone: Tone; drill?: DrillTarget; rv: string; uid: string };
}

export const helmResources: ResourceDef<HelmResourceRec> = {
  kind: 'HelmResource',
  plural: 'helmresources',
  singular: 'release object',
  group: 'helm.kubedeck.local',
  version: 'v3',
  namespaced: true,
  aliases: [],
  local: true,
  columns: [{ name: 'NAME' }, { name: 'KIND' }, { name: 'STATUS' }, { name: 'AGE', align: 'right' }],
  project: (obj: KObject): HelmResourceRec => {
    const o = obj as Partial<HelmResourceObject> & KObject;
    const s = o.spec ?? { kind: '', apiVersion: '', status: '', tone: 'dim' as Tone, rv: '', uid: '' };
    const name = o.metadata.name ?? '';
    const namespace = o.metadata.namespace || undefined;
    return {
      key: `${namespace ?? ''}/${s.kind}/${name}`,
      uid: s.uid || `${s.kind}/${name}`,
      name,
      ...(namespace ? { namespace } : {}),
      rv: s.rv,
      labels: o.metadata.labels ?? {},
      created: Date.parse(o.metadata.creationTimestamp ?? '') || Number.NaN,
      deleting: Boolean(o.metadata.deletionTimestamp),
      objectKind: s.kind,
      apiVersion: s.apiVersion,
      statusText: s.status,
      tone: s.tone,
      ...(s.drill ? { drillTo: s.drill } : {}),
    };
  },
  row: (r, now) => cells(r.name, r.objectKind, r.statusText, ageCell(r, now)),
  status: (r) => ({ text: r.statusText, tone: r.tone }),
  drill: (r) => r.drillTo,
};
