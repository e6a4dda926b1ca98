// label and annotate: kubectl's `key=value` / `key-` arguments, sent as a merge patch of
// metadata.labels or metadata.annotations (a removed key is `null`).
import type { KObject } from '../../util/k8s.js';
import { labelKeyError, labelValueError } from '../../util/selector.js';
import { KubeError } from '../errors.js';
import { MERGE_PATCH, displayName, getObject, mutatingAction, ok, patch } from './core.js';
import type { ActionContext, ActionResult, ActionTarget } from './types.js';

type MetadataField = 'labels' | 'annotations';

export interface MetadataChanges {
  set: Record<string, string>;
  remove: string[];
}

export interface MetadataOptions {
  /** Replace values that already exist (default true; kubectl's default is false). */
  overwrite?: boolean;
}

/** Parse `a=b c- d=` (a string split on whitespace, or a list); a KubeError (Invalid) explains bad input. */
function parseMetadataChanges(field: MetadataField, input: string | readonly string[]): MetadataChanges | KubeError {
  const args = typeof input === 'string' ? input.split(/\s+/).filter(Boolean) : input.map((s) => s.trim()).filter(Boolean);
  const what = field === 'labels' ? 'label' : 'annotation';
  if (args.length === 0) return new KubeError('Invalid', `at least one ${what} update is required (key=value or key-)`);
  const out: MetadataChanges = { set: {}, remove: [] };
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const key = eq >= 0 ? arg.slice(0, eq) : arg.endsWith('-') ? arg.slice(0, -1) : undefined;
    if (key === undefined) return new KubeError('Invalid', `"${arg}" is not a valid ${what} update (key=value or key-)`);
    const keyErr = labelKeyError(key);
    if (keyErr) return new KubeError('Invalid', keyErr.replace('label key', `${what} key`));
    if (eq < 0) {
      out.remove.push(key);
      continue;
    }
    const value = arg.slice(eq + 1);
    if (field === 'labels') {
      const valueErr = labelValueError(value);
      if (valueErr) return new KubeError('Invalid', valueErr);
    }
    if (key in out.set || out.remove.includes(key)) return new KubeError('Invalid', `${what} "${key}" is given more than once`);
    out.set[key] = value;
  }
  for (const k of out.remove) {
    if (k in out.set) return new KubeError('Invalid', `cannot modify and remove ${what} "${k}" in the same command`);
  }
  return out;
}

function updateMetadata(
  ctx: ActionContext,
  field: MetadataField,
  target: ActionTarget,
  input: string | readonly string[],
  opts: MetadataOptions,
): Promise<ActionResult<MetadataChanges>> {
  const verb = field === 'labels' ? 'label' : 'annotate';
  return mutatingAction(ctx, verb, async () => {
    const changes = parseMetadataChanges(field, input);
    if (changes instanceof KubeError) throw changes;
    if (opts.overwrite === false) {
      const cur = (await getObject<KObject>(ctx, target)).metadata[field] ?? {};
      for (const [k, v] of Object.entries(changes.set)) {
        const old = cur[k];
        if (old !== undefined && old !== v) throw new KubeError('Invalid', `'${k}' already has a value (${old}), and overwrite is off`);
      }
    }
    const values: Record<string, string | null> = { ...changes.set };
    for (const k of changes.remove) values[k] = null;
    await patch(ctx, target, MERGE_PATCH, { metadata: { [field]: values } });
    return ok(`${displayName(target)} ${field === 'labels' ? 'labeled' : 'annotated'}`, changes);
  });
}

export function label(ctx: ActionContext, target: ActionTarget, changes: string | readonly string[], opts: MetadataOptions = {}): Promise<ActionResult<MetadataChanges>> {
  return updateMetadata(ctx, 'labels', target, changes, opts);
}

export function annotate(ctx: ActionContext, target: ActionTarget, changes: string | readonly string[], opts: MetadataOptions = {}): Promise<ActionResult<MetadataChanges>> {
  return updateMetadata(ctx, 'annotations', target, changes, opts);
}
