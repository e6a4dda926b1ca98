// apply an edited YAML (the `e` key): parse, refuse a changed kind/name/namespace, then PUT the object with
// the resourceVersion it was opened at, so a concurrent change is a 409 with a clear message rather than a
// silent overwrite.
import { load } from 'js-yaml';
import type { KObject } from '../../util/k8s.js';
import { KubeError } from '../errors.js';
import { objectPath } from '../resource-path.js';
import { displayName, mutatingAction, ok, write } from './core.js';
import { semanticEqual } from './template.js';
import type { ActionContext, ActionResult, ActionTarget } from './types.js';

export const NO_CHANGES = 'Edit cancelled, no changes made.';

interface YamlErrorLike {
  reason?: unknown;
  message?: unknown;
  mark?: { line?: unknown; column?: unknown };
}

/** Parse edited YAML into an object; a KubeError (Invalid) naming the line when it is not one. */
function parseEdited(text: string): KObject | KubeError {
  let doc: unknown;
  try {
    doc = load(text);
  } catch (e) {
    const y = (e ?? {}) as YamlErrorLike;
    const line = typeof y.mark?.line === 'number' ? y.mark.line + 1 : undefined;
    const reason = typeof y.reason === 'string' && y.reason ? y.reason : typeof y.message === 'string' ? y.message.split('\n')[0] : 'unparseable';
    return new KubeError('Invalid', `YAML ${line !== undefined ? `line ${line}` : 'error'}: ${reason}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return new KubeError('Invalid', 'the edited YAML must be one object (a mapping)');
  const meta = (doc as { metadata?: unknown }).metadata;
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return new KubeError('Invalid', 'the edited object has no metadata');
  return doc as KObject;
}

function withoutManagedFields(o: KObject): KObject {
  const rest = Object.fromEntries(Object.entries(o.metadata).filter(([k]) => k !== 'managedFields'));
  return { ...o, metadata: rest };
}

/** The object to PUT, or a KubeError when the edit changed what it is (kind, name, namespace). */
function prepareEdited(original: KObject, edited: KObject): KObject | KubeError {
  const om = original.metadata;
  const em = edited.metadata;
  if (original.kind && edited.kind !== undefined && edited.kind !== original.kind) {
    return new KubeError('Invalid', `the kind cannot be changed (was ${original.kind}, now ${String(edited.kind)})`);
  }
  if (em.name !== om.name) return new KubeError('Invalid', `the name cannot be changed (was "${om.name ?? ''}", now "${String(em.name ?? '')}")`);
  if (em.namespace !== undefined && (em.namespace || undefined) !== (om.namespace || undefined)) {
    return new KubeError('Invalid', `the namespace cannot be changed (was "${om.namespace ?? ''}", now "${String(em.namespace)}")`);
  }
  return {
    ...edited,
    apiVersion: edited.apiVersion ?? original.apiVersion,
    kind: edited.kind ?? original.kind,
    metadata: {
      ...em,
      ...(om.namespace ? { namespace: om.namespace } : {}),
      ...(om.resourceVersion !== undefined ? { resourceVersion: om.resourceVersion } : {}),
    },
  };
}

export function applyEdited(ctx: ActionContext, target: ActionTarget, original: KObject, editedYaml: string): Promise<ActionResult<KObject | undefined>> {
  return mutatingAction<KObject | undefined>(ctx, 'apply', async () => {
    const parsed = parseEdited(editedYaml);
    if (parsed instanceof KubeError) throw parsed;
    const obj = prepareEdited(original, parsed);
    if (obj instanceof KubeError) throw obj;
    if (semanticEqual(withoutManagedFields(obj), withoutManagedFields(original))) return ok(NO_CHANGES, undefined);
    // Like `kubectl edit`: send only what the user changed, as a merge patch, so the controllers'
    // concurrent status writes (which bump resourceVersion every few seconds) do not turn every edit
    // into a conflict. The user's own changes win over concurrent changes of the same fields.
    const patch = mergePatch(strip(original), strip(obj));
    if (patch === undefined) return ok(NO_CHANGES, undefined);
    const updated = await write<KObject>(ctx, objectPath(target, target.name), {
      method: 'PATCH',
      body: patch,
      contentType: 'application/merge-patch+json',
    });
    return ok(`${displayName(target)} edited`, updated);
  });
}

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Fields the server owns: never part of what an edit sends. */
function strip(o: KObject): Json {
  const c = structuredClone(o) as unknown as { metadata?: Record<string, unknown>; status?: unknown };
  if (c.metadata) for (const k of ['resourceVersion', 'managedFields', 'generation', 'uid', 'creationTimestamp']) delete c.metadata[k];
  delete c.status;
  return c as unknown as Json;
}

const isObj = (v: Json | undefined): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386 merge patch turning `a` into `b`; undefined when they are equal. Lists are replaced whole. */
export function mergePatch(a: Json, b: Json): Json | undefined {
  if (!isObj(a) || !isObj(b)) return JSON.stringify(a) === JSON.stringify(b) ? undefined : b;
  const out: { [k: string]: Json } = {};
  for (const k of Object.keys(a)) if (!(k in b)) out[k] = null;
  for (const [k, v] of Object.entries(b)) {
    if (!(k in a)) out[k] = v;
    else {
      const d = mergePatch(a[k] as Json, v);
      if (d !== undefined) out[k] = d;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
