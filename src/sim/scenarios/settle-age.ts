// A seeded scenario starts as a cluster that has been running: what the controllers create for a days-old
// workload while the cluster settles (its ReplicaSets, their pods, a StatefulSet's pods …) is as old as the
// workload, not seconds old under it. Anything created later (a scale, a replaced pod, a CronJob's next
// Job) is born at the current time as usual.
import type { KObject } from '../../util/k8s.js';

/** How long after the seeding a controller's new object still counts as part of the running cluster. */
const SETTLE_MS = 10_000;

export class SettledAges {
  /** uid → creationTimestamp of the seeded objects and of what was created for them while settling. */
  private readonly born = new Map<string, string>();
  private until = Number.NEGATIVE_INFINITY;

  constructor(private readonly now: () => number) {}

  /** A seeded object, stored with its scenario age. */
  seeded(obj: KObject): void {
    const { uid, creationTimestamp } = obj.metadata;
    if (uid && creationTimestamp) this.born.set(uid, creationTimestamp);
  }

  /** Seeding is over: the settling window starts now. */
  settle(): void {
    this.until = this.now() + SETTLE_MS;
  }

  /**
   * The creationTimestamp of a new object: its controller's, while settling, when that controller was
   * seeded (or settled) itself; undefined otherwise. A CronJob's Jobs are its schedule's, never inherited.
   */
  readonly birth = (_gvr: unknown, obj: KObject): string | undefined => {
    if (this.now() > this.until) {
      if (this.born.size) this.born.clear();
      return undefined;
    }
    const ref = obj.metadata.ownerReferences?.find((r) => r.controller);
    if (!ref || ref.kind === 'CronJob') return undefined;
    const ts = this.born.get(ref.uid);
    if (ts && obj.metadata.uid) this.born.set(obj.metadata.uid, ts);
    return ts;
  };
}
