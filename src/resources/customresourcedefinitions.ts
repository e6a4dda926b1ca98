// CustomResourceDefinitions (apiextensions.k8s.io/v1): the apiextensions server's table (NAME and
// CREATED AT) over a slim record that also keeps what a generic view of the CRD's kind needs.
import { createdAtCell } from '../util/printers.js';
import type { KObject } from '../util/k8s.js';
import type { CustomResourceDefinition } from '../util/k8s-more.js';
import { cells, slimBase } from './base.js';
import type { ApiResourceInfo } from './generic.js';
import type { ResourceDef, SlimBase, Tone } from './types.js';
import { served } from './capabilities.js';

export interface CrdRec extends SlimBase {
  /** CREATED AT cell, RFC 3339 UTC. */
  createdAt: string;
  /** What the CRD serves, for genericResource(); version is the storage version if served, else the first served. */
  served: ApiResourceInfo;
  /** Every served version name. */
  versions: readonly string[];
  /** Established=True. */
  established: boolean;
}

function projectCrd(obj: KObject): CrdRec {
  const crd = obj as CustomResourceDefinition;
  const spec = crd.spec;
  const served = (spec?.versions ?? []).filter((v) => v.served);
  const version = served.find((v) => v.storage) ?? served[0];
  const names = spec?.names;
  return {
    ...slimBase(crd),
    createdAt: createdAtCell(crd),
    served: {
      group: spec?.group ?? '',
      version: version?.name ?? '',
      kind: names?.kind ?? '',
      plural: names?.plural ?? '',
      singular: names?.singular || (names?.kind ?? '').toLowerCase(),
      namespaced: spec?.scope !== 'Cluster',
      shortNames: names?.shortNames ?? [],
    },
    versions: served.map((v) => v.name),
    established: (crd.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True'),
  };
}

/** Terminating → warn; Established → ok; else (names not accepted yet) → pending. */
function crdStatus(r: CrdRec): { text: string; tone: Tone } {
  if (r.deleting) return { text: 'Terminating', tone: 'warn' };
  return r.established ? { text: 'Established', tone: 'ok' } : { text: 'NotEstablished', tone: 'pending' };
}

export const customresourcedefinitions: ResourceDef<CrdRec> = {
  kind: 'CustomResourceDefinition',
  plural: 'customresourcedefinitions',
  singular: 'customresourcedefinition',
  group: 'apiextensions.k8s.io',
  version: 'v1',
  namespaced: false,
  aliases: ['crd', 'crds'],
  columns: [{ name: 'NAME' }, { name: 'CREATED AT' }],
  project: projectCrd,
  row: (r) => cells(r.name, r.createdAt),
  status: crdStatus,
  /** Enter on a CRD lists its custom resources in every namespace. */
  drill: (r) => (r.served.plural && r.served.version ? { resource: r.name } : undefined),
  can: served,
};
