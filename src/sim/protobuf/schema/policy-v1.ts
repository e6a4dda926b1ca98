// Protobuf fields of policy/v1 messages, one message a line:
// `Message name:number:type ...` (notation in ../schema.ts). Written by scripts/protobuf-tables.mjs
// from the Go struct tags of the upstream API types (v0.32.13); re-run it rather than edit by hand.

export const POLICY_V1 = `
Eviction metadata:1:meta/v1.ObjectMeta deleteOptions:2:meta/v1.DeleteOptions?
PodDisruptionBudget metadata:1:meta/v1.ObjectMeta spec:2:PodDisruptionBudgetSpec
  status:3:PodDisruptionBudgetStatus
PodDisruptionBudgetSpec minAvailable:1:intstr.IntOrString? selector:2:meta/v1.LabelSelector?
  maxUnavailable:3:intstr.IntOrString? unhealthyPodEvictionPolicy:4:s?
PodDisruptionBudgetStatus observedGeneration:1:i64 disruptedPods:2:{}meta/v1.Time
  disruptionsAllowed:3:i32! currentHealthy:4:i32! desiredHealthy:5:i32! expectedPods:6:i32!
  conditions:7:[]meta/v1.Condition
`;
