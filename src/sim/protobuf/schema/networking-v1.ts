// Protobuf fields of networking/v1 messages, one message a line:
// `Message name:number:type ...` (notation in ../schema.ts). Written by scripts/protobuf-tables.mjs
// from the Go struct tags of the upstream API types (v0.32.13); re-run it rather than edit by hand.

export const NETWORKING_V1 = `
HTTPIngressPath path:1:s pathType:3:s?! backend:2:IngressBackend!
HTTPIngressRuleValue paths:1:[]HTTPIngressPath!
Ingress metadata:1:meta/v1.ObjectMeta spec:2:IngressSpec status:3:IngressStatus
IngressBackend service:4:IngressServiceBackend? resource:3:core/v1.TypedLocalObjectReference?
IngressClass metadata:1:meta/v1.ObjectMeta spec:2:IngressClassSpec
IngressClassParametersReference apiGroup:1:s? kind:2:s! name:3:s! scope:4:s?! namespace:5:s?
IngressClassSpec controller:1:s parameters:2:IngressClassParametersReference?
IngressLoadBalancerIngress ip:1:s hostname:2:s ports:4:[]IngressPortStatus
IngressLoadBalancerStatus ingress:1:[]IngressLoadBalancerIngress
IngressPortStatus port:1:i32! protocol:2:s! error:3:s?
IngressRule host:1:s ^:2:IngressRuleValue
IngressRuleValue http:1:HTTPIngressRuleValue?
IngressServiceBackend name:1:s! port:2:ServiceBackendPort
IngressSpec ingressClassName:4:s? defaultBackend:1:IngressBackend? tls:2:[]IngressTLS
  rules:3:[]IngressRule
IngressStatus loadBalancer:1:IngressLoadBalancerStatus
IngressTLS hosts:1:[]s secretName:2:s
IPBlock cidr:1:s! except:2:[]s
NetworkPolicy metadata:1:meta/v1.ObjectMeta spec:2:NetworkPolicySpec
NetworkPolicyEgressRule ports:1:[]NetworkPolicyPort to:2:[]NetworkPolicyPeer
NetworkPolicyIngressRule ports:1:[]NetworkPolicyPort from:2:[]NetworkPolicyPeer
NetworkPolicyPeer podSelector:1:meta/v1.LabelSelector? namespaceSelector:2:meta/v1.LabelSelector?
  ipBlock:3:IPBlock?
NetworkPolicyPort protocol:1:s? port:2:intstr.IntOrString? endPort:3:i32?
NetworkPolicySpec podSelector:1:meta/v1.LabelSelector! ingress:2:[]NetworkPolicyIngressRule
  egress:3:[]NetworkPolicyEgressRule policyTypes:4:[]s
ServiceBackendPort name:1:s number:2:i32
`;
