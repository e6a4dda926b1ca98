// Protobuf fields of rbac/v1 messages, one message a line:
// `Message name:number:type ...` (notation in ../schema.ts). Written by scripts/protobuf-tables.mjs
// from the Go struct tags of the upstream API types (v0.32.13); re-run it rather than edit by hand.

export const RBAC_V1 = `
AggregationRule clusterRoleSelectors:1:[]meta/v1.LabelSelector
ClusterRole metadata:1:meta/v1.ObjectMeta rules:2:[]PolicyRule! aggregationRule:3:AggregationRule?
ClusterRoleBinding metadata:1:meta/v1.ObjectMeta subjects:2:[]Subject roleRef:3:RoleRef!
PolicyRule verbs:1:[]s! apiGroups:2:[]s resources:3:[]s resourceNames:4:[]s nonResourceURLs:5:[]s
Role metadata:1:meta/v1.ObjectMeta rules:2:[]PolicyRule!
RoleBinding metadata:1:meta/v1.ObjectMeta subjects:2:[]Subject roleRef:3:RoleRef!
RoleRef apiGroup:1:s! kind:2:s! name:3:s!
Subject kind:1:s! apiGroup:2:s name:3:s! namespace:4:s
`;
