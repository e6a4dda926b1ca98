// Where managedFields are kept up to date: a wrapper around storage admission (so an Update owns the
// defaults it brought in, as on a real server where defaulting happens at decoding), and storage views
// that name the simulator's own components as field managers (kube-controller-manager, kubelet, ...).

import { resourceInfo } from '../resources.js';
import type { Admission, Storage, WriteManager, WriteOptions } from '../storage/index.js';
import { reshare } from '../storage/reshare.js';
import { updateManagedFields } from './managed-fields.js';
import { rfc3339Seconds } from '../time.js';

/** RFC 3339 seconds of `ms`, as managedFields' `time`. */
export const rfc3339 = rfc3339Seconds;

/**
 * Admission that also records the write in metadata.managedFields when the write names a manager
 * (WriteOptions.manager). A write without one (server-side apply, which computes its own entries; the
 * registry's own changes such as a deletionTimestamp) keeps the entries the object has, or the old ones.
 */
export function withManagedFields(admit: Admission | undefined, now: () => number): Admission {
  return (gvr, obj, old, opts) => {
    admit?.(gvr, obj, old, opts);
    const w = opts?.manager;
    if (!w || (w.binds && old && nodeName(obj) !== nodeName(old))) {
      if (old?.metadata.managedFields && obj.metadata.managedFields === undefined)
        obj.metadata.managedFields = old.metadata.managedFields;
      return;
    }
    // the parts the write did not change become the old version's, so the compare below skips them
    reshare(obj as unknown as Record<string, unknown>, old as unknown as Record<string, unknown> | undefined);
    const hasStatus =
      w.hasStatus ?? resourceInfo(gvr)?.subresources.some((s) => s.name === 'status') ?? false;
    const entries = updateManagedFields(
      old as unknown as Record<string, unknown> | undefined,
      obj as unknown as Record<string, unknown>,
      {
        manager: w.name,
        subresource: w.subresource,
        hasStatus,
        time: rfc3339(now()),
        ...(w.splitStatus ? { splitStatus: true } : {}),
      },
    );
    if (entries.length > 0) obj.metadata.managedFields = entries;
    else delete obj.metadata.managedFields;
  };
}

const nodeName = (o: { spec?: unknown }): unknown =>
  o.spec !== null && typeof o.spec === 'object' ? (o.spec as { nodeName?: unknown }).nodeName : undefined;

type Create = Storage['create'];
type Update = Storage['update'];
type Mutate = Storage['mutate'];

/**
 * The same storage, whose writes (create, update, mutate) are recorded as `manager`'s unless the caller
 * names another. Reads, watches and deletes go straight through.
 */
export function asManager(storage: Storage, manager: WriteManager): Storage {
  const withManager = <T extends WriteOptions>(opts: T | undefined): T => ({ manager, ...(opts ?? {}) }) as T;
  const create: Create = (gvr, input, opts) => storage.create(gvr, input, withManager(opts));
  const update: Update = (gvr, input, opts) => storage.update(gvr, input, withManager(opts));
  const mutate: Mutate = (gvr, ns, name, fn, opts) => storage.mutate(gvr, ns, name, fn, withManager(opts));
  const bound = new Map<PropertyKey, unknown>(); // one bound method per name, not one per call
  return new Proxy(storage, {
    get(target, prop): unknown {
      if (prop === 'create') return create;
      if (prop === 'update') return update;
      if (prop === 'mutate') return mutate;
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      let b = bound.get(prop);
      if (b === undefined) bound.set(prop, (b = (v as (...a: unknown[]) => unknown).bind(target)));
      return b;
    },
  });
}
