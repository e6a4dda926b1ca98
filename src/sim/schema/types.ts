// The part of an OpenAPI v3 schema object the simulator reads: the built-in kinds' schemas (from the
// Kubernetes 1.32 OpenAPI document, k8s-1.32.json) and CRDs' openAPIV3Schema share this shape.

export interface Schema {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  $ref?: string;
  allOf?: Schema[];
  nullable?: boolean;
  pattern?: string;
  maximum?: number;
  minimum?: number;
  exclusiveMaximum?: boolean;
  exclusiveMinimum?: boolean;
  maxLength?: number;
  minLength?: number;
  maxItems?: number;
  minItems?: number;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  [k: string]: unknown;
}

/** Where a write came from: decides the shape of a type error (each one is what the API server says). */
export type WriteOp = 'create' | 'update' | 'json-patch' | 'merge-patch' | 'strategic-patch' | 'apply';

/** The fieldValidation directive of a write (default Warn, as on the API server). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
