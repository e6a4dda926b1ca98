// PodLogOptions from the query string, validated as the API server does (ValidatePodLogOptions).

import type { StatusObject } from '../../util/k8s.js';
import { boolParam } from '../server/query.js';
import { parseRfc3339 } from './time.js';

export interface LogOptions {
  container: string | undefined;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines: number | undefined;
  /** Epoch ms from sinceSeconds or sinceTime. */
  sinceMs: number | undefined;
  limitBytes: number | undefined;
}

export interface OptionsError {
  code: 400 | 422;
  reason: 'BadRequest' | 'Invalid';
  message: string;
  details?: StatusObject['details'];
}

export function parseLogOptions(q: URLSearchParams, pod: string, now: number): LogOptions | OptionsError {
  const ints: Partial<Record<'tailLines' | 'sinceSeconds' | 'limitBytes', number>> = {};
  for (const k of ['tailLines', 'sinceSeconds', 'limitBytes'] as const) {
    const v = q.get(k);
    if (v === null || v === '') continue;
    if (!/^-?\d+$/.test(v))
      return { code: 400, reason: 'BadRequest', message: `${k}: Invalid value: "${v}": must be an integer` };
    ints[k] = Number(v);
  }
  const causes: { field: string; message: string }[] = [];
  if (ints.tailLines !== undefined && ints.tailLines < 0)
    causes.push({
      field: 'tailLines',
      message: `Invalid value: ${ints.tailLines}: must be greater than or equal to 0`,
    });
  if (ints.sinceSeconds !== undefined && ints.sinceSeconds < 1)
    causes.push({
      field: 'sinceSeconds',
      message: `Invalid value: ${ints.sinceSeconds}: must be greater than 0`,
    });
  if (ints.limitBytes !== undefined && ints.limitBytes < 1)
    causes.push({
      field: 'limitBytes',
      message: `Invalid value: ${ints.limitBytes}: must be greater than 0`,
    });
  const rawSince = q.get('sinceTime');
  let sinceTime: number | undefined;
  if (rawSince !== null && rawSince !== '') {
    sinceTime = parseRfc3339(rawSince);
    if (sinceTime === undefined)
      return {
        code: 400,
        reason: 'BadRequest',
        message: `parsing time "${rawSince}" as "2006-01-02T15:04:05Z07:00": cannot parse "${rawSince}" as "2006"`,
      };
    if (ints.sinceSeconds !== undefined)
      causes.push({
        field: '',
        message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
      });
  }
  if (causes.length > 0) {
    const text = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
    return {
      code: 422,
      reason: 'Invalid',
      message: `PodLogOptions "${pod}" is invalid: ${text.length > 1 ? `[${text.join(', ')}]` : (text[0] ?? '')}`,
      details: {
        name: pod,
        kind: 'PodLogOptions',
        causes: causes.map((c) => ({ reason: 'FieldValueInvalid', message: c.message, field: c.field })),
      },
    };
  }
  const container = q.get('container');
  return {
    container: container === null || container === '' ? undefined : container,
    follow: boolParam(q, 'follow'),
    previous: boolParam(q, 'previous'),
    timestamps: boolParam(q, 'timestamps'),
    tailLines: ints.tailLines,
    sinceMs: sinceTime ?? (ints.sinceSeconds !== undefined ? now - ints.sinceSeconds * 1000 : undefined),
    limitBytes: ints.limitBytes,
  };
}
