// kubectl's printControllerRevision, and the CustomResourceDefinition table of the apiextensions
// server (its default table convertor: NAME and CREATED AT).
import type { KObject } from '../k8s.js';
import type { ControllerRevision } from '../k8s-more.js';

/** formatResourceName for a GroupKind: "kind.group/name" lower-cased kind ("statefulset.apps/web"). */
function groupKindName(apiVersion: string, kind: string, name: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash >= 0 ? apiVersion.slice(0, slash) : '';
  if (!kind && !group) return name;
  return `${(group ? `${kind}.${group}` : kind).toLowerCase()}/${name}`;
}

/** CONTROLLER ("<none>" without a controller ownerReference) and REVISION. */
export function controllerRevisionCells(cr: ControllerRevision): { controller: string; revision: number } {
  const ref = (cr.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  return {
    controller: ref ? groupKindName(ref.apiVersion, ref.kind, ref.name) : '<none>',
    revision: cr.revision ?? 0,
  };
}

/** CREATED AT: creationTimestamp in RFC 3339 UTC, seconds precision ("2026-01-01T00:00:00Z"). */
export function createdAtCell(obj: KObject): string {
  const t = obj.metadata.creationTimestamp;
  if (!t) return '';
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : '';
}
