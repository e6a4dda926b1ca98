// Heartbeat Leases (coordination.k8s.io/v1): each node's kubelet holds a Lease named after the node in
// kube-node-lease (leaseDurationSeconds 40, owned by the Node) and renews it every 10 s; a killed node's
// kubelet renews nothing, so its renewTime goes stale. The control plane's leader-election Leases
// (kube-controller-manager, kube-scheduler in kube-system) are held by the control-plane node.

import type { KObject } from '../../util/k8s.js';
import { LEASES, NAMESPACES, NODES } from '../resources.js';
import type { Scheduler, TimerHandle } from '../scheduler.js';
import type { Storage } from '../storage/index.js';
import { StorageError } from '../storage/index.js';
import type { Rng } from '../rng.js';

const LEASE_RENEW_MS = 10_000;
const NODE_LEASE_NS = 'kube-node-lease';
const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';

/** metav1.MicroTime: RFC 3339 with six fractional digits. */
const microTime = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  renewTime?: string;
  acquireTime?: string;
  leaseTransitions?: number;
}

export class NodeLeases {
  private timer: TimerHandle | undefined;
  /** Holder identities of the leader-election leases (`<node>_<uuid>`, drawn once). */
  private readonly leaders = new Map<string, string>();

  constructor(
    private readonly storage: Storage,
    private readonly scheduler: Scheduler,
    private readonly rng: Rng,
    private readonly isDown: (node: string) => boolean,
    private readonly onError: (err: unknown) => void = (): void => undefined,
    private readonly intervalMs = LEASE_RENEW_MS,
  ) {}

  start(): void {
    if (this.timer) return;
    this.beat();
  }

  stop(): void {
    this.scheduler.clearTimer(this.timer);
    this.timer = undefined;
  }

  private beat(): void {
    const now = this.scheduler.now();
    const nodes = this.storage.list(NODES).items;
    if (this.storage.get(NAMESPACES, undefined, NODE_LEASE_NS))
      for (const n of nodes) {
        const name = n.metadata.name ?? '';
        if (!this.isDown(name)) this.renew(NODE_LEASE_NS, name, name, 40, now, n);
      }
    const cp = nodes.find((n) => n.metadata.labels?.[CONTROL_PLANE] !== undefined);
    const cpName = cp?.metadata.name ?? '';
    if (cp && !this.isDown(cpName) && this.storage.get(NAMESPACES, undefined, 'kube-system'))
      for (const lease of ['kube-controller-manager', 'kube-scheduler']) {
        let holder = this.leaders.get(lease);
        if (!holder) {
          holder = `${cpName}_${this.rng.uuid()}`;
          this.leaders.set(lease, holder);
        }
        this.renew('kube-system', lease, holder, 15, now, undefined);
      }
    this.timer = this.scheduler.setTimer(this.intervalMs, () => this.beat());
  }

  private renew(
    ns: string,
    name: string,
    holder: string,
    duration: number,
    now: number,
    node?: KObject,
  ): void {
    const renewTime = microTime(now);
    try {
      if (this.storage.get(LEASES, ns, name)) {
        this.storage.mutate(LEASES, ns, name, (d) => {
          const spec = ((d as KObject & { spec?: LeaseSpec }).spec ??= {});
          spec.renewTime = renewTime;
        });
        return;
      }
      const lease: KObject & { spec: LeaseSpec } = {
        metadata: {
          name,
          namespace: ns,
          ...(node
            ? {
                ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid ?? '' }],
              }
            : {}),
        },
        spec: {
          holderIdentity: holder,
          leaseDurationSeconds: duration,
          renewTime,
          ...(node ? {} : { acquireTime: renewTime, leaseTransitions: 0 }),
        },
      };
      this.storage.create(LEASES, lease);
    } catch (err) {
      if (!(err instanceof StorageError)) this.onError(err);
    }
  }
}
