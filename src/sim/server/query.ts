// Query parameters shared by list, get and watch: selectors → one predicate, Table options.

import type { KObject } from '../../util/k8s.js';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from '../../util/selector.js';
import type { ResourceInfo } from '../resources.js';
import type { IncludeObject } from './tables.js';

type Predicate = (o: KObject) => boolean;

export interface Query {
  match: Predicate;
  /** True when a label or field selector narrows the result (remainingItemCount is then omitted). */
  filtered: boolean;
  include: IncludeObject;
}

/** Build the predicate for a request, or an error message for a 400 BadRequest. */
export function parseQuery(
  params: URLSearchParams,
  info: ResourceInfo,
  namespace: string | undefined,
  name: string | undefined,
): Query | { error: string } {
  const ls = parseLabelSelector(params.get('labelSelector') ?? '');
  if (!ls.ok) return { error: ls.error };
  const fs = parseFieldSelector(params.get('fieldSelector') ?? '', info.fieldLabels);
  if (!fs.ok) return { error: fs.error };
  const includeRaw = params.get('includeObject') ?? 'Metadata';
  if (includeRaw !== 'None' && includeRaw !== 'Metadata' && includeRaw !== 'Object')
    return {
      error: `includeObject: Unsupported value: "${includeRaw}": supported values: "None", "Metadata", "Object"`,
    };
  const labelSel = ls.selector;
  const fieldSel = fs.selector;
  const match: Predicate = (o) =>
    (namespace === undefined || o.metadata.namespace === namespace) &&
    (name === undefined || o.metadata.name === name) &&
    matchesLabels(labelSel, o.metadata.labels) &&
    matchesFields(fieldSel, o);
  return {
    match,
    filtered: labelSel.requirements.length > 0 || fieldSel.requirements.length > 0 || name !== undefined,
    include: includeRaw,
  };
}

/** A non-negative integer query parameter; undefined when absent, NaN when malformed. */
export function intParam(params: URLSearchParams, key: string): number | undefined {
  const v = params.get(key);
  if (v === null || v === '') return undefined;
  return /^\d+$/.test(v) ? Number(v) : Number.NaN;
}

/**
 * A boolean query parameter as the API server converts it (apimachinery's Convert_Slice_string_To_bool):
 * absent, `0` or `false` in any case is false; anything else, even an empty value (`?watch`,
 * `?follow=`), `True` or `yes`, is true. Only the first value counts. The one place this rule is written:
 * list/watch, pods/log and exec/attach all use it.
 */
export function boolParam(params: URLSearchParams, key: string): boolean {
  const v = params.get(key);
  if (v === null) return false;
  return v !== '0' && v.toLowerCase() !== 'false';
}
