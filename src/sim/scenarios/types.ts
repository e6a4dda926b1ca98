// A scenario is data: the objects a simulated cluster starts with, each with an age so that the cluster
// looks lived-in (AGE columns of days, not seconds). Controllers then create pods and the kubelet stages
// bring them up, exactly as for objects created later through the API.

import type { KObject } from '../../util/k8s.js';
import type { Gvr, Storage } from '../storage/index.js';

/** A simulated node: scenarios turn these into Node objects (scenarios/nodes.ts). */
export interface SimNode {
  name: string;
  /** Node number: pod CIDR 10.244.<index>.0/24 (ipam.ts podCidr; 10.245.0.0/24 from 256 on). */
  index: number;
  hostIP: string;
  /** A control-plane node carries the node-role label and the control-plane NoSchedule taint. */
  controlPlane?: boolean;
  /** Allocatable CPU, memory and pods (default 4, 8Gi, 110). */
  cpu?: string;
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }[];
}

export interface SeedObject {
  gvr: Gvr;
  object: KObject;
  /** How long ago the object was created (default 0: now). */
  ageMs?: number;
  /**
   * The status it starts with, for objects that have been running since before the cluster started (the
   * control plane's static pods): `ago(ms)` is the timestamp that long before the cluster's start.
   */
  status?: (ago: (ms: number) => string) => Record<string, unknown>;
  /** The object, built at the cluster's start (`now` in epoch ms) when its content carries times (helm records). */
  render?: (now: number) => KObject;
}

/** Something that happens to the cluster a while after it starts (a user deleting a pod, say). */
export interface ScenarioAction {
  afterMs: number;
  run(storage: Storage, now: number): void;
}

export interface Scenario {
  name: string;
  description: string;
  nodes: SimNode[];
  objects(): SeedObject[];
  actions?: readonly ScenarioAction[];
  /** A scenario whose size can be chosen (large): the same scenario with that many pods and nodes. */
  sized?(size: { pods?: number; nodes?: number }): Scenario;
}
