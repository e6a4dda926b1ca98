// Protobuf fields of events/v1 messages, one message a line:
// `Message name:number:type ...` (notation in ../schema.ts). Written by scripts/protobuf-tables.mjs
// from the Go struct tags of the upstream API types (v0.32.13); re-run it rather than edit by hand.

export const EVENTS_V1 = `
Event metadata:1:meta/v1.ObjectMeta! eventTime:2:meta/v1.MicroTime! series:3:EventSeries?
  reportingController:4:s reportingInstance:5:s action:6:s reason:7:s
  regarding:8:core/v1.ObjectReference related:9:core/v1.ObjectReference? note:10:s type:11:s
  deprecatedSource:12:core/v1.EventSource deprecatedFirstTimestamp:13:meta/v1.Time
  deprecatedLastTimestamp:14:meta/v1.Time deprecatedCount:15:i32
EventSeries count:1:i32! lastObservedTime:2:meta/v1.MicroTime!
`;
