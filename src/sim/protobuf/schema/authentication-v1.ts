// Protobuf fields of authentication/v1 messages, one message a line:
// `Message name:number:type ...` (notation in ../schema.ts). Written by scripts/protobuf-tables.mjs
// from the Go struct tags of the upstream API types (v0.32.13); re-run it rather than edit by hand.

export const AUTHENTICATION_V1 = `
BoundObjectReference kind:1:s apiVersion:2:s name:3:s uid:4:s
SelfSubjectReview metadata:1:meta/v1.ObjectMeta status:2:SelfSubjectReviewStatus
SelfSubjectReviewStatus userInfo:1:UserInfo
TokenRequest metadata:1:meta/v1.ObjectMeta spec:2:TokenRequestSpec! status:3:TokenRequestStatus
TokenRequestSpec audiences:1:[]s! expirationSeconds:4:i64?! boundObjectRef:3:BoundObjectReference?!
TokenRequestStatus token:1:s! expirationTimestamp:2:meta/v1.Time!
TokenReview metadata:1:meta/v1.ObjectMeta spec:2:TokenReviewSpec! status:3:TokenReviewStatus
TokenReviewSpec token:1:s audiences:2:[]s
TokenReviewStatus authenticated:1:b user:2:UserInfo audiences:4:[]s error:3:s
UserInfo username:1:s uid:2:s groups:3:[]s extra:4:{}ExtraValue
`;
