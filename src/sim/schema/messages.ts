// The words each of the API server's decoders uses for a value of the wrong type, from a walk finding:
// Go's encoding/json (create, update, JSON and merge patches), the unstructured converter (strategic
// merge patches) and structured-merge-diff (server-side apply).

import type { Finding } from './walk.js';
import { isPlainObject } from './types.js';

/** encoding/json's UnmarshalTypeError (or the custom unmarshaller's own error). */
export function decodeMessage(f: Finding): string {
  if (f.kind === 'unknown') return `unknown field ${JSON.stringify(f.where.strict)}`;
  if (f.kind === 'special') return f.message;
  const v = f.value;
  const what =
    typeof v === 'number'
      ? f.category === 'int'
        ? `number ${String(v)}`
        : 'number'
      : typeof v === 'string'
        ? 'string'
        : typeof v === 'boolean'
          ? 'bool'
          : Array.isArray(v)
            ? 'array'
            : 'object';
  return f.where.goField
    ? `json: cannot unmarshal ${what} into Go struct field ${f.where.goStruct}.${f.where.goField} of type ${f.goType}`
    : `json: cannot unmarshal ${what} into Go value of type ${f.goType}`;
}

/** The reflect kind of an unstructured value, as runtime.DefaultUnstructuredConverter names it. */
function reflectKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return Array.isArray(v) ? 'slice' : 'map';
}

/** runtime.DefaultUnstructuredConverter.FromUnstructured's error. */
export function unstructuredMessage(f: Finding): string {
  if (f.kind === 'unknown') return `unknown field ${JSON.stringify(f.where.strict)}`;
  if (f.kind === 'special') return f.message;
  const kind = reflectKind(f.value);
  const goType = f.goType;
  switch (f.category) {
    case 'struct':
      return `cannot restore struct from: ${kind}`;
    case 'slice':
    case 'bytes':
      return `cannot restore slice from ${kind}`;
    case 'map':
      return `cannot restore map from ${kind}`;
    case 'int':
      return kind === 'float64' ? `cannot convert float64 to ${goType}` : `unrecognized type: ${goType}`;
    case 'string':
      return kind === 'int64' ? 'cannot convert int64 to string' : 'unrecognized type: string';
    default:
      return `unrecognized type: ${goType}`;
  }
}

/** structured-merge-diff's validation error for a finding. */
export function smdMessage(f: Finding): string | undefined {
  const path = f.where.smd;
  if (f.kind === 'unknown') return `${path}: field not declared in schema`;
  if (f.kind === 'special') return undefined; // an untyped scalar to the merge; the decoder fails later
  const v = f.value;
  switch (f.category) {
    case 'int':
    case 'float':
      if (typeof v === 'number') return undefined; // numeric: the conversion after the merge decides
      return `${path}: expected numeric (int or float), got ${reflectKind(v) === 'map' ? 'map[string]interface {}' : reflectKind(v) === 'slice' ? '[]interface {}' : reflectKind(v)}`;
    case 'string':
    case 'bytes':
      return `${path}: expected string, got &value.valueUnstructured{Value:${goPrint(v)}}`;
    case 'bool':
      return `${path}: expected boolean, got &{${goPrint(v)}}`;
    case 'slice':
      return `${path}: expected list, got &{${goPrint(v)}}`;
    default:
      return `${path}: expected map, got &{${goPrint(v)}}`;
  }
}

/** Go's `%+v` of a value decoded from JSON into interface{} (maps print with sorted keys). */
export function goPrint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goPrint).join(' ')}]`;
  if (isPlainObject(v))
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goPrint(v[k])}`)
      .join(' ')}]`;
  return String(v);
}

/** JSON with object keys sorted, as Go re-encodes a map (the JSON and merge patch results). */
export function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (isPlainObject(v))
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${sortedJson(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}
