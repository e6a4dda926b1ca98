// Protobuf fields of coordination/v1 messages, one message a line:
// `Message name:number:type ...` (notation in ../schema.ts). Written by scripts/protobuf-tables.mjs
// from the Go struct tags of the upstream API types (v0.32.13); re-run it rather than edit by hand.

export const COORDINATION_V1 = `
Lease metadata:1:meta/v1.ObjectMeta spec:2:LeaseSpec
LeaseSpec holderIdentity:1:s? leaseDurationSeconds:2:i32? acquireTime:3:meta/v1.MicroTime?
  renewTime:4:meta/v1.MicroTime? leaseTransitions:5:i32? strategy:6:s? preferredHolder:7:s?
`;
