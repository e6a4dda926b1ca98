// The write path's hook into schema/check.ts: which kind a request's body is (a subresource's own kind:
// the scale subresource takes an autoscaling/v1 Scale), and its fieldValidation directive.

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

/** The kind a subresource's body is (scale: autoscaling/v1 Scale, eviction: policy/v1 Eviction), as discovery says. */
function bodyInfo(info: ResourceInfo, subresource: string | undefined): ResourceInfo | undefined {
  if (subresource === undefined || subresource === 'status') return info;
  const sub = info.subresources.find((s) => s.name === subresource);
  if (!sub) return undefined;
  const { schema: _schema, custom: _custom, ...rest } = info;
  const gvr = {
    group: sub.group ?? info.gvr.group,
    version: sub.version ?? info.gvr.version,
    resource: info.gvr.resource,
  };
  return { ...rest, gvr, kind: sub.kind };
}

/** Type-check (and prune) the object a write is about to store; returns the warnings to send. */
export function typeCheck(env: Env, t: TargetLike, obj: unknown, op: WriteOp, patch?: unknown): string[] {
  if (!isPlainObject(obj)) return [];
  const o = obj as unknown as KObject;
  if (!isPlainObject(o.metadata)) return [];
  const info = bodyInfo(t.info, t.subresource);
  if (!info) return [];
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
