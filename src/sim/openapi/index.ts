// A minimal OpenAPI v3 surface, enough for kubectl's `apply` and `create -f` with default validation:
// the /openapi/v3 index (one document per group version, addressed by serverRelativeURL with a hash) and
// per group version a document whose PATCH operations carry each kind's x-kubernetes-group-version-kind
// and declare the `fieldValidation` query parameter (kubectl then leaves validation to the server).
// No schemas: kubectl falls back to its built-in types for strategic merge patches, and to JSON merge
// patches for custom resources. /openapi/v2 is not served (404).

import { createHash } from 'node:crypto';
import { apiVersionOf, groupVersions, RESOURCES } from '../resources.js';
import type { ResourceInfo } from '../resources.js';

const QUERY_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'force', 'pretty'].map((name) => ({
  name,
  in: 'query',
  schema: { type: name === 'force' ? 'boolean' : 'string' },
  uniqueItems: true,
}));

const gvPath = (group: string, version: string): string =>
  group ? `apis/${group}/${version}` : `api/${version}`;

function itemPath(r: ResourceInfo): string {
  const base = `/${gvPath(r.gvr.group, r.gvr.version)}`;
  return r.namespaced
    ? `${base}/namespaces/{namespace}/${r.gvr.resource}/{name}`
    : `${base}/${r.gvr.resource}/{name}`;
}

/** The OpenAPI document of one group version, or undefined when it is not served. */
function groupVersionDoc(
  group: string,
  version: string,
  list: readonly ResourceInfo[] = RESOURCES,
): unknown {
  const rs = list.filter((r) => r.gvr.group === group && r.gvr.version === version);
  if (rs.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const r of rs) {
    const gvk = { group: r.gvr.group, version: r.gvr.version, kind: r.kind };
    const op = (verb: string): Record<string, unknown> => ({
      operationId: `${verb}${r.kind}`,
      tags: [apiVersionOf(r.gvr)],
      parameters: QUERY_PARAMS,
      responses: { '200': { description: 'OK' } },
      'x-kubernetes-action': verb,
      'x-kubernetes-group-version-kind': gvk,
    });
    paths[itemPath(r)] = {
      parameters: [
        { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
        ...(r.namespaced
          ? [{ name: 'namespace', in: 'path', required: true, schema: { type: 'string' } }]
          : []),
      ],
      get: op('get'),
      put: op('put'),
      patch: op('patch'),
      delete: op('delete'),
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0+kubedeck-sim' },
    paths,
    components: { schemas: {} },
  };
}

const hashes = new Map<string, string>();
function hashOf(group: string, version: string): string {
  const k = `${group}/${version}`;
  let h = hashes.get(k);
  if (!h) {
    h = createHash('sha512')
      .update(JSON.stringify(groupVersionDoc(group, version)))
      .digest('hex')
      .slice(0, 128)
      .toUpperCase();
    hashes.set(k, h);
  }
  return h;
}

/** GET /openapi/v3: built-in group versions only (custom resources are validated via the CRD document). */
function openApiIndex(): unknown {
  const paths: Record<string, unknown> = {};
  for (const gv of groupVersions(RESOURCES)) {
    const p = gvPath(gv.group, gv.version);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hashOf(gv.group, gv.version)}` };
  }
  return { paths };
}

/** The document for an /openapi/v3/... path, or undefined (404). */
export function openApiDocument(pathname: string): unknown {
  if (pathname === '/openapi/v3' || pathname === '/openapi/v3/') return openApiIndex();
  const m = /^\/openapi\/v3\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(pathname);
  if (!m) return undefined;
  return m[1] ? groupVersionDoc('', m[1]) : groupVersionDoc(m[2] ?? '', m[3] ?? '');
}
