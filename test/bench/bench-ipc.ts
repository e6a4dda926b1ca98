// Messages between test/bench/run.ts and the simulator process it forks (sim-child.ts).

/** One write of a focus pod (one on kubedeck's screen): its restartCount became `value` at `at` (epoch ms). */
export interface ChurnWrite {
  key: string;
  value: number;
  at: number;
}

export type ToSim =
  | { type: 'memory' }
  | { type: 'churn'; rate: number; focus: string[]; focusEvery: number }
  | { type: 'stop-churn' }
  | { type: 'exit' };

export type FromSim =
  | { type: 'up'; ms: number }
  | { type: 'progress'; ms: number; running: number; pods: number; rss: number; heap: number }
  | { type: 'running'; ms: number; pods: number; meanPodBytes: number; rss: number; heap: number }
  /** No pod writes to speak of for a while after all Running (`quiet` false: gave up waiting). */
  | { type: 'settled'; ms: number; quiet: boolean; rss: number; heap: number }
  | { type: 'memory'; rss: number; heap: number }
  | { type: 'churned'; writes: ChurnWrite[]; total: number; seconds: number };

/**
 * When a write was first on screen: `seen` maps "namespace/name restarts" to when the screen first showed
 * it; a write is on screen once its value or a later one of that pod is (the values only grow). NaN: never.
 */
export function shownAt(seen: ReadonlyMap<string, number>, w: { key: string; value: number }): number {
  let first = NaN;
  for (const [k, t] of seen) {
    const sp = k.lastIndexOf(' ');
    if (k.slice(0, sp) === w.key && Number(k.slice(sp + 1)) >= w.value && !(t >= first)) first = t;
  }
  return first;
}

