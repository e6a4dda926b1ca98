// The ReplicaSet shape the controllers read and write, in its own module so that helpers can use it
// without importing the controller (no import cycles).
import type { KObject, PodTemplateSpec } from '../../util/k8s.js';

export interface ReplicaSet extends KObject {
  spec?: {
    replicas?: number;
    minReadySeconds?: number;
    selector?: { matchLabels?: Record<string, string> };
    template?: PodTemplateSpec;
  };
  status?: {
    replicas: number;
    fullyLabeledReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    observedGeneration?: number;
  };
}
