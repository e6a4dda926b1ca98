// An index of one resource's objects by their controller owner's uid, kept current from storage events, so
// a controller finds "the pods of this ReplicaSet" without scanning the namespace. Given an owner kind, it
// holds only the objects whose controller is of that kind (an upstream controller ignores a controllerRef
// of another kind), so the five controllers that own pods do not each index every pod of the cluster.

import type { KObject } from '../../util/k8s.js';
import type { Gvr, Storage, StoredEvent } from '../storage/index.js';
import { keyOf } from './queue.js';
import { controllerRef } from './util.js';

/** An object's entry in its owner's map: its uid (stable across versions), else namespace/name. */
const entryKey = (o: KObject): string => o.metadata.uid ?? keyOf(o.metadata.namespace, o.metadata.name);

export class OwnerIndex<T extends KObject = KObject> {
  private readonly byOwner = new Map<string, Map<string, T>>();
  private unsub: (() => void) | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly gvr: Gvr,
    /** Called after the index saw a change, with the owner uids affected (old and new). */
    private readonly onChange?: (ev: StoredEvent, owners: string[]) => void,
    /** Index only objects controlled by an owner of this kind (all when unset). */
    private readonly ownerKind?: string,
  ) {}

  /** The uid of `o`'s controller, when it is of the indexed kind. */
  private ownerUid(o: KObject): string | undefined {
    const ref = controllerRef(o);
    return ref && (this.ownerKind === undefined || ref.kind === this.ownerKind) ? ref.uid : undefined;
  }

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
    const uid = this.ownerUid(o);
    if (!uid) return undefined;
    let m = this.byOwner.get(uid);
    if (!m) this.byOwner.set(uid, (m = new Map()));
    m.set(entryKey(o), o);
    return uid;
  }

  private remove(o: KObject): string | undefined {
    const uid = this.ownerUid(o);
    if (!uid) return undefined;
    const m = this.byOwner.get(uid);
    m?.delete(entryKey(o));
    if (m?.size === 0) this.byOwner.delete(uid);
    return uid;
  }

  private apply(ev: StoredEvent): void {
    if (this.ownerUid(ev.object) === undefined && (ev.prev === undefined || this.ownerUid(ev.prev) === undefined)) {
      // not indexed before nor after (a pod of another kind of controller): nothing to move
      this.onChange?.(ev, []);
      return;
    }
    const prevUid = ev.prev && ev.type !== 'DELETED' ? this.ownerUid(ev.prev) : undefined;
    if (prevUid !== undefined && prevUid === this.ownerUid(ev.object)) {
      // the same owner before and after (a status write): the entry moves to the end, as remove + add do
      const m = this.byOwner.get(prevUid);
      const key = entryKey(ev.object);
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
