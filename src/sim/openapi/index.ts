// OpenAPI v3 as the API server serves it: the /openapi/v3 index (one document per group version,
// addressed by serverRelativeURL with a hash of its content) and per group version a document with
// paths (each kind's x-kubernetes-group-version-kind, and the `fieldValidation` query parameter that
// makes kubectl leave validation to the server) and components.schemas: the Kubernetes 1.32 schemas of
// its kinds and everything they reference (schema/catalog.ts), or a CRD version's openAPIV3Schema. They
// are the schemas every write is checked against, so `kubectl explain` describes what the server enforces.
// /openapi/v2 (v2.ts) carries the same schemas for what kubectl still reads from it (a List's items).

import { createHash } from 'node:crypto';
import { apiVersionOf, groupVersions, RESOURCES } from '../resources.js';
import type { ResourceInfo } from '../resources.js';
import type { SchemaCatalog } from '../schema/catalog.js';
import { customSchemaName, customSchemas } from './custom.js';

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

function schemaNameOf(cat: SchemaCatalog | undefined, r: ResourceInfo): string | undefined {
  if (r.custom) return customSchemaName(r);
  return cat?.kindName(r.gvr.group, r.gvr.version, r.kind);
}

function paths(cat: SchemaCatalog | undefined, rs: readonly ResourceInfo[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of rs) {
    const gvk = { group: r.gvr.group, version: r.gvr.version, kind: r.kind };
    const name = schemaNameOf(cat, r);
    const content = name
      ? { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } }
      : undefined;
    const op = (verb: string): Record<string, unknown> => ({
      operationId: `${verb}${r.kind}`,
      tags: [apiVersionOf(r.gvr)],
      parameters: QUERY_PARAMS,
      ...(content && verb !== 'delete' && verb !== 'get' ? { requestBody: { content } } : {}),
      responses: { '200': { description: 'OK', ...(content ? { content } : {}) } },
      'x-kubernetes-action': verb,
      'x-kubernetes-group-version-kind': gvk,
    });
    out[itemPath(r)] = {
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
  return out;
}

/** The OpenAPI document of one group version, or undefined when it is not served. */
function groupVersionDoc(
  group: string,
  version: string,
  cat: SchemaCatalog | undefined,
  list: readonly ResourceInfo[] = RESOURCES,
): unknown {
  const rs = list.filter((r) => r.gvr.group === group && r.gvr.version === version);
  if (rs.length === 0) return undefined;
  const builtin = rs.filter((r) => !r.custom);
  const names = builtin
    .map((r) => cat?.kindName(group, version, r.kind))
    .filter((n): n is string => n !== undefined);
  const schemas: Record<string, unknown> = {};
  const custom = customSchemas(
    rs.filter((r) => r.custom),
    cat,
  );
  const closure = cat?.closure([...names, ...custom.refs]) ?? new Map();
  for (const n of [...closure.keys()].sort()) schemas[n] = closure.get(n);
  Object.assign(schemas, custom.schemas);
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0+kubedeck-sim' },
    paths: paths(cat, rs),
    components: { schemas },
  };
}

interface Cached {
  sig: string;
  json: string;
  hash: string;
}
const cache = new Map<string, Cached>();

/** The document of a group version as served (JSON text) and its hash, cached while its kinds stay the same. */
function served(
  group: string,
  version: string,
  cat: SchemaCatalog | undefined,
  list: readonly ResourceInfo[],
): Cached | undefined {
  const rs = list.filter((r) => r.gvr.group === group && r.gvr.version === version);
  if (rs.length === 0) return undefined;
  const key = `${group}/${version}`;
  const sig = `${cat ? 'schemas' : 'none'}:${JSON.stringify(rs)}`;
  const hit = cache.get(key);
  if (hit?.sig === sig) return hit;
  const json = JSON.stringify(groupVersionDoc(group, version, cat, rs));
  const hash = createHash('sha512').update(json).digest('hex').slice(0, 128).toUpperCase();
  const c = { sig, json, hash };
  cache.set(key, c);
  return c;
}

/** GET /openapi/v3: every served group version, custom resources included. */
function openApiIndex(
  cat: SchemaCatalog | undefined,
  list: readonly ResourceInfo[] = RESOURCES,
): unknown {
  const out: Record<string, unknown> = {};
  for (const gv of groupVersions(list)) {
    const doc = served(gv.group, gv.version, cat, list);
    if (!doc) continue;
    const p = gvPath(gv.group, gv.version);
    out[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${doc.hash}` };
  }
  return { paths: out };
}

/** The document (as JSON text) for an /openapi/v3/... path, or undefined (404). */
export function openApiDocument(
  pathname: string,
  cat: SchemaCatalog | undefined,
  list: readonly ResourceInfo[] = RESOURCES,
): string | undefined {
  if (pathname === '/openapi/v3' || pathname === '/openapi/v3/')
    return JSON.stringify(openApiIndex(cat, list));
  const m = /^\/openapi\/v3\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(pathname);
  if (!m) return undefined;
  return m[1] ? served('', m[1], cat, list)?.json : served(m[2] ?? '', m[3] ?? '', cat, list)?.json;
}
