// Where a resource lives in the API: group/version/plural (+ namespace) to URL paths.

export interface ResourcePath {
  /** '' for the core group. */
  group: string;
  version: string;
  plural: string;
  /** Omit (or '') for all namespaces / cluster-scoped resources. */
  namespace?: string;
}

function enc(s: string): string {
  return encodeURIComponent(s);
}

/** `/api/v1/namespaces/ns/pods`, `/apis/apps/v1/deployments`, ... */
export function collectionPath(p: ResourcePath): string {
  const base = p.group ? `/apis/${enc(p.group)}/${enc(p.version)}` : `/api/${enc(p.version)}`;
  return p.namespace ? `${base}/namespaces/${enc(p.namespace)}/${enc(p.plural)}` : `${base}/${enc(p.plural)}`;
}

/** One object, optionally a subresource: `/api/v1/namespaces/ns/pods/x/log`. */
export function objectPath(p: ResourcePath, name: string, subresource?: string): string {
  return `${collectionPath(p)}/${enc(name)}${subresource ? `/${subresource}` : ''}`;
}
