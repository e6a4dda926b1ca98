import type { ResourceDef, SlimBase } from '../../src/resources/types.js';
import { served } from '../../src/resources/capabilities.js';

/** A minimal kind for store tests that must not depend on the real registry. */
export const things: ResourceDef = {
  kind: 'Thing',
  plural: 'things',
  singular: 'thing',
  group: 'example.com',
  version: 'v1',
  namespaced: true,
  aliases: ['th'],
  columns: [{ name: 'NAME' }, { name: 'STATUS' }],
  project: (o) => ({
    key: `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`,
    uid: o.metadata.uid ?? '',
    name: o.metadata.name ?? '',
    namespace: o.metadata.namespace,
    rv: o.metadata.resourceVersion ?? '',
    labels: o.metadata.labels ?? {},
    created: Date.parse(o.metadata.creationTimestamp ?? ''),
    deleting: Boolean(o.metadata.deletionTimestamp),
  }),
  row: (r) => [r.name, r.deleting ? 'Terminating' : 'Fine'],
  status: (r) => (r.deleting ? { text: 'Terminating', tone: 'warn' } : { text: 'Fine', tone: 'ok' }),
  can: served,
};

export function rec(namespace: string, name: string): SlimBase {
  return { key: `${namespace}/${name}`, uid: `${namespace}-${name}`, name, namespace, rv: '1', labels: {}, created: 0, deleting: false };
}
