// Protobuf fields of discovery/v1 messages, one message a line:
// `Message name:number:type ...` (notation in ../schema.ts). Written by scripts/protobuf-tables.mjs
// from the Go struct tags of the upstream API types (v0.32.13); re-run it rather than edit by hand.

export const DISCOVERY_V1 = `
Endpoint addresses:1:[]s! conditions:2:EndpointConditions hostname:3:s?
  targetRef:4:core/v1.ObjectReference? deprecatedTopology:5:{}s nodeName:6:s? zone:7:s?
  hints:8:EndpointHints?
EndpointConditions ready:1:b? serving:2:b? terminating:3:b?
EndpointHints forZones:1:[]ForZone
EndpointPort name:1:s? protocol:2:s? port:3:i32? appProtocol:4:s?
EndpointSlice metadata:1:meta/v1.ObjectMeta addressType:4:s! endpoints:2:[]Endpoint!
  ports:3:[]EndpointPort!
ForZone name:1:s!
`;
