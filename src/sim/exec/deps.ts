// What the streaming subresources need from the simulator (its own module: shared by upgrade and attach).

import type { Scheduler } from '../scheduler.js';
import type { Storage } from '../storage/index.js';

export interface StreamDeps {
  storage: Pick<Storage, 'get' | 'list' | 'subscribe' | 'update'>;
  scheduler: Pick<Scheduler, 'now' | 'setTimer' | 'clearTimer'>;
  /** The simulation's seed (attach replays the container's log lines). */
  seed: number;
}
