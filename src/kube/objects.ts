// Full objects on demand (YAML, describe, edit): the watch caches keep only slim records.
import type { KObject } from '../util/k8s.js';
import type { Transport } from './transport.js';
import { collectionPath, objectPath } from './resource-path.js';
import type { ResourcePath } from './resource-path.js';

/** The object as the server has it now, raw JSON (no client-node deserializer: unknown fields survive). */
export function fetchObject(t: Transport, path: ResourcePath, name: string): Promise<KObject> {
  return t.request<KObject>(objectPath(path, name));
}

interface EventList {
  items?: KObject[];
}

/** Events about one object, oldest first, as `kubectl describe` lists them. */
export async function fetchEventsFor(t: Transport, obj: KObject): Promise<KObject[]> {
  const m = obj.metadata;
  const fields = [`involvedObject.name=${m.name ?? ''}`];
  if (m.namespace) fields.push(`involvedObject.namespace=${m.namespace}`);
  if (obj.kind) fields.push(`involvedObject.kind=${obj.kind}`);
  if (m.uid) fields.push(`involvedObject.uid=${m.uid}`);
  const list = await t.request<EventList>(collectionPath({ group: '', version: 'v1', plural: 'events', ...(m.namespace ? { namespace: m.namespace } : {}) }), {
    query: { fieldSelector: fields.join(',') },
  });
  const at = (e: KObject) => {
    const r = e as KObject & { lastTimestamp?: string; eventTime?: string };
    return Date.parse(r.lastTimestamp ?? r.eventTime ?? e.metadata.creationTimestamp ?? '') || 0;
  };
  return (list.items ?? []).sort((a, b) => at(a) - at(b));
}

/** `gitVersion` from /version, e.g. `v1.32.0`; undefined when the server does not say. */
export async function fetchServerVersion(t: Transport): Promise<string | undefined> {
  const v = await t.request<{ gitVersion?: string }>('/version');
  return typeof v?.gitVersion === 'string' ? v.gitVersion : undefined;
}
