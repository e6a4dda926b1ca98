// Logs as a service of the connection: which containers `l` streams for a row (as the row's kind
// declares it), the streaming sessions, and the pods' containers for `c`/`a`. The UI holds no transport.
import type { Transport } from '../../kube/transport.js';
import { collectionPath } from '../../kube/resource-path.js';
import type { Effect, LogTargetSpec } from '../../resources/capabilities.js';
import { collectionOf, resolveResource } from '../../resources/registry.js';
import type { ResourceDef, SlimBase } from '../../resources/types.js';
import type { Pod } from '../../util/k8s.js';
import { fetchPodContainers } from './log-containers.js';
import type { PodContainers } from './log-containers.js';
import { LogSession } from './logs.js';
import type { LogSessionOptions, LogTarget } from './logs.js';

/** Pods of a workload or service at most, for merged logs. */
const MAX_LOG_PODS = 30;

type LogsEffect = Extract<Effect<SlimBase>, { type: 'logs' }>;

export class LogService {
  constructor(
    private readonly transport: Promise<Transport>,
    /** Logs kept in memory per session (config `logBufferMB`); older lines spill to a temp file. */
    private readonly maxBytes?: number,
    /** Bound on a session's spill files (config `logSpillMB`). */
    private readonly maxSpillBytes?: number,
    /** Held while a session streams (the TUI keeps V8's heap tighter then: cli/memory-saver.ts). */
    private readonly whileStreaming?: () => () => void,
  ) {}

  /** The containers `l` shows for a row: as its kind declares them, or those of the pods it drills to. */
  async targets(effect: LogsEffect, resource: ResourceDef, rec: SlimBase): Promise<LogTargetSpec[]> {
    if (effect.targets !== 'drill') return effect.targets.of(rec);
    const d = resource.drill?.(rec);
    const pods = d && resolveResource(d.resource);
    if (!d || !pods) return [];
    const t = await this.transport;
    const list = await t.request<{ items?: Pod[] }>(collectionPath(collectionOf(pods, d.namespace)), {
      query: { limit: MAX_LOG_PODS, ...(d.labelSelector ? { labelSelector: d.labelSelector } : {}), ...(d.fieldSelector ? { fieldSelector: d.fieldSelector } : {}) },
    });
    return (list.items ?? []).flatMap((p) =>
      (p.spec?.containers ?? []).map((c) => ({ namespace: p.metadata.namespace ?? d.namespace ?? '', pod: p.metadata.name ?? '', container: c.name })),
    );
  }

  /** A streaming session over `targets`; `onChange` is called (coalesced by the caller) as lines arrive. */
  session(targets: readonly LogTarget[], opts: Omit<LogSessionOptions, 'maxBytes' | 'maxSpillBytes'>, onChange: () => void): LogSession {
    const bounds = { ...(this.maxBytes ? { maxBytes: this.maxBytes } : {}), ...(this.maxSpillBytes ? { maxSpillBytes: this.maxSpillBytes } : {}) };
    const session = new LogSession(this.transport, targets, { ...opts, ...bounds }, onChange);
    if (this.whileStreaming) session.hold(this.whileStreaming());
    return session;
  }

  /** The distinct pods of a session's targets with their containers (for `c` and `a`). */
  async podContainers(targets: readonly LogTarget[]): Promise<PodContainers[]> {
    return fetchPodContainers(await this.transport, targets);
  }
}
