// The write path's hook into schema/check.ts: which kind a request's body is (the scale subresource
// takes an autoscaling/v1 Scale), and its fieldValidation directive.

import type { KObject } from '../../util/k8s.js';
import type { ResourceInfo } from '../resources.js';
import { checkWrite } from '../schema/check.js';
import type { FieldValidation, WriteOp } from '../schema/types.js';
import { isPlainObject } from '../schema/types.js';
import { StorageError } from '../storage/index.js';
import type { SchemaCatalog } from '../schema/catalog.js';

interface Env {
  schemas?: SchemaCatalog;
}

interface TargetLike {
  info: ResourceInfo;
  subresource: string | undefined;
  fieldValidation?: FieldValidation;
}

function scaleInfo(info: ResourceInfo): ResourceInfo {
  const { schema: _schema, custom: _custom, ...rest } = info;
  return {
    ...rest,
    gvr: { group: 'autoscaling', version: 'v1', resource: info.gvr.resource },
    kind: 'Scale',
  };
}

/** Type-check (and prune) the object a write is about to store; returns the warnings to send. */
export function typeCheck(env: Env, t: TargetLike, obj: unknown, op: WriteOp, patch?: unknown): string[] {
  if (!isPlainObject(obj)) return [];
  const o = obj as unknown as KObject;
  if (!isPlainObject(o.metadata)) return [];
  const info = t.subresource === 'scale' ? scaleInfo(t.info) : t.info;
  const r = checkWrite(env.schemas, {
    info,
    op,
    obj: o,
    validation: t.fieldValidation ?? 'Warn',
    ...(patch !== undefined ? { patch } : {}),
  });
  return r.warnings;
}

const DIRECTIVES = ['Ignore', 'Strict', 'Warn'];

/** The fieldValidation query parameter; 422 for an unknown directive, as the API server answers. */
export function fieldValidationOf(params: URLSearchParams, verb: string): FieldValidation | undefined {
  const v = params.get('fieldValidation');
  if (v === null || v === '') return undefined;
  if (DIRECTIVES.includes(v)) return v as FieldValidation;
  const kind = verb === 'create' ? 'CreateOptions' : verb === 'update' ? 'UpdateOptions' : 'PatchOptions';
  const message = `Unsupported value: ${JSON.stringify(v)}: supported values: "", "Ignore", "Strict", "Warn"`;
  throw new StorageError(422, 'Invalid', `${kind}.meta.k8s.io "" is invalid: fieldValidation: ${message}`, {
    group: 'meta.k8s.io',
    kind,
    causes: [{ reason: 'FieldValueNotSupported', message, field: 'fieldValidation' }],
  });
}
