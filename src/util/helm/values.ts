// Values of a release: what the user supplied (the record's `config`) and the computed ones (`helm get
// values --all`): the chart's default values with the user's merged over them, maps merged key by key,
// anything else replaced, and a user `null` removing the default (helm's chartutil coalescing).
import { dump } from 'js-yaml';
import type { ReleaseJson } from './codec.js';

type Values = Record<string, unknown>;
const isObject = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `user` over `defaults`, recursively for maps; a null in `user` deletes the key. */
export function coalesceValues(defaults: Values, user: Values): Values {
  const out: Values = { ...defaults };
  for (const [k, v] of Object.entries(user)) {
    if (v === null) delete out[k];
    else if (isObject(v) && isObject(out[k])) out[k] = coalesceValues(out[k], v);
    else out[k] = v;
  }
  return out;
}

/** Whether the record carries the chart's own values (needed for the computed ones). */
export const hasChartValues = (r: ReleaseJson): boolean => isObject(r.chart?.values);

/** The user-supplied values, or the computed ones (`all`), as YAML lines under helm's heading. */
export function valuesLines(r: ReleaseJson, all: boolean): string[] {
  const user = isObject(r.config) ? r.config : {};
  const values = all ? coalesceValues(isObject(r.chart?.values) ? r.chart.values : {}, user) : user;
  const body = Object.keys(values).length === 0 ? 'null' : dump(values, { lineWidth: -1, sortKeys: true }).trimEnd();
  return [all ? 'COMPUTED VALUES:' : 'USER-SUPPLIED VALUES:', ...body.split('\n')];
}
