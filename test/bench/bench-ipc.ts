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
  | { type: 'memory'; rss: number; heap: number }
  | { type: 'churned'; writes: ChurnWrite[]; total: number; seconds: number };
