// Validation of a custom resource against its CRD version's openAPIV3Schema, as the apiextensions
// server does it: unknown fields are pruned (unless x-kubernetes-preserve-unknown-fields), nulls in
// non-nullable fields dropped, then type, enum, bounds, pattern, length, items and required are checked
// and reported with kube-openapi's words (`spec.size in body must be of type integer: "string"`).

import type { StatusCause } from '../storage/index.js';
import { isPlainObject } from './types.js';
import type { Schema } from './types.js';

export interface StructuralResult {
  causes: StatusCause[];
  /** Fields dropped because the schema does not declare them (strict path form). */
  pruned: string[];
}

/** kube-openapi's name of a JSON value's type. */
function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return Array.isArray(v) ? 'array' : 'object';
}

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'object':
      return isPlainObject(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    default:
      return true;
  }
}

/** field.Error's rendering of a bad value: %q for strings, %v for numbers and booleans, JSON otherwise. */
function badValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  return JSON.stringify(v);
}

const invalid = (field: string, v: unknown, detail: string): StatusCause => ({
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${badValue(v)}: ${detail}`,
  field,
});

function checkScalar(s: Schema, v: unknown, path: string, causes: StatusCause[]): void {
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v)))
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${badValue(v)}: supported values: ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`,
      field: path,
    });
  if (typeof v === 'string') {
    const len = [...v].length;
    if (s.maxLength !== undefined && len > s.maxLength)
      causes.push({
        reason: 'FieldValueTooLong',
        message: `Too long: may not be more than ${s.maxLength} bytes`,
        field: path,
      });
    if (s.minLength !== undefined && len < s.minLength)
      causes.push(invalid(path, v, `${path} in body should be at least ${s.minLength} chars long`));
    if (typeof s.pattern === 'string') {
      let re: RegExp | undefined;
      try {
        re = new RegExp(s.pattern, 'u');
      } catch {
        re = undefined;
      }
      if (re && !re.test(v)) causes.push(invalid(path, v, `${path} in body should match '${s.pattern}'`));
    }
  }
  if (typeof v === 'number') {
    if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum))
      causes.push(
        invalid(
          path,
          v,
          `${path} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`,
        ),
      );
    if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum))
      causes.push(
        invalid(
          path,
          v,
          `${path} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`,
        ),
      );
  }
}

const ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/** Validate (and prune, in place) a custom resource against its version's openAPIV3Schema. */
export function validateStructural(schema: Schema, obj: Record<string, unknown>): StructuralResult {
  const causes: StatusCause[] = [];
  const pruned: string[] = [];
  const walk = (s: Schema, v: unknown, path: string, root: boolean): void => {
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    if (s['x-kubernetes-int-or-string']) {
      if (!(typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))))
        causes.push({
          reason: 'FieldValueTypeInvalid',
          message: `Invalid value: ${JSON.stringify(typeName(v))}: ${path} in body must be of type integer,string: ${JSON.stringify(typeName(v))}`,
          field: path,
        });
      return;
    }
    if (typeof s.type === 'string' && !typeOk(s.type, v)) {
      causes.push({
        reason: 'FieldValueTypeInvalid',
        message: `Invalid value: ${JSON.stringify(typeName(v))}: ${path} in body must be of type ${s.type}: ${JSON.stringify(typeName(v))}`,
        field: path,
      });
      return;
    }
    if (Array.isArray(v)) {
      if (s.maxItems !== undefined && v.length > s.maxItems)
        causes.push({
          reason: 'FieldValueTooMany',
          message: `Too many: ${v.length}: must have at most ${s.maxItems} items`,
          field: path,
        });
      if (s.minItems !== undefined && v.length < s.minItems)
        causes.push(invalid(path, v, `${path} in body should have at least ${s.minItems} items`));
      const items = s.items;
      if (items) v.forEach((x, i) => visit(items, x, `${path}[${i}]`, v, i));
      return;
    }
    if (!isPlainObject(v)) {
      checkScalar(s, v, path, causes);
      return;
    }
    if (Array.isArray(s.enum)) checkScalar(s, v, path, causes);
    const props = s.properties;
    const extra = s.additionalProperties;
    const embedded = s['x-kubernetes-embedded-resource'] === true;
    for (const k of Object.keys(v)) {
      const child = path ? `${path}.${k}` : k;
      if ((root || embedded) && ROOT_FIELDS.has(k)) {
        if (k !== 'metadata' && props?.[k]) visit(props[k], v[k], child, v, k);
        continue;
      }
      const ps = props?.[k] ?? (isPlainObject(extra) ? extra : undefined);
      if (ps) visit(ps, v[k], child, v, k);
      else if (
        !preserve &&
        extra !== true &&
        (props !== undefined || extra !== undefined || s.type === 'object')
      ) {
        pruned.push(child);
        delete v[k];
      }
    }
    for (const r of s.required ?? [])
      if (v[r] === undefined)
        causes.push({
          reason: 'FieldValueRequired',
          message: 'Required value',
          field: path ? `${path}.${r}` : r,
        });
  };
  const visit = (
    s: Schema,
    v: unknown,
    path: string,
    parent: Record<string, unknown> | unknown[],
    key: string | number,
  ): void => {
    if (v === null && s.nullable !== true) {
      // the apiextensions decoder drops nulls the schema does not allow
      if (Array.isArray(parent)) return;
      delete (parent as Record<string, unknown>)[key as string];
      return;
    }
    if (v === null) return;
    walk(s, v, path, false);
  };
  walk(schema, obj, '', true);
  return { causes, pruned };
}
