// A custom resource's schema as the API server publishes it in /openapi/v3: the CRD version's
// openAPIV3Schema under the name `<reversed group>.<version>.<Kind>` (com.example.v1.Widget), with its
// x-kubernetes-group-version-kind, and apiVersion, kind and metadata described as for every kind
// (metadata referencing ObjectMeta).

import type { ResourceInfo } from '../resources.js';
import type { SchemaCatalog } from '../schema/catalog.js';
import { isPlainObject } from '../schema/types.js';
import type { Schema } from '../schema/types.js';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

export const customSchemaName = (r: ResourceInfo): string =>
  `${r.gvr.group.split('.').reverse().join('.')}.${r.gvr.version}.${r.kind}`;

/** The standard description of a common field, taken from a built-in kind's schema. */
function standard(cat: SchemaCatalog | undefined, field: string): string | undefined {
  const cm = cat?.component('io.k8s.api.core.v1.ConfigMap');
  return cm?.properties?.[field]?.description;
}

export function customSchemas(
  rs: readonly ResourceInfo[],
  cat: SchemaCatalog | undefined,
): { schemas: Record<string, Schema>; refs: string[] } {
  const schemas: Record<string, Schema> = {};
  for (const r of rs) {
    const given: Schema = isPlainObject(r.schema)
      ? (structuredClone(r.schema) as Schema)
      : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    const describe = (field: string, s: Schema): Schema => {
      const d = standard(cat, field);
      return d ? { ...s, description: d } : s;
    };
    given.properties = {
      ...given.properties,
      apiVersion: describe('apiVersion', { type: 'string' }),
      kind: describe('kind', { type: 'string' }),
      metadata: describe('metadata', { allOf: [{ $ref: `#/components/schemas/${OBJECT_META}` }] }),
    };
    given.type ??= 'object';
    given['x-kubernetes-group-version-kind'] = [{ group: r.gvr.group, version: r.gvr.version, kind: r.kind }];
    schemas[customSchemaName(r)] = given;
  }
  return { schemas, refs: rs.length > 0 ? [OBJECT_META] : [] };
}
