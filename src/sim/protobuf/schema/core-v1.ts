// Protobuf fields of core/v1 messages (part 1 of 2), one message a line:
// `Message name:number:type ...` (notation in ../schema.ts). Written by scripts/protobuf-tables.mjs
// from the Go struct tags of the upstream API types (v0.32.13); re-run it rather than edit by hand.

export const CORE_V1 = `
Affinity nodeAffinity:1:NodeAffinity? podAffinity:2:PodAffinity? podAntiAffinity:3:PodAntiAffinity?
AppArmorProfile type:1:s! localhostProfile:2:s?
AttachedVolume name:1:s! devicePath:2:s!
AWSElasticBlockStoreVolumeSource volumeID:1:s! fsType:2:s partition:3:i32 readOnly:4:b
AzureDiskVolumeSource diskName:1:s! diskURI:2:s! cachingMode:3:s? fsType:4:s? readOnly:5:b? kind:6:s?
AzureFilePersistentVolumeSource secretName:1:s! shareName:2:s! readOnly:3:b secretNamespace:4:s?!
AzureFileVolumeSource secretName:1:s! shareName:2:s! readOnly:3:b
Binding metadata:1:meta/v1.ObjectMeta target:2:ObjectReference!
Capabilities add:1:[]s drop:2:[]s
CephFSPersistentVolumeSource monitors:1:[]s! path:2:s user:3:s secretFile:4:s
  secretRef:5:SecretReference? readOnly:6:b
CephFSVolumeSource monitors:1:[]s! path:2:s user:3:s secretFile:4:s secretRef:5:LocalObjectReference?
  readOnly:6:b
CinderPersistentVolumeSource volumeID:1:s! fsType:2:s readOnly:3:b secretRef:4:SecretReference?
CinderVolumeSource volumeID:1:s! fsType:2:s readOnly:3:b secretRef:4:LocalObjectReference?
ClientIPConfig timeoutSeconds:1:i32?
ClusterTrustBundleProjection name:1:s? signerName:2:s? labelSelector:3:meta/v1.LabelSelector?
  optional:5:b? path:4:s!
ConfigMap metadata:1:meta/v1.ObjectMeta immutable:4:b? data:2:{}s binaryData:3:{}y
ConfigMapEnvSource ^:1:LocalObjectReference optional:2:b?
ConfigMapKeySelector ^:1:LocalObjectReference key:2:s! optional:3:b?
ConfigMapNodeConfigSource namespace:1:s! name:2:s! uid:3:s resourceVersion:4:s kubeletConfigKey:5:s!
ConfigMapProjection ^:1:LocalObjectReference items:2:[]KeyToPath optional:4:b?
ConfigMapVolumeSource ^:1:LocalObjectReference items:2:[]KeyToPath defaultMode:3:i32? optional:4:b?
Container name:1:s! image:2:s command:3:[]s args:4:[]s workingDir:5:s ports:6:[]ContainerPort
  envFrom:19:[]EnvFromSource env:7:[]EnvVar resources:8:ResourceRequirements
  resizePolicy:23:[]ContainerResizePolicy restartPolicy:24:s? volumeMounts:9:[]VolumeMount
  volumeDevices:21:[]VolumeDevice livenessProbe:10:Probe? readinessProbe:11:Probe?
  startupProbe:22:Probe? lifecycle:12:Lifecycle? terminationMessagePath:13:s
  terminationMessagePolicy:20:s imagePullPolicy:14:s securityContext:15:SecurityContext? stdin:16:b
  stdinOnce:17:b tty:18:b
ContainerImage names:1:[]s! sizeBytes:2:i64
ContainerPort name:1:s hostPort:2:i32 containerPort:3:i32! protocol:4:s hostIP:5:s
ContainerResizePolicy resourceName:1:s! restartPolicy:2:s!
ContainerState waiting:1:ContainerStateWaiting? running:2:ContainerStateRunning?
  terminated:3:ContainerStateTerminated?
ContainerStateRunning startedAt:1:meta/v1.Time
ContainerStateTerminated exitCode:1:i32! signal:2:i32 reason:3:s message:4:s startedAt:5:meta/v1.Time
  finishedAt:6:meta/v1.Time containerID:7:s
ContainerStateWaiting reason:1:s message:2:s
ContainerStatus name:1:s! state:2:ContainerState lastState:3:ContainerState ready:4:b!
  restartCount:5:i32! image:6:s! imageID:7:s! containerID:8:s started:9:b?
  allocatedResources:10:{}resource.Quantity resources:11:ResourceRequirements?
  volumeMounts:12:[]VolumeMountStatus user:13:ContainerUser?
  allocatedResourcesStatus:14:[]ResourceStatus
ContainerUser linux:1:LinuxContainerUser?
CSIPersistentVolumeSource driver:1:s! volumeHandle:2:s! readOnly:3:b fsType:4:s volumeAttributes:5:{}s
  controllerPublishSecretRef:6:SecretReference? nodeStageSecretRef:7:SecretReference?
  nodePublishSecretRef:8:SecretReference? controllerExpandSecretRef:9:SecretReference?
  nodeExpandSecretRef:10:SecretReference?
CSIVolumeSource driver:1:s! readOnly:2:b? fsType:3:s? volumeAttributes:4:{}s
  nodePublishSecretRef:5:LocalObjectReference?
DaemonEndpoint Port:1:i32!
DownwardAPIProjection items:1:[]DownwardAPIVolumeFile
DownwardAPIVolumeFile path:1:s! fieldRef:2:ObjectFieldSelector?
  resourceFieldRef:3:ResourceFieldSelector? mode:4:i32?
DownwardAPIVolumeSource items:1:[]DownwardAPIVolumeFile defaultMode:2:i32?
EmptyDirVolumeSource medium:1:s sizeLimit:2:resource.Quantity?
EndpointAddress ip:1:s! hostname:3:s nodeName:4:s? targetRef:2:ObjectReference?
EndpointPort name:1:s port:2:i32! protocol:3:s appProtocol:4:s?
Endpoints metadata:1:meta/v1.ObjectMeta subsets:2:[]EndpointSubset
EndpointSubset addresses:1:[]EndpointAddress notReadyAddresses:2:[]EndpointAddress
  ports:3:[]EndpointPort
EnvFromSource prefix:1:s configMapRef:2:ConfigMapEnvSource? secretRef:3:SecretEnvSource?
EnvVar name:1:s! value:2:s valueFrom:3:EnvVarSource?
EnvVarSource fieldRef:1:ObjectFieldSelector? resourceFieldRef:2:ResourceFieldSelector?
  configMapKeyRef:3:ConfigMapKeySelector? secretKeyRef:4:SecretKeySelector?
EphemeralContainer ^:1:EphemeralContainerCommon targetContainerName:2:s
EphemeralContainerCommon name:1:s! image:2:s command:3:[]s args:4:[]s workingDir:5:s
  ports:6:[]ContainerPort envFrom:19:[]EnvFromSource env:7:[]EnvVar resources:8:ResourceRequirements
  resizePolicy:23:[]ContainerResizePolicy restartPolicy:24:s? volumeMounts:9:[]VolumeMount
  volumeDevices:21:[]VolumeDevice livenessProbe:10:Probe? readinessProbe:11:Probe?
  startupProbe:22:Probe? lifecycle:12:Lifecycle? terminationMessagePath:13:s
  terminationMessagePolicy:20:s imagePullPolicy:14:s securityContext:15:SecurityContext? stdin:16:b
  stdinOnce:17:b tty:18:b
EphemeralVolumeSource volumeClaimTemplate:1:PersistentVolumeClaimTemplate?
Event metadata:1:meta/v1.ObjectMeta! involvedObject:2:ObjectReference! reason:3:s message:4:s
  source:5:EventSource firstTimestamp:6:meta/v1.Time lastTimestamp:7:meta/v1.Time count:8:i32 type:9:s
  eventTime:10:meta/v1.MicroTime series:11:EventSeries? action:12:s related:13:ObjectReference?
  reportingComponent:14:s! reportingInstance:15:s!
EventSeries count:1:i32 lastObservedTime:2:meta/v1.MicroTime
EventSource component:1:s host:2:s
ExecAction command:1:[]s
FCVolumeSource targetWWNs:1:[]s lun:2:i32? fsType:3:s readOnly:4:b wwids:5:[]s
FlexPersistentVolumeSource driver:1:s! fsType:2:s secretRef:3:SecretReference? readOnly:4:b
  options:5:{}s
FlexVolumeSource driver:1:s! fsType:2:s secretRef:3:LocalObjectReference? readOnly:4:b options:5:{}s
FlockerVolumeSource datasetName:1:s datasetUUID:2:s
GCEPersistentDiskVolumeSource pdName:1:s! fsType:2:s partition:3:i32 readOnly:4:b
GitRepoVolumeSource repository:1:s! revision:2:s directory:3:s
GlusterfsPersistentVolumeSource endpoints:1:s! path:2:s! readOnly:3:b endpointsNamespace:4:s?
GlusterfsVolumeSource endpoints:1:s! path:2:s! readOnly:3:b
GRPCAction port:1:i32! service:2:s?!
HostAlias ip:1:s! hostnames:2:[]s
HostIP ip:1:s!
HostPathVolumeSource path:1:s! type:2:s?
HTTPGetAction path:1:s port:2:intstr.IntOrString! host:3:s scheme:4:s httpHeaders:5:[]HTTPHeader
HTTPHeader name:1:s! value:2:s!
ImageVolumeSource reference:1:s pullPolicy:2:s
ISCSIPersistentVolumeSource targetPortal:1:s! iqn:2:s! lun:3:i32! iscsiInterface:4:s fsType:5:s
  readOnly:6:b portals:7:[]s chapAuthDiscovery:8:b chapAuthSession:11:b secretRef:10:SecretReference?
  initiatorName:12:s?
ISCSIVolumeSource targetPortal:1:s! iqn:2:s! lun:3:i32! iscsiInterface:4:s fsType:5:s readOnly:6:b
  portals:7:[]s chapAuthDiscovery:8:b chapAuthSession:11:b secretRef:10:LocalObjectReference?
  initiatorName:12:s?
KeyToPath key:1:s! path:2:s! mode:3:i32?
Lifecycle postStart:1:LifecycleHandler? preStop:2:LifecycleHandler?
LifecycleHandler exec:1:ExecAction? httpGet:2:HTTPGetAction? tcpSocket:3:TCPSocketAction?
  sleep:4:SleepAction?
LimitRange metadata:1:meta/v1.ObjectMeta spec:2:LimitRangeSpec
LimitRangeItem type:1:s! max:2:{}resource.Quantity min:3:{}resource.Quantity
  default:4:{}resource.Quantity defaultRequest:5:{}resource.Quantity
  maxLimitRequestRatio:6:{}resource.Quantity
LimitRangeSpec limits:1:[]LimitRangeItem!
LinuxContainerUser uid:1:i64! gid:2:i64! supplementalGroups:3:[]i64
LoadBalancerIngress ip:1:s hostname:2:s ipMode:3:s? ports:4:[]PortStatus
LoadBalancerStatus ingress:1:[]LoadBalancerIngress
LocalObjectReference name:1:s
LocalVolumeSource path:1:s! fsType:2:s?
ModifyVolumeStatus targetVolumeAttributesClassName:1:s status:2:s!
Namespace metadata:1:meta/v1.ObjectMeta spec:2:NamespaceSpec status:3:NamespaceStatus
NamespaceCondition type:1:s! status:2:s! lastTransitionTime:4:meta/v1.Time reason:5:s message:6:s
NamespaceSpec finalizers:1:[]s
NamespaceStatus phase:1:s conditions:2:[]NamespaceCondition
NFSVolumeSource server:1:s! path:2:s! readOnly:3:b
Node metadata:1:meta/v1.ObjectMeta spec:2:NodeSpec status:3:NodeStatus
NodeAddress type:1:s! address:2:s!
NodeAffinity requiredDuringSchedulingIgnoredDuringExecution:1:NodeSelector?
  preferredDuringSchedulingIgnoredDuringExecution:2:[]PreferredSchedulingTerm
NodeCondition type:1:s! status:2:s! lastHeartbeatTime:3:meta/v1.Time lastTransitionTime:4:meta/v1.Time
  reason:5:s message:6:s
NodeConfigSource configMap:2:ConfigMapNodeConfigSource?
NodeConfigStatus assigned:1:NodeConfigSource? active:2:NodeConfigSource?
  lastKnownGood:3:NodeConfigSource? error:4:s
NodeDaemonEndpoints kubeletEndpoint:1:DaemonEndpoint
NodeFeatures supplementalGroupsPolicy:1:b?
NodeRuntimeHandler name:1:s! features:2:NodeRuntimeHandlerFeatures?
NodeRuntimeHandlerFeatures recursiveReadOnlyMounts:1:b? userNamespaces:2:b?
NodeSelector nodeSelectorTerms:1:[]NodeSelectorTerm!
NodeSelectorRequirement key:1:s! operator:2:s! values:3:[]s
NodeSelectorTerm matchExpressions:1:[]NodeSelectorRequirement matchFields:2:[]NodeSelectorRequirement
NodeSpec podCIDR:1:s podCIDRs:7:[]s providerID:3:s unschedulable:4:b taints:5:[]Taint
  configSource:6:NodeConfigSource? externalID:2:s
NodeStatus capacity:1:{}resource.Quantity allocatable:2:{}resource.Quantity phase:3:s
  conditions:4:[]NodeCondition addresses:5:[]NodeAddress daemonEndpoints:6:NodeDaemonEndpoints
  nodeInfo:7:NodeSystemInfo images:8:[]ContainerImage volumesInUse:9:[]s
  volumesAttached:10:[]AttachedVolume config:11:NodeConfigStatus?
  runtimeHandlers:12:[]NodeRuntimeHandler features:13:NodeFeatures?
NodeSystemInfo machineID:1:s! systemUUID:2:s! bootID:3:s! kernelVersion:4:s! osImage:5:s!
  containerRuntimeVersion:6:s! kubeletVersion:7:s! kubeProxyVersion:8:s! operatingSystem:9:s!
  architecture:10:s!
ObjectFieldSelector apiVersion:1:s fieldPath:2:s!
ObjectReference kind:1:s namespace:2:s name:3:s uid:4:s apiVersion:5:s resourceVersion:6:s fieldPath:7:s
PersistentVolume metadata:1:meta/v1.ObjectMeta spec:2:PersistentVolumeSpec
  status:3:PersistentVolumeStatus
PersistentVolumeClaim metadata:1:meta/v1.ObjectMeta spec:2:PersistentVolumeClaimSpec
  status:3:PersistentVolumeClaimStatus
PersistentVolumeClaimCondition type:1:s! status:2:s! lastProbeTime:3:meta/v1.Time
  lastTransitionTime:4:meta/v1.Time reason:5:s message:6:s
PersistentVolumeClaimSpec accessModes:1:[]s selector:4:meta/v1.LabelSelector?
  resources:2:VolumeResourceRequirements volumeName:3:s storageClassName:5:s? volumeMode:6:s?
  dataSource:7:TypedLocalObjectReference? dataSourceRef:8:TypedObjectReference?
  volumeAttributesClassName:9:s?
PersistentVolumeClaimStatus phase:1:s accessModes:2:[]s capacity:3:{}resource.Quantity
  conditions:4:[]PersistentVolumeClaimCondition allocatedResources:5:{}resource.Quantity
  allocatedResourceStatuses:7:{}s currentVolumeAttributesClassName:8:s?
  modifyVolumeStatus:9:ModifyVolumeStatus?
PersistentVolumeClaimTemplate metadata:1:meta/v1.ObjectMeta spec:2:PersistentVolumeClaimSpec!
PersistentVolumeClaimVolumeSource claimName:1:s! readOnly:2:b
PersistentVolumeSource gcePersistentDisk:1:GCEPersistentDiskVolumeSource?
  awsElasticBlockStore:2:AWSElasticBlockStoreVolumeSource? hostPath:3:HostPathVolumeSource?
  glusterfs:4:GlusterfsPersistentVolumeSource? nfs:5:NFSVolumeSource? rbd:6:RBDPersistentVolumeSource?
  iscsi:7:ISCSIPersistentVolumeSource? cinder:8:CinderPersistentVolumeSource?
  cephfs:9:CephFSPersistentVolumeSource? fc:10:FCVolumeSource? flocker:11:FlockerVolumeSource?
  flexVolume:12:FlexPersistentVolumeSource? azureFile:13:AzureFilePersistentVolumeSource?
  vsphereVolume:14:VsphereVirtualDiskVolumeSource? quobyte:15:QuobyteVolumeSource?
  azureDisk:16:AzureDiskVolumeSource? photonPersistentDisk:17:PhotonPersistentDiskVolumeSource?
  portworxVolume:18:PortworxVolumeSource? scaleIO:19:ScaleIOPersistentVolumeSource?
  local:20:LocalVolumeSource? storageos:21:StorageOSPersistentVolumeSource?
  csi:22:CSIPersistentVolumeSource?
`;
