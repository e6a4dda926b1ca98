// Service lifecycle as data: a LoadBalancer Service gets an ingress address a moment after creation
// (EXTERNAL-IP goes from <pending> to an address), as a cloud or MetalLB controller would do.

import type { Service } from '../../util/k8s.js';
import type { Stage, StageEnv } from '../kubelet/engine.js';
import type { Ipam } from '../ipam.js';

export interface ServiceEnv extends StageEnv {
  ipam: Ipam;
}

export const serviceStages: readonly Stage<Service, ServiceEnv>[] = [
  {
    name: 'loadbalancer-provisioned',
    kind: 'Service',
    match: (s) =>
      s.spec?.type === 'LoadBalancer' &&
      !s.metadata.deletionTimestamp &&
      (s.status?.loadBalancer?.ingress ?? []).length === 0,
    delayMs: 1500,
    jitterMs: 1000,
    next(s, env) {
      s.status = { ...s.status, loadBalancer: { ingress: [{ ip: env.ipam.allocateLoadBalancerIP() }] } };
      const ing = s.status.loadBalancer?.ingress?.[0] as Record<string, unknown> | undefined;
      if (ing) ing['ipMode'] = 'VIP';
      return s;
    },
  },
];
