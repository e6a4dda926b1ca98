// A release's manifest: the rendered templates, one YAML document per object (`---` between them, each
// after a `# Source: chart/templates/x.yaml` comment), as helm stores it. Only the object references are
// read here; applying the documents is kube/'s.
import { loadAll } from 'js-yaml';

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  name: string;
  /** metadata.namespace as written, '' when the template leaves it to the release's namespace. */
  namespace: string;
  /** The whole document. */
  object: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The objects of a manifest, in order; documents that are empty or not objects with a kind and name are skipped. */
export function manifestObjects(manifest: string | undefined): ManifestObject[] | { error: string } {
  if (!manifest) return [];
  let docs: unknown[];
  try {
    docs = loadAll(manifest);
  } catch (e) {
    return { error: `manifest: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
  const out: ManifestObject[] = [];
  for (const d of docs) {
    if (!isObject(d)) continue;
    const meta = isObject(d['metadata']) ? d['metadata'] : {};
    const kind = str(d['kind']);
    const name = str(meta['name']);
    if (!kind || !name) continue;
    out.push({ apiVersion: str(d['apiVersion']), kind, name, namespace: str(meta['namespace']), object: d });
  }
  return out;
}

/** The group of an apiVersion: "apps/v1" → "apps", "v1" → "". */
export const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');
/** The version of an apiVersion: "apps/v1" → "v1". */
export const versionOf = (apiVersion: string): string => apiVersion.slice(apiVersion.indexOf('/') + 1);
