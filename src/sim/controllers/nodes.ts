// Node heartbeats: each node's kubelet posts its status periodically, refreshing the conditions'
// lastHeartbeatTime (what `kubectl describe node` shows), on the injected scheduler.

import type { KObject } from '../../util/k8s.js';
import { NODES } from '../resources.js';
import type { Scheduler, TimerHandle } from '../scheduler.js';
import type { Storage } from '../storage/index.js';
import { timestamp } from './util.js';

const HEARTBEAT_MS = 60_000;

interface NodeStatus {
  conditions?: { type: string; lastHeartbeatTime?: string }[];
}

export class NodeHeartbeats {
  private timer: TimerHandle | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly scheduler: Scheduler,
    private readonly intervalMs = HEARTBEAT_MS,
    private readonly onError: (err: unknown) => void = (): void => undefined,
    /** Nodes whose kubelet is down post nothing. */
    private readonly isDown: (node: string) => boolean = () => false,
  ) {}

  start(): void {
    this.timer ??= this.scheduler.setTimer(this.intervalMs, () => this.beat());
  }

  stop(): void {
    this.scheduler.clearTimer(this.timer);
    this.timer = undefined;
  }

  private beat(): void {
    const ts = timestamp(this.scheduler.now());
    for (const n of this.storage.list(NODES).items) {
      if (this.isDown(n.metadata.name ?? '')) continue;
      try {
        this.storage.mutate(NODES, undefined, n.metadata.name ?? '', (draft: KObject) => {
          for (const c of (draft.status as NodeStatus | undefined)?.conditions ?? [])
            c.lastHeartbeatTime = ts;
        });
      } catch (err) {
        this.onError(err);
      }
    }
    this.timer = this.scheduler.setTimer(this.intervalMs, () => this.beat());
  }
}
