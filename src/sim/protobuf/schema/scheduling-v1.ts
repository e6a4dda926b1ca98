// Protobuf fields of scheduling/v1 messages, one message a line:
// `Message name:number:type ...` (notation in ../schema.ts). Written by scripts/protobuf-tables.mjs
// from the Go struct tags of the upstream API types (v0.32.13); re-run it rather than edit by hand.

export const SCHEDULING_V1 = `
PriorityClass metadata:1:meta/v1.ObjectMeta value:2:i32! globalDefault:3:b description:4:s
  preemptionPolicy:5:s?
`;
