// A scenario is data: the objects a simulated cluster starts with, each with an age so that the cluster
// looks lived-in (AGE columns of days, not seconds). Controllers then create pods and the kubelet stages
// bring them up, exactly as for objects created later through the API.

import type { KObject } from '../../util/k8s.js';
import type { Gvr } from '../storage/index.js';
import type { SimNode } from '../stages/pod.js';

export interface SeedObject {
  gvr: Gvr;
  object: KObject;
  /** How long ago the object was created (default 0: now). */
  ageMs?: number;
}

export interface Scenario {
  name: string;
  description: string;
  nodes: SimNode[];
  objects(): SeedObject[];
}
