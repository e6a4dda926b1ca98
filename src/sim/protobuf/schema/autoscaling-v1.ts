// Protobuf fields of autoscaling/v1 messages, one message a line:
// `Message name:number:type ...` (notation in ../schema.ts). Written by scripts/protobuf-tables.mjs
// from the Go struct tags of the upstream API types (v0.32.13); re-run it rather than edit by hand.

export const AUTOSCALING_V1 = `
CrossVersionObjectReference kind:1:s! name:2:s! apiVersion:3:s
HorizontalPodAutoscaler metadata:1:meta/v1.ObjectMeta spec:2:HorizontalPodAutoscalerSpec
  status:3:HorizontalPodAutoscalerStatus
HorizontalPodAutoscalerSpec scaleTargetRef:1:CrossVersionObjectReference! minReplicas:2:i32?
  maxReplicas:3:i32! targetCPUUtilizationPercentage:4:i32?
HorizontalPodAutoscalerStatus observedGeneration:1:i64? lastScaleTime:2:meta/v1.Time?
  currentReplicas:3:i32! desiredReplicas:4:i32! currentCPUUtilizationPercentage:5:i32?
Scale metadata:1:meta/v1.ObjectMeta spec:2:ScaleSpec status:3:ScaleStatus
ScaleSpec replicas:1:i32
ScaleStatus replicas:1:i32! selector:2:s
`;
