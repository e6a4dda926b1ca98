// Protobuf fields of storage/v1 messages, one message a line:
// `Message name:number:type ...` (notation in ../schema.ts). Written by scripts/protobuf-tables.mjs
// from the Go struct tags of the upstream API types (v0.32.13); re-run it rather than edit by hand.

export const STORAGE_V1 = `
StorageClass metadata:1:meta/v1.ObjectMeta provisioner:2:s! parameters:3:{}s reclaimPolicy:4:s?
  mountOptions:5:[]s allowVolumeExpansion:6:b? volumeBindingMode:7:s?
  allowedTopologies:8:[]core/v1.TopologySelectorTerm
`;
