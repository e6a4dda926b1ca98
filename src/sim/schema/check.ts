// Type checks on every write, against the same schemas /openapi/v3 serves, answered as the 1.32 API
// server answers (its decoders differ by verb, so the words and codes do too):
//   create, update          400 BadRequest `Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`
//   JSON and merge patch    422 Invalid, cause `patch: Invalid value: "<patched object>": json: cannot unmarshal …`
//   strategic merge patch   422 Invalid, cause `patch: Invalid value: "map[spec:map[replicas:abc]]": unrecognized type: int32`
//   server-side apply       500 `failed to create typed patch object (ns/name; apps/v1, Kind=Deployment): .spec.replicas: expected numeric (int or float), got string`
//   custom resources        422 Invalid `Widget.example.com "w" is invalid: spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"`
// Fields the schema does not declare are dropped (as Go's decoder drops them) and reported as the
// fieldValidation directive asks: Strict fails the write, Warn (the default) returns warnings.

import type { KObject } from '../../util/k8s.js';
import { StorageError } from '../storage/index.js';
import type { StatusCause } from '../storage/index.js';
import type { ResourceInfo } from '../resources.js';
import type { SchemaCatalog } from './catalog.js';
import { decodeMessage, goPrint, smdMessage, sortedJson, unstructuredMessage } from './messages.js';
import { validateStructural } from './structural.js';
import { isPlainObject } from './types.js';
import type { FieldValidation, Schema, WriteOp } from './types.js';
import { walkObject } from './walk.js';
import type { Finding } from './walk.js';

export interface CheckRequest {
  info: ResourceInfo;
  op: WriteOp;
  /** The object about to be stored (pruned in place). */
  obj: KObject;
  validation: FieldValidation;
  /** The request body of a patch (printed by strategic merge errors, checked by apply). */
  patch?: unknown;
  /** Kind and version to name in a decode error (the body's own, else the URL's). */
  bodyKind?: string;
  bodyVersion?: string;
}

export interface CheckResult {
  /** Warning headers' texts (`unknown field "spec.foo"`), for fieldValidation=Warn. */
  warnings: string[];
}

const NONE: CheckResult = { warnings: [] };

/** The schema of a custom resource's version, carried by its ResourceInfo. */
const crdSchema = (info: ResourceInfo): Schema | undefined =>
  isPlainObject(info.schema) ? (info.schema as Schema) : undefined;

function invalid(group: string, kind: string, name: string, causes: StatusCause[]): StorageError {
  const qualified = group ? `${kind}.${group}` : kind;
  const list = causes.map((c) => `${c.field}: ${c.message}`);
  const msg = list.length === 1 ? (list[0] ?? '') : `[${list.join(', ')}]`;
  return new StorageError(422, 'Invalid', `${qualified} ${JSON.stringify(name)} is invalid: ${msg}`, {
    ...(name ? { name } : {}),
    ...(group ? { group } : {}),
    ...(kind ? { kind } : {}),
    causes,
  });
}

const strictMessage = (unknown: Finding[]): string =>
  `strict decoding error: ${unknown.map((f) => decodeMessage(f)).join(', ')}`;

function patchInvalid(value: string, detail: string): StorageError {
  return invalid('', '', '', [
    {
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
      field: 'patch',
    },
  ]);
}

function objectRef(req: CheckRequest): string {
  const { info, obj } = req;
  const gv = info.gvr.group ? `${info.gvr.group}/${info.gvr.version}` : `/${info.gvr.version}`;
  return `(${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}; ${gv}, Kind=${info.kind})`;
}

function checkCustom(req: CheckRequest): CheckResult {
  const schema = crdSchema(req.info);
  if (!schema) return NONE;
  const r = validateStructural(schema, req.obj as unknown as Record<string, unknown>);
  const unknown = r.pruned.map((p) => `unknown field ${JSON.stringify(p)}`);
  if (unknown.length && req.validation === 'Strict' && (req.op === 'create' || req.op === 'update'))
    throw new StorageError(
      400,
      'BadRequest',
      `${req.bodyKind ?? req.info.kind} in version ${JSON.stringify(req.bodyVersion ?? req.info.gvr.version)} cannot be handled as a ${req.info.kind}: strict decoding error: ${unknown.join(', ')}`,
    );
  if (r.causes.length)
    throw invalid(req.info.gvr.group, req.info.kind, req.obj.metadata.name ?? '', r.causes);
  return { warnings: req.validation === 'Warn' ? unknown : [] };
}

/** Check (and prune) `req.obj`; throws the API server's error for a value of the wrong type. */
export function checkWrite(cat: SchemaCatalog | undefined, req: CheckRequest): CheckResult {
  const { info } = req;
  if (info.custom) return checkCustom(req);
  if (!cat) return NONE;
  const root = cat.kindName(info.gvr.group, info.gvr.version, info.kind);
  if (!root) return NONE;
  if (req.op === 'apply' && req.patch !== undefined) {
    const smd = walkObject(cat, root, structuredClone(req.patch), { prune: false })
      .map(smdMessage)
      .filter((m): m is string => m !== undefined);
    if (smd.length)
      throw new StorageError(
        500,
        '',
        `failed to create typed patch object ${objectRef(req)}: ${smd.length === 1 ? smd[0] : ['errors:', ...smd.map((m) => `  ${m}`)].join('\n')}`,
      );
  }
  const before = req.op === 'json-patch' || req.op === 'merge-patch' ? sortedJson(req.obj) : '';
  const findings = walkObject(cat, root, req.obj, { prune: true });
  const bad = findings.find((f) => f.kind !== 'unknown');
  const unknown = findings.filter((f) => f.kind === 'unknown');
  const strict = req.validation === 'Strict' && unknown.length > 0;
  const version = req.bodyVersion ?? info.gvr.version;
  switch (req.op) {
    case 'create':
    case 'update':
      if (bad || strict)
        throw new StorageError(
          400,
          'BadRequest',
          `${req.bodyKind ?? info.kind} in version ${JSON.stringify(version)} cannot be handled as a ${info.kind}: ${bad ? decodeMessage(bad) : strictMessage(unknown)}`,
        );
      break;
    case 'json-patch':
    case 'merge-patch':
      if (bad || strict) throw patchInvalid(before, bad ? decodeMessage(bad) : strictMessage(unknown));
      break;
    case 'strategic-patch':
      if (bad || strict)
        throw patchInvalid(goPrint(req.patch), bad ? unstructuredMessage(bad) : strictMessage(unknown));
      break;
    case 'apply':
      if (bad) throw new StorageError(500, '', unstructuredMessage(bad));
      break;
  }
  return { warnings: req.validation === 'Warn' ? unknown.map((f) => decodeMessage(f)) : [] };
}
