// The resources a server answers for: the built-in catalogue plus one entry per served version of every
// CustomResourceDefinition in storage. Creating a CRD makes its resources routable, discoverable and
// listable at once (status: NamesAccepted + Established); deleting it removes them and their objects.

import type { KObject } from '../../util/k8s.js';
import { COMMON_FIELDS } from '../../util/selector.js';
import type { Gvr, Storage } from '../storage/index.js';
import { ALL_VERBS, CUSTOMRESOURCEDEFINITIONS, RESOURCES } from '../resources.js';
import type { PrinterColumn, ResourceInfo, SubresourceInfo } from '../resources.js';

interface CrdVersion {
  name?: string;
  served?: boolean;
  storage?: boolean;
  subresources?: { status?: unknown; scale?: unknown };
  additionalPrinterColumns?: PrinterColumn[];
  schema?: { openAPIV3Schema?: unknown };
}

interface CrdSpec {
  group?: string;
  scope?: string;
  names?: {
    plural?: string;
    singular?: string;
    kind?: string;
    listKind?: string;
    shortNames?: string[];
    categories?: string[];
  };
  versions?: CrdVersion[];
}

const timestamp = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The ResourceInfos a CRD defines (one per served version); empty when the CRD is incomplete. */
function crdResources(crd: KObject): ResourceInfo[] {
  const spec = crd.spec as CrdSpec | undefined;
  const n = spec?.names;
  if (!spec?.group || !n?.plural || !n.kind) return [];
  const out: ResourceInfo[] = [];
  for (const v of spec.versions ?? []) {
    if (!v.name || v.served === false) continue;
    const sub: SubresourceInfo[] = [];
    if (v.subresources?.scale)
      sub.push({
        name: 'scale',
        kind: 'Scale',
        verbs: ['get', 'patch', 'update'],
        group: 'autoscaling',
        version: 'v1',
      });
    if (v.subresources?.status) sub.push({ name: 'status', kind: n.kind, verbs: ['get', 'patch', 'update'] });
    out.push({
      gvr: { group: spec.group, version: v.name, resource: n.plural },
      kind: n.kind,
      listKind: n.listKind ?? `${n.kind}List`,
      singular: n.singular ?? n.kind.toLowerCase(),
      namespaced: spec.scope !== 'Cluster',
      shortNames: n.shortNames ?? [],
      categories: n.categories ?? [],
      verbs: ALL_VERBS,
      subresources: sub,
      fieldLabels: COMMON_FIELDS,
      printerColumns: v.additionalPrinterColumns ?? [],
      custom: true,
      ...(v.schema?.openAPIV3Schema !== undefined ? { schema: v.schema.openAPIV3Schema } : {}),
    });
  }
  return out;
}

const id = (g: Gvr): string => `${g.group}/${g.version}/${g.resource}`;

export class Catalogue {
  private readonly custom = new Map<string, ResourceInfo[]>(); // CRD name → its resources
  private readonly index = new Map<string, ResourceInfo>();
  private list: ResourceInfo[] = [...RESOURCES];
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly now: () => number,
  ) {
    for (const r of RESOURCES) this.index.set(id(r.gvr), r);
  }

  start(): void {
    this.unsubscribe = this.storage.subscribe(CUSTOMRESOURCEDEFINITIONS, (ev) => {
      if (ev.type === 'DELETED') this.remove(ev.object);
      else this.add(ev.object);
    });
    for (const crd of this.storage.list(CUSTOMRESOURCEDEFINITIONS).items) this.add(crd);
  }

  stop(): void {
    this.unsubscribe?.();
  }

  find(group: string, version: string, resource: string): ResourceInfo | undefined {
    return this.index.get(`${group}/${version}/${resource}`);
  }

  /** Built-ins first, then custom resources in CRD creation order. */
  all(): readonly ResourceInfo[] {
    return this.list;
  }

  private rebuild(): void {
    this.index.clear();
    this.list = [...RESOURCES];
    for (const rs of this.custom.values())
      for (const r of rs) if (!this.index.has(id(r.gvr))) this.list.push(r);
    for (const r of this.list) this.index.set(id(r.gvr), r);
  }

  private add(crd: KObject): void {
    const name = crd.metadata.name ?? '';
    const infos = crdResources(crd);
    if (JSON.stringify(this.custom.get(name)) !== JSON.stringify(infos)) {
      this.custom.set(name, infos);
      this.rebuild();
    }
    if (crd.metadata.deletionTimestamp) return;
    // what the apiextensions controllers write back
    const spec = crd.spec as CrdSpec | undefined;
    const n = spec?.names ?? {};
    const established = infos.length > 0 ? 'True' : 'False';
    const status = crd.status as { conditions?: { type: string; status: string }[] } | undefined;
    if (status?.conditions?.some((c) => c.type === 'Established' && c.status === established)) return;
    const now = timestamp(this.now());
    this.storage.mutate(CUSTOMRESOURCEDEFINITIONS, undefined, name, (d) => {
      d.status = {
        acceptedNames: {
          ...n,
          listKind: n.listKind ?? `${n.kind ?? ''}List`,
          singular: n.singular ?? (n.kind ?? '').toLowerCase(),
        },
        conditions: [
          {
            type: 'NamesAccepted',
            status: 'True',
            reason: 'NoConflicts',
            message: 'no conflicts found',
            lastTransitionTime: now,
          },
          {
            type: 'Established',
            status: established,
            reason: 'InitialNamesAccepted',
            message: 'the initial names have been accepted',
            lastTransitionTime: now,
          },
        ],
        storedVersions: (spec?.versions ?? []).filter((v) => v.storage).map((v) => v.name ?? ''),
      };
    });
  }

  private remove(crd: KObject): void {
    const name = crd.metadata.name ?? '';
    const infos = this.custom.get(name) ?? [];
    this.custom.delete(name);
    this.rebuild();
    for (const r of infos)
      for (const o of this.storage.list(r.gvr).items) {
        try {
          this.storage.delete(r.gvr, o.metadata.namespace, o.metadata.name ?? '');
        } catch {
          // gone already
        }
      }
  }
}
