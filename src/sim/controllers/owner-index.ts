// An index of one resource's objects by their controller owner's uid, kept current from storage events, so
// a controller finds "the pods of this ReplicaSet" without scanning the namespace.

import type { KObject } from '../../util/k8s.js';
import type { Gvr, Storage, StoredEvent } from '../storage/index.js';
import { keyOf } from './queue.js';
import { controllerRef } from './util.js';

export class OwnerIndex<T extends KObject = KObject> {
  private readonly byOwner = new Map<string, Map<string, T>>();
  private unsub: (() => void) | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly gvr: Gvr,
    /** Called after the index saw a change, with the owner uids affected (old and new). */
    private readonly onChange?: (ev: StoredEvent, owners: string[]) => void,
  ) {}

  start(): void {
    if (this.unsub) return;
    this.unsub = this.storage.subscribe(this.gvr, (ev) => this.apply(ev));
    for (const o of this.storage.list(this.gvr).items) this.add(o as T);
  }

  stop(): void {
    this.unsub?.();
    this.unsub = undefined;
    this.byOwner.clear();
  }

  /** Objects controlled by the owner with this uid (live view: copy before mutating storage in a loop). */
  owned(uid: string | undefined): T[] {
    return [...(this.byOwner.get(uid ?? '')?.values() ?? [])];
  }

  private add(o: T): string | undefined {
    const uid = controllerRef(o)?.uid;
    if (!uid) return undefined;
    let m = this.byOwner.get(uid);
    if (!m) this.byOwner.set(uid, (m = new Map()));
    m.set(keyOf(o.metadata.namespace, o.metadata.name), o);
    return uid;
  }

  private remove(o: KObject): string | undefined {
    const uid = controllerRef(o)?.uid;
    if (!uid) return undefined;
    const m = this.byOwner.get(uid);
    m?.delete(keyOf(o.metadata.namespace, o.metadata.name));
    if (m?.size === 0) this.byOwner.delete(uid);
    return uid;
  }

  private apply(ev: StoredEvent): void {
    const prevUid = ev.prev && ev.type !== 'DELETED' ? controllerRef(ev.prev)?.uid : undefined;
    if (prevUid !== undefined && prevUid === controllerRef(ev.object)?.uid) {
      // the same owner before and after (a status write): the entry moves to the end, as remove + add do
      const m = this.byOwner.get(prevUid);
      const key = keyOf(ev.object.metadata.namespace, ev.object.metadata.name);
      if (m) {
        m.delete(key);
        m.set(key, ev.object as T);
      } else this.byOwner.set(prevUid, new Map([[key, ev.object as T]]));
      this.onChange?.(ev, [prevUid]);
      return;
    }
    const owners: string[] = [];
    const before = ev.prev ? this.remove(ev.prev) : undefined;
    if (before) owners.push(before);
    if (ev.type === 'DELETED') {
      const gone = this.remove(ev.object);
      if (gone && gone !== before) owners.push(gone);
    } else {
      const now = this.add(ev.object as T);
      if (now && now !== before) owners.push(now);
    }
    this.onChange?.(ev, owners);
  }
}
