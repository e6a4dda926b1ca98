// Protobuf fields of core/v1 messages (part 2 of 2), one message a line:
// `Message name:number:type ...` (notation in ../schema.ts). Written by scripts/protobuf-tables.mjs
// from the Go struct tags of the upstream API types (v0.32.13); re-run it rather than edit by hand.

export const CORE_V1_2 = `
PersistentVolumeSpec capacity:1:{}resource.Quantity ^:2:PersistentVolumeSource accessModes:3:[]s
  claimRef:4:ObjectReference? persistentVolumeReclaimPolicy:5:s storageClassName:6:s mountOptions:7:[]s
  volumeMode:8:s? nodeAffinity:9:VolumeNodeAffinity? volumeAttributesClassName:10:s?
PersistentVolumeStatus phase:1:s message:2:s reason:3:s lastPhaseTransitionTime:4:meta/v1.Time?
PhotonPersistentDiskVolumeSource pdID:1:s! fsType:2:s
Pod metadata:1:meta/v1.ObjectMeta spec:2:PodSpec status:3:PodStatus
PodAffinity requiredDuringSchedulingIgnoredDuringExecution:1:[]PodAffinityTerm
  preferredDuringSchedulingIgnoredDuringExecution:2:[]WeightedPodAffinityTerm
PodAffinityTerm labelSelector:1:meta/v1.LabelSelector? namespaces:2:[]s topologyKey:3:s!
  namespaceSelector:4:meta/v1.LabelSelector? matchLabelKeys:5:[]s mismatchLabelKeys:6:[]s
PodAntiAffinity requiredDuringSchedulingIgnoredDuringExecution:1:[]PodAffinityTerm
  preferredDuringSchedulingIgnoredDuringExecution:2:[]WeightedPodAffinityTerm
PodCondition type:1:s! status:2:s! lastProbeTime:3:meta/v1.Time lastTransitionTime:4:meta/v1.Time
  reason:5:s message:6:s
PodDNSConfig nameservers:1:[]s searches:2:[]s options:3:[]PodDNSConfigOption
PodDNSConfigOption name:1:s value:2:s?
PodIP ip:1:s!
PodOS name:1:s!
PodReadinessGate conditionType:1:s!
PodResourceClaim name:1:s! resourceClaimName:3:s? resourceClaimTemplateName:4:s?
PodResourceClaimStatus name:1:s! resourceClaimName:2:s?
PodSchedulingGate name:1:s!
PodSecurityContext seLinuxOptions:1:SELinuxOptions? windowsOptions:8:WindowsSecurityContextOptions?
  runAsUser:2:i64? runAsGroup:6:i64? runAsNonRoot:3:b? supplementalGroups:4:[]i64
  supplementalGroupsPolicy:12:s? fsGroup:5:i64? sysctls:7:[]Sysctl fsGroupChangePolicy:9:s?
  seccompProfile:10:SeccompProfile? appArmorProfile:11:AppArmorProfile? seLinuxChangePolicy:13:s?
PodSpec volumes:1:[]Volume initContainers:20:[]Container containers:2:[]Container!
  ephemeralContainers:34:[]EphemeralContainer restartPolicy:3:s terminationGracePeriodSeconds:4:i64?
  activeDeadlineSeconds:5:i64? dnsPolicy:6:s nodeSelector:7:{}s serviceAccountName:8:s
  serviceAccount:9:s automountServiceAccountToken:21:b? nodeName:10:s hostNetwork:11:b hostPID:12:b
  hostIPC:13:b shareProcessNamespace:27:b? securityContext:14:PodSecurityContext?
  imagePullSecrets:15:[]LocalObjectReference hostname:16:s subdomain:17:s affinity:18:Affinity?
  schedulerName:19:s tolerations:22:[]Toleration hostAliases:23:[]HostAlias priorityClassName:24:s
  priority:25:i32? dnsConfig:26:PodDNSConfig? readinessGates:28:[]PodReadinessGate
  runtimeClassName:29:s? enableServiceLinks:30:b? preemptionPolicy:31:s? overhead:32:{}resource.Quantity
  topologySpreadConstraints:33:[]TopologySpreadConstraint setHostnameAsFQDN:35:b? os:36:PodOS?
  hostUsers:37:b? schedulingGates:38:[]PodSchedulingGate resourceClaims:39:[]PodResourceClaim
  resources:40:ResourceRequirements?
PodStatus phase:1:s conditions:2:[]PodCondition message:3:s reason:4:s nominatedNodeName:11:s hostIP:5:s
  hostIPs:16:[]HostIP podIP:6:s podIPs:12:[]PodIP startTime:7:meta/v1.Time?
  initContainerStatuses:10:[]ContainerStatus containerStatuses:8:[]ContainerStatus qosClass:9:s
  ephemeralContainerStatuses:13:[]ContainerStatus resize:14:s
  resourceClaimStatuses:15:[]PodResourceClaimStatus
PodTemplate metadata:1:meta/v1.ObjectMeta template:2:PodTemplateSpec
PodTemplateSpec metadata:1:meta/v1.ObjectMeta spec:2:PodSpec
PortStatus port:1:i32! protocol:2:s! error:3:s?
PortworxVolumeSource volumeID:1:s! fsType:2:s readOnly:3:b
PreferredSchedulingTerm weight:1:i32! preference:2:NodeSelectorTerm!
Probe ^:1:ProbeHandler initialDelaySeconds:2:i32 timeoutSeconds:3:i32 periodSeconds:4:i32
  successThreshold:5:i32 failureThreshold:6:i32 terminationGracePeriodSeconds:7:i64?
ProbeHandler exec:1:ExecAction? httpGet:2:HTTPGetAction? tcpSocket:3:TCPSocketAction? grpc:4:GRPCAction?
ProjectedVolumeSource sources:1:[]VolumeProjection! defaultMode:2:i32?
QuobyteVolumeSource registry:1:s! volume:2:s! readOnly:3:b user:4:s group:5:s tenant:6:s
RBDPersistentVolumeSource monitors:1:[]s! image:2:s! fsType:3:s pool:4:s user:5:s keyring:6:s
  secretRef:7:SecretReference? readOnly:8:b
RBDVolumeSource monitors:1:[]s! image:2:s! fsType:3:s pool:4:s user:5:s keyring:6:s
  secretRef:7:LocalObjectReference? readOnly:8:b
ReplicationController metadata:1:meta/v1.ObjectMeta spec:2:ReplicationControllerSpec
  status:3:ReplicationControllerStatus
ReplicationControllerCondition type:1:s! status:2:s! lastTransitionTime:3:meta/v1.Time reason:4:s
  message:5:s
ReplicationControllerSpec replicas:1:i32? minReadySeconds:4:i32 selector:2:{}s
  template:3:PodTemplateSpec?
ReplicationControllerStatus replicas:1:i32! fullyLabeledReplicas:2:i32 readyReplicas:4:i32
  availableReplicas:5:i32 observedGeneration:3:i64 conditions:6:[]ReplicationControllerCondition
ResourceClaim name:1:s! request:2:s
ResourceFieldSelector containerName:1:s resource:2:s! divisor:3:resource.Quantity
ResourceHealth resourceID:1:s! health:2:s
ResourceQuota metadata:1:meta/v1.ObjectMeta spec:2:ResourceQuotaSpec status:3:ResourceQuotaStatus
ResourceQuotaSpec hard:1:{}resource.Quantity scopes:2:[]s scopeSelector:3:ScopeSelector?
ResourceQuotaStatus hard:1:{}resource.Quantity used:2:{}resource.Quantity
ResourceRequirements limits:1:{}resource.Quantity requests:2:{}resource.Quantity
  claims:3:[]ResourceClaim
ResourceStatus name:1:s! resources:2:[]ResourceHealth
ScaleIOPersistentVolumeSource gateway:1:s! system:2:s! secretRef:3:SecretReference?! sslEnabled:4:b
  protectionDomain:5:s storagePool:6:s storageMode:7:s volumeName:8:s fsType:9:s readOnly:10:b
ScaleIOVolumeSource gateway:1:s! system:2:s! secretRef:3:LocalObjectReference?! sslEnabled:4:b
  protectionDomain:5:s storagePool:6:s storageMode:7:s volumeName:8:s fsType:9:s readOnly:10:b
ScopedResourceSelectorRequirement scopeName:1:s! operator:2:s! values:3:[]s
ScopeSelector matchExpressions:1:[]ScopedResourceSelectorRequirement
SeccompProfile type:1:s! localhostProfile:2:s?
Secret metadata:1:meta/v1.ObjectMeta immutable:5:b? data:2:{}y stringData:4:{}s type:3:s
SecretEnvSource ^:1:LocalObjectReference optional:2:b?
SecretKeySelector ^:1:LocalObjectReference key:2:s! optional:3:b?
SecretProjection ^:1:LocalObjectReference items:2:[]KeyToPath optional:4:b?
SecretReference name:1:s namespace:2:s
SecretVolumeSource secretName:1:s items:2:[]KeyToPath defaultMode:3:i32? optional:4:b?
SecurityContext capabilities:1:Capabilities? privileged:2:b? seLinuxOptions:3:SELinuxOptions?
  windowsOptions:10:WindowsSecurityContextOptions? runAsUser:4:i64? runAsGroup:8:i64? runAsNonRoot:5:b?
  readOnlyRootFilesystem:6:b? allowPrivilegeEscalation:7:b? procMount:9:s?
  seccompProfile:11:SeccompProfile? appArmorProfile:12:AppArmorProfile?
SELinuxOptions user:1:s role:2:s type:3:s level:4:s
Service metadata:1:meta/v1.ObjectMeta spec:2:ServiceSpec status:3:ServiceStatus
ServiceAccount metadata:1:meta/v1.ObjectMeta secrets:2:[]ObjectReference
  imagePullSecrets:3:[]LocalObjectReference automountServiceAccountToken:4:b?
ServiceAccountTokenProjection audience:1:s expirationSeconds:2:i64? path:3:s!
ServicePort name:1:s protocol:2:s appProtocol:6:s? port:3:i32! targetPort:4:intstr.IntOrString
  nodePort:5:i32
ServiceSpec ports:1:[]ServicePort selector:2:{}s clusterIP:3:s clusterIPs:18:[]s type:4:s
  externalIPs:5:[]s sessionAffinity:7:s loadBalancerIP:8:s loadBalancerSourceRanges:9:[]s
  externalName:10:s externalTrafficPolicy:11:s healthCheckNodePort:12:i32 publishNotReadyAddresses:13:b
  sessionAffinityConfig:14:SessionAffinityConfig? ipFamilies:19:[]s ipFamilyPolicy:17:s?
  allocateLoadBalancerNodePorts:20:b? loadBalancerClass:21:s? internalTrafficPolicy:22:s?
  trafficDistribution:23:s?
ServiceStatus loadBalancer:1:LoadBalancerStatus conditions:2:[]meta/v1.Condition
SessionAffinityConfig clientIP:1:ClientIPConfig?
SleepAction seconds:1:i64!
StorageOSPersistentVolumeSource volumeName:1:s volumeNamespace:2:s fsType:3:s readOnly:4:b
  secretRef:5:ObjectReference?
StorageOSVolumeSource volumeName:1:s volumeNamespace:2:s fsType:3:s readOnly:4:b
  secretRef:5:LocalObjectReference?
Sysctl name:1:s! value:2:s!
Taint key:1:s! value:2:s effect:3:s! timeAdded:4:meta/v1.Time?
TCPSocketAction port:1:intstr.IntOrString! host:2:s
Toleration key:1:s operator:2:s value:3:s effect:4:s tolerationSeconds:5:i64?
TopologySelectorLabelRequirement key:1:s! values:2:[]s!
TopologySelectorTerm matchLabelExpressions:1:[]TopologySelectorLabelRequirement
TopologySpreadConstraint maxSkew:1:i32! topologyKey:2:s! whenUnsatisfiable:3:s!
  labelSelector:4:meta/v1.LabelSelector? minDomains:5:i32? nodeAffinityPolicy:6:s? nodeTaintsPolicy:7:s?
  matchLabelKeys:8:[]s
TypedLocalObjectReference apiGroup:1:s?! kind:2:s! name:3:s!
TypedObjectReference apiGroup:1:s?! kind:2:s! name:3:s! namespace:4:s?
Volume name:1:s! ^:2:VolumeSource
VolumeDevice name:1:s! devicePath:2:s!
VolumeMount name:1:s! readOnly:2:b recursiveReadOnly:7:s? mountPath:3:s! subPath:4:s
  mountPropagation:5:s? subPathExpr:6:s
VolumeMountStatus name:1:s! mountPath:2:s! readOnly:3:b recursiveReadOnly:4:s?
VolumeNodeAffinity required:1:NodeSelector?
VolumeProjection secret:1:SecretProjection? downwardAPI:2:DownwardAPIProjection?
  configMap:3:ConfigMapProjection? serviceAccountToken:4:ServiceAccountTokenProjection?
  clusterTrustBundle:5:ClusterTrustBundleProjection?
VolumeResourceRequirements limits:1:{}resource.Quantity requests:2:{}resource.Quantity
VolumeSource hostPath:1:HostPathVolumeSource? emptyDir:2:EmptyDirVolumeSource?
  gcePersistentDisk:3:GCEPersistentDiskVolumeSource?
  awsElasticBlockStore:4:AWSElasticBlockStoreVolumeSource? gitRepo:5:GitRepoVolumeSource?
  secret:6:SecretVolumeSource? nfs:7:NFSVolumeSource? iscsi:8:ISCSIVolumeSource?
  glusterfs:9:GlusterfsVolumeSource? persistentVolumeClaim:10:PersistentVolumeClaimVolumeSource?
  rbd:11:RBDVolumeSource? flexVolume:12:FlexVolumeSource? cinder:13:CinderVolumeSource?
  cephfs:14:CephFSVolumeSource? flocker:15:FlockerVolumeSource? downwardAPI:16:DownwardAPIVolumeSource?
  fc:17:FCVolumeSource? azureFile:18:AzureFileVolumeSource? configMap:19:ConfigMapVolumeSource?
  vsphereVolume:20:VsphereVirtualDiskVolumeSource? quobyte:21:QuobyteVolumeSource?
  azureDisk:22:AzureDiskVolumeSource? photonPersistentDisk:23:PhotonPersistentDiskVolumeSource?
  projected:26:ProjectedVolumeSource? portworxVolume:24:PortworxVolumeSource?
  scaleIO:25:ScaleIOVolumeSource? storageos:27:StorageOSVolumeSource? csi:28:CSIVolumeSource?
  ephemeral:29:EphemeralVolumeSource? image:30:ImageVolumeSource?
VsphereVirtualDiskVolumeSource volumePath:1:s! fsType:2:s storagePolicyName:3:s storagePolicyID:4:s
WeightedPodAffinityTerm weight:1:i32! podAffinityTerm:2:PodAffinityTerm!
WindowsSecurityContextOptions gmsaCredentialSpecName:1:s? gmsaCredentialSpec:2:s? runAsUserName:3:s?
  hostProcess:4:b?
`;
