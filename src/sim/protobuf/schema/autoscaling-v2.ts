// Protobuf fields of autoscaling/v2 messages, one message a line:
// `Message name:number:type ...` (notation in ../schema.ts). Written by scripts/protobuf-tables.mjs
// from the Go struct tags of the upstream API types (v0.32.13); re-run it rather than edit by hand.

export const AUTOSCALING_V2 = `
ContainerResourceMetricSource name:1:s! target:2:MetricTarget! container:3:s!
ContainerResourceMetricStatus name:1:s! current:2:MetricValueStatus! container:3:s!
CrossVersionObjectReference kind:1:s! name:2:s! apiVersion:3:s
ExternalMetricSource metric:1:MetricIdentifier! target:2:MetricTarget!
ExternalMetricStatus metric:1:MetricIdentifier! current:2:MetricValueStatus!
HorizontalPodAutoscaler metadata:1:meta/v1.ObjectMeta spec:2:HorizontalPodAutoscalerSpec
  status:3:HorizontalPodAutoscalerStatus
HorizontalPodAutoscalerBehavior scaleUp:1:HPAScalingRules? scaleDown:2:HPAScalingRules?
HorizontalPodAutoscalerCondition type:1:s! status:2:s! lastTransitionTime:3:meta/v1.Time reason:4:s
  message:5:s
HorizontalPodAutoscalerSpec scaleTargetRef:1:CrossVersionObjectReference! minReplicas:2:i32?
  maxReplicas:3:i32! metrics:4:[]MetricSpec behavior:5:HorizontalPodAutoscalerBehavior?
HorizontalPodAutoscalerStatus observedGeneration:1:i64? lastScaleTime:2:meta/v1.Time?
  currentReplicas:3:i32 desiredReplicas:4:i32! currentMetrics:5:[]MetricStatus!
  conditions:6:[]HorizontalPodAutoscalerCondition
HPAScalingPolicy type:1:s! value:2:i32! periodSeconds:3:i32!
HPAScalingRules stabilizationWindowSeconds:3:i32? selectPolicy:1:s? policies:2:[]HPAScalingPolicy
MetricIdentifier name:1:s! selector:2:meta/v1.LabelSelector?
MetricSpec type:1:s! object:2:ObjectMetricSource? pods:3:PodsMetricSource?
  resource:4:ResourceMetricSource? containerResource:7:ContainerResourceMetricSource?
  external:5:ExternalMetricSource?
MetricStatus type:1:s! object:2:ObjectMetricStatus? pods:3:PodsMetricStatus?
  resource:4:ResourceMetricStatus? containerResource:7:ContainerResourceMetricStatus?
  external:5:ExternalMetricStatus?
MetricTarget type:1:s! value:2:resource.Quantity? averageValue:3:resource.Quantity?
  averageUtilization:4:i32?
MetricValueStatus value:1:resource.Quantity? averageValue:2:resource.Quantity? averageUtilization:3:i32?
ObjectMetricSource describedObject:1:CrossVersionObjectReference! target:2:MetricTarget!
  metric:3:MetricIdentifier!
ObjectMetricStatus metric:1:MetricIdentifier! current:2:MetricValueStatus!
  describedObject:3:CrossVersionObjectReference!
PodsMetricSource metric:1:MetricIdentifier! target:2:MetricTarget!
PodsMetricStatus metric:1:MetricIdentifier! current:2:MetricValueStatus!
ResourceMetricSource name:1:s! target:2:MetricTarget!
ResourceMetricStatus name:1:s! current:2:MetricValueStatus!
`;
