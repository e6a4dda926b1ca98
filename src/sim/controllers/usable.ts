// What a controller can use. The API server rejects a write whose counts have the wrong type
// (schema/check.ts), but objects also come from scenarios, storage seeds and older stores: a controller
// that met `replicas: "abc"` would compute NaN and write it back on every sync. So each controller
// first asks whether the object's numbers are numbers and leaves an unusable object alone: no writes,
// no retry (the next change to the object queues it again).

const get = (o: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (cur, k) => (cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined),
      o,
    );

const isCount = (v: unknown): boolean =>
  v === undefined || v === null || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0);

const isIntOrPercent = (v: unknown): boolean => isCount(v) || (typeof v === 'string' && /^\d+%$/.test(v));

/** True when every `counts` path of `spec` is absent or a non-negative integer, and every `intOrPercent` one an integer or "N%". */
export function usableSpec(
  spec: unknown,
  counts: readonly string[],
  intOrPercent: readonly string[] = [],
): boolean {
  return (
    counts.every((p) => isCount(get(spec, p))) && intOrPercent.every((p) => isIntOrPercent(get(spec, p)))
  );
}

export const DEPLOYMENT_COUNTS = [
  'replicas',
  'minReadySeconds',
  'progressDeadlineSeconds',
  'revisionHistoryLimit',
];
export const DEPLOYMENT_FENCEPOSTS = [
  'strategy.rollingUpdate.maxSurge',
  'strategy.rollingUpdate.maxUnavailable',
];
export const REPLICASET_COUNTS = ['replicas', 'minReadySeconds'];
export const STATEFULSET_COUNTS = ['replicas', 'minReadySeconds', 'revisionHistoryLimit'];
export const JOB_COUNTS = [
  'parallelism',
  'completions',
  'backoffLimit',
  'activeDeadlineSeconds',
  'ttlSecondsAfterFinished',
];

/** A ReplicaSet's spec.replicas as a number a controller can add to (0 when it is not one). */
export const countOf = (v: unknown): number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0;
