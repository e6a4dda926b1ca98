// The LimitRanger admission plugin (plugin/pkg/admission/limitranger): a pod's containers get the
// namespace's LimitRange defaults (`default` → limits, `defaultRequest` → requests; a limit without a
// request makes the request), recorded in the `kubernetes.io/limit-ranger` annotation; then the
// Container and Pod min/max constraints are checked, refusing the pod with the plugin's words.

import type { KObject, Pod } from '../../util/k8s.js';
import { LIMITRANGES } from '../resources.js';
import type { Storage } from '../storage/index.js';
import { formatQuantity, q } from './quantity.js';
import { arr } from '../auth/rbac.js';

type Resources = Record<string, string>;
interface LimitItem {
  type?: string;
  default?: Resources;
  defaultRequest?: Resources;
  max?: Resources;
  min?: Resources;
}
type LimitRange = KObject & { spec?: { limits?: LimitItem[] } };
type Container = NonNullable<Pod['spec']>['containers'][number];

function applyDefaults(c: Container, item: LimitItem, kind: string): string[] {
  const res = (c.resources ??= {});
  const setReq: string[] = [];
  const setLim: string[] = [];
  for (const [r, v] of Object.entries(item.default ?? {}))
    if (res.limits?.[r] === undefined) {
      (res.limits ??= {})[r] = v;
      setLim.push(r);
    }
  for (const [r, v] of Object.entries(item.defaultRequest ?? {}))
    if (res.requests?.[r] === undefined) {
      (res.requests ??= {})[r] = v;
      setReq.push(r);
    }
  // a limit without a request: the request is the limit (API defaulting, after the plugin)
  for (const [r, v] of Object.entries(res.limits ?? {}))
    if (res.requests?.[r] === undefined) (res.requests ??= {})[r] = v;
  const notes: string[] = [];
  if (setReq.length) notes.push(`${setReq.sort().join(', ')} request for ${kind} ${c.name}`);
  if (setLim.length) notes.push(`${setLim.sort().join(', ')} limit for ${kind} ${c.name}`);
  return notes;
}

function constraints(what: string, item: LimitItem, req: Resources, lim: Resources, errs: string[]): void {
  for (const [r, max] of Object.entries(item.max ?? {})) {
    if (lim[r] === undefined) errs.push(`maximum ${r} usage per ${what} is ${max}.  No limit is specified`);
    else if (q(lim[r]) > q(max))
      errs.push(`maximum ${r} usage per ${what} is ${max}, but limit is ${lim[r]}`);
    else if (req[r] !== undefined && q(req[r]) > q(max))
      errs.push(`maximum ${r} usage per ${what} is ${max}, but request is ${req[r]}`);
  }
  for (const [r, min] of Object.entries(item.min ?? {})) {
    if (req[r] === undefined) errs.push(`minimum ${r} usage per ${what} is ${min}.  No request is specified`);
    else if (q(req[r]) < q(min))
      errs.push(`minimum ${r} usage per ${what} is ${min}, but request is ${req[r]}`);
    else if (lim[r] !== undefined && q(lim[r]) < q(min))
      errs.push(`minimum ${r} usage per ${what} is ${min}, but limit is ${lim[r]}`);
  }
}

/** SetDefaults_LimitRangeItem: a Container item's default limit falls back to max, its default request to the default limit, then to min. */
export function defaultLimitRange(lr: KObject): void {
  for (const item of arr((lr as LimitRange).spec?.limits)) {
    if (item.type !== 'Container') continue;
    const dflt = (item.default ??= {});
    const req = (item.defaultRequest ??= {});
    for (const [r, v] of Object.entries(item.max ?? {})) dflt[r] ??= v;
    for (const [r, v] of Object.entries(dflt)) req[r] ??= v;
    for (const [r, v] of Object.entries(item.min ?? {})) req[r] ??= v;
  }
}

/** Apply the namespace's LimitRanges to a new pod; the error texts of what it violates (empty: fine). */
export function limitRangePod(storage: Storage, pod: Pod): string[] {
  const ranges = storage.list(LIMITRANGES, pod.metadata.namespace).items as LimitRange[];
  if (ranges.length === 0 || !pod.spec) return [];
  const spec = pod.spec;
  const notes: string[] = [];
  const errs: string[] = [];
  for (const lr of ranges)
    for (const item of arr(lr.spec?.limits)) {
      if (item.type !== 'Container') continue;
      for (const c of spec.initContainers ?? []) notes.push(...applyDefaults(c, item, 'init container'));
      for (const c of spec.containers) notes.push(...applyDefaults(c, item, 'container'));
    }
  for (const lr of ranges)
    for (const item of arr(lr.spec?.limits)) {
      const all = [...(spec.initContainers ?? []), ...spec.containers];
      if (item.type === 'Container')
        for (const c of all)
          constraints('Container', item, c.resources?.requests ?? {}, c.resources?.limits ?? {}, errs);
      if (item.type === 'Pod') {
        const sum = (key: 'requests' | 'limits'): Resources => {
          const out: Record<string, number> = {};
          for (const c of spec.containers)
            for (const [r, v] of Object.entries(c.resources?.[key] ?? {})) out[r] = (out[r] ?? 0) + q(v);
          return Object.fromEntries(
            Object.entries(out).map(([r, v]) => [r, formatQuantity(v, item.max?.[r] ?? item.min?.[r] ?? '')]),
          );
        };
        constraints('Pod', item, sum('requests'), sum('limits'), errs);
      }
    }
  if (notes.length)
    pod.metadata.annotations = {
      ...pod.metadata.annotations,
      'kubernetes.io/limit-ranger': `LimitRanger plugin set: ${notes.join('; ')}`,
    };
  return errs;
}
