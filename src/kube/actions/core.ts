// The machinery every action shares: the read-only gate (checked before any request), the catch-all that
// turns anything thrown into a KubeError value, content types, and kubectl-style object names.
import { KubeError, toKubeError } from '../errors.js';
import { objectPath } from '../resource-path.js';
import type { Query, RequestOptions } from '../transport.js';
import type { ActionContext, ActionFailure, ActionResult, ActionTarget } from './types.js';

export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';
export const STRATEGIC_PATCH = 'application/strategic-merge-patch+json';

export function ok<T>(message: string, value: T): ActionResult<T> {
  return { ok: true, message, value };
}

export function failure(error: KubeError): ActionFailure {
  return { ok: false, error, message: error.message };
}

/** Run a read-only action: anything thrown becomes a failure value. */
export async function readAction<T>(body: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await body();
  } catch (e) {
    return failure(toKubeError(e));
  }
}

/** Run a mutating action: refused before any request in read-only mode; anything thrown becomes a failure. */
export async function mutatingAction<T>(ctx: ActionContext, verb: string, body: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  if (ctx.transport.readOnly) return failure(new KubeError('Forbidden', `read-only mode: ${verb} refused`));
  return readAction(body);
}

/** A write through the transport with `fieldManager` set (not for DELETE, which takes none). */
export function write<T>(ctx: ActionContext, path: string, opts: RequestOptions): Promise<T> {
  const query: Query = { ...opts.query };
  if (opts.method !== 'DELETE') query['fieldManager'] = ctx.fieldManager ?? 'kubedeck';
  return ctx.transport.request<T>(path, { ...opts, query });
}

export function patch<T>(ctx: ActionContext, t: ActionTarget, contentType: string, body: unknown, subresource?: string): Promise<T> {
  return write<T>(ctx, objectPath(t, t.name, subresource), { method: 'PATCH', contentType, body });
}

export function getObject<T>(ctx: ActionContext, t: ActionTarget): Promise<T> {
  return ctx.transport.request<T>(objectPath(t, t.name));
}

const SINGULAR: Record<string, string> = {
  ingresses: 'ingress',
  endpoints: 'endpoints',
  storageclasses: 'storageclass',
  networkpolicies: 'networkpolicy',
  ingressclasses: 'ingressclass',
  priorityclasses: 'priorityclass',
};

/** kubectl's `resource.group/name`: `deployment.apps/web`, `pod/web-1`, `node/n1`. */
export function displayName(t: ActionTarget): string {
  const singular = SINGULAR[t.plural] ?? (t.plural.endsWith('s') ? t.plural.slice(0, -1) : t.plural);
  return `${singular}${t.group ? `.${t.group}` : ''}/${t.name}`;
}

/** kubectl's `resource "name"` form used by delete: `pod "web-1"`. */
export function quotedName(t: ActionTarget): string {
  const slash = displayName(t).indexOf('/');
  return `${displayName(t).slice(0, slash)} "${t.name}"`;
}

/** kubectl's wording when restoring a revision's template was refused. */
export function restoreFailed(revision: number, e: unknown): KubeError {
  const k = toKubeError(e);
  return new KubeError(k.reason, `failed restoring revision ${revision}: ${k.detail}`, k.code !== undefined ? { code: k.code } : {});
}
